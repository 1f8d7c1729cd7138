package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.spi.StorageException;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume data file is replaced atomically, read with a bound, and reports I/O failures typed. */
class ResumeDataFileTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBack() {
        ResumeDataFile file = new ResumeDataFile(dir.resolve("t.resume"));
        assertThat(file.read()).as("nothing written yet").isEmpty();
        file.write(bytes("first"));
        assertThat(file.read()).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("first")));
        file.write(bytes("second, longer"));
        file.write(bytes("3rd"));
        assertThat(file.read()).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("3rd")));
        assertThat(siblings()).containsExactly("t.resume");
        file.delete();
        assertThat(file.read()).isEmpty();
        file.delete();
    }

    @Test
    void readsAtMostTheBound() {
        ResumeDataFile file = new ResumeDataFile(dir.resolve("t.resume"), 10);
        file.write(new byte[10]);
        assertThat(file.read()).hasValueSatisfying(b -> assertThat(b).hasSize(10));
        file.write(new byte[11]);
        assertThatThrownBy(file::read).isInstanceOfSatisfying(InvalidResumeDataException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidResumeDataException.Reason.TOO_LARGE));
    }

    @Test
    void readingRemovesWhatAnInterruptedWriteLeft() throws IOException {
        ResumeDataFile file = new ResumeDataFile(dir.resolve("t.resume"));
        file.write(bytes("good"));
        // What a crash between creating and renaming the temporary file leaves behind.
        Files.write(Files.createTempFile(dir, "t.resume.", ".tmp"), bytes("half"));
        Files.write(dir.resolve("t.resume.12345.tmp"), bytes("half"));
        Files.write(dir.resolve("other.resume.1.tmp"), bytes("another torrent's"));
        Files.write(dir.resolve("t.resume.backup.tmp"), bytes("the user's"));
        assertThat(file.read()).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("good")));
        assertThat(siblings()).containsExactly("other.resume.1.tmp", "t.resume", "t.resume.backup.tmp");
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("t.resume");
        ResumeDataFile file = new ResumeDataFile(target);
        // A non-empty directory where the file should be: the rename over it fails.
        Files.createDirectories(target.resolve("occupied"));
        assertThatThrownBy(() -> file.write(bytes("new"))).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.operation()).isEqualTo(StorageException.Operation.RESUME_DATA);
            assertThat(e.path()).contains(target);
        });
        assertThat(siblings()).containsExactly("t.resume");
        assertThat(target.resolve("occupied")).isDirectory();
    }

    @Test
    void aMissingDirectoryIsAStorageError() {
        ResumeDataFile file = new ResumeDataFile(dir.resolve("absent/t.resume"));
        assertThatThrownBy(() -> file.write(bytes("x"))).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.FILE_NOT_FOUND));
        assertThat(file.read()).isEmpty();
    }

    @Test
    void aFullFileSystemIsDiskFullAndKeepsTheOldContent() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path mount = Files.createDirectory(dir.resolve("small"));
        ProcessRunner.Result mounted = ProcessRunner.run(List.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                mount.toString()), dir, Duration.ofSeconds(30));
        Assumptions.assumeTrue(mounted.exitCode() == 0, "cannot mount a tmpfs here: " + mounted.stderr());
        try {
            ResumeDataFile file = new ResumeDataFile(mount.resolve("t.resume"));
            file.write(bytes("old"));
            assertThatThrownBy(() -> file.write(new byte[256 * 1024])).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.DISK_FULL));
            assertThat(file.read()).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("old")));
            try (Stream<Path> left = Files.list(mount)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("t.resume");
            }
        } finally {
            ProcessRunner.run(List.of("umount", mount.toString()), dir, Duration.ofSeconds(30)).assertSuccess();
        }
    }

    @Test
    void ioErrorsMapToStorageReasons() {
        assertThat(ResumeDataFile.reasonOf(new AccessDeniedException("/x"))).isEqualTo(StorageException.Reason.PERMISSION_DENIED);
        assertThat(ResumeDataFile.reasonOf(new NoSuchFileException("/x"))).isEqualTo(StorageException.Reason.FILE_NOT_FOUND);
        assertThat(ResumeDataFile.reasonOf(new IOException("No space left on device"))).isEqualTo(StorageException.Reason.DISK_FULL);
        assertThat(ResumeDataFile.reasonOf(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo(StorageException.Reason.READ_ONLY_FILE_SYSTEM);
        assertThat(ResumeDataFile.reasonOf(new IOException("Disk quota exceeded"))).isEqualTo(StorageException.Reason.DISK_FULL);
        assertThat(ResumeDataFile.reasonOf(new IOException("Input/output error"))).isEqualTo(StorageException.Reason.IO_ERROR);
        assertThat(ResumeDataFile.reasonOf(new IOException())).isEqualTo(StorageException.Reason.IO_ERROR);
    }

    private List<String> siblings() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
