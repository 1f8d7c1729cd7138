package io.torrentine.internal.disk;

import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A small {@code tmpfs} mounted by a test, for faults a real file system gives (disk full, read
 * only) and for moves across file systems. Mounting needs root, which the tests have here and
 * in CI; where it is impossible a test is skipped locally and fails under {@code CI=true}.
 */
final class TmpfsMount implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Path directory;
    private boolean mounted;

    private TmpfsMount(Path directory) {
        this.directory = directory;
    }

    /**
     * Mounts a tmpfs of {@code size} (e.g. {@code 8m}) on a new directory under the system's
     * temporary directory (not under a {@code @TempDir}, whose cleanup would trip on the mount).
     */
    static TmpfsMount mount(String size) {
        Path dir;
        try {
            dir = Files.createTempDirectory("torrentine-tmpfs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TmpfsMount mount = new TmpfsMount(dir);
        ProcessRunner.Result r = ProcessRunner.run(
                List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()), null, TIMEOUT);
        if (r.exitCode() != 0) {
            mount.deleteDirectory();
            String message = "cannot mount a tmpfs (root needed): " + r.stderr().strip();
            if (ExternalTool.isCi()) {
                Assertions.fail(message + " (CI=true: these tests must run)");
            }
            Assumptions.abort(message + "; skipped outside CI");
        }
        mount.mounted = true;
        return mount;
    }

    Path path() {
        return directory;
    }

    /** Remounts read-only; fails if a file on it is open for writing. */
    void remountReadOnly() {
        ProcessRunner.run(List.of("mount", "-o", "remount,ro", directory.toString()), null, TIMEOUT).assertSuccess();
    }

    void remountReadWrite() {
        ProcessRunner.run(List.of("mount", "-o", "remount,rw", directory.toString()), null, TIMEOUT).assertSuccess();
    }

    /** Deletes everything on the mount (it stays mounted). */
    void clear() {
        ProcessRunner.run(List.of("find", directory.toString(), "-mindepth", "1", "-delete"), null, TIMEOUT)
                .assertSuccess();
    }

    @Override
    public void close() {
        if (mounted) {
            ProcessRunner.Result r = ProcessRunner.run(List.of("umount", directory.toString()), null, TIMEOUT);
            if (r.exitCode() != 0) {
                // Still busy (a handle a failed test left open): detach it so nothing leaks.
                ProcessRunner.run(List.of("umount", "-l", directory.toString()), null, TIMEOUT).assertSuccess();
            }
            mounted = false;
        }
        deleteDirectory();
    }

    private void deleteDirectory() {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
