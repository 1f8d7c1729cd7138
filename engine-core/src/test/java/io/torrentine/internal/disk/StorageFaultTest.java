package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a real file system become typed errors of the torrent concerned: a full disk and a
 * read-only mount (tmpfs mounts made by the test), a file removed or truncated under us, and
 * permission refused. Other torrents' storage goes on, and pieces written before stay readable.
 */
class StorageFaultTest {
    private static final int PIECE = 64 * 1024;
    private static TmpfsMount small;
    private static TmpfsMount readOnly;

    @TempDir
    Path dir;

    private final FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults());

    @BeforeAll
    static void mount() {
        small = TmpfsMount.mount("2m");
        readOnly = TmpfsMount.mount("4m");
    }

    @AfterAll
    static void unmount() {
        if (small != null) {
            small.close();
        }
        if (readOnly != null) {
            readOnly.close();
        }
    }

    private Content content(String name, int bytes) {
        return Content.create(dir.resolve("originals-" + name), name, TorrentVersion.V1, PIECE, name.hashCode(),
                "a", bytes / 2, "b", bytes - bytes / 2);
    }

    @Test
    void aFullDiskIsDiskFullForThatTorrentOnlyAndEarlierPiecesStay() {
        Content big = content("big", 3 << 20);
        Content other = content("other", 1 << 20);
        try (TorrentStorage full = factory.open(StorageParams.of(big.torrent, small.path().resolve("s")));
             TorrentStorage fine = factory.open(StorageParams.of(other.torrent, dir.resolve("elsewhere")))) {
            List<Integer> written = new ArrayList<>();
            StorageException failure = null;
            for (int p = 0; p < big.layout.pieceCount() && failure == null; p++) {
                try {
                    big.writePiece(full, p);
                    written.add(p);
                } catch (StorageException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("3 MiB do not fit in 2 MiB").isNotNull();
            assertThat(failure.reason()).isEqualTo(Reason.DISK_FULL);
            assertThat(failure.operation()).isEqualTo(StorageException.Operation.WRITE);
            assertThat(failure.fileIndex()).isPresent();
            assertThat(written).isNotEmpty();

            PieceVerifier verifier = new PieceVerifier(big.layout);
            for (int p : written) {
                assertThat(verifier.verify(p, Content.read(full, big.layout, p))).as("piece %d written before", p)
                        .isEqualTo(PieceVerifier.Result.PASSED);
            }
            other.writeAll(fine, 1);
            PieceVerifier otherVerifier = new PieceVerifier(other.layout);
            for (int p = 0; p < other.layout.pieceCount(); p++) {
                assertThat(otherVerifier.verify(p, Content.read(fine, other.layout, p))).isEqualTo(PieceVerifier.Result.PASSED);
            }
        } finally {
            small.clear();
        }
    }

    @Test
    void aReadOnlyFileSystemIsReadOnlyAndReadsGoOn() {
        Content content = content("ro", 512 * 1024);
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, readOnly.path().resolve("s")))) {
            content.writePiece(storage, 0);
            // A remount read-only is refused while a file is open for writing.
            storage.releaseFiles();
            readOnly.remountReadOnly();
            try {
                assertThatThrownBy(() -> content.writePiece(storage, 1))
                        .isInstanceOfSatisfying(StorageException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.READ_ONLY_FILE_SYSTEM));
                int lastOfB = content.layout.pieceCount() - 1;
                assertThatThrownBy(() -> content.writePiece(storage, lastOfB)).as("creating a file")
                        .isInstanceOfSatisfying(StorageException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.READ_ONLY_FILE_SYSTEM));
                assertThat(new PieceVerifier(content.layout).verify(0, Content.read(storage, content.layout, 0)))
                        .isEqualTo(PieceVerifier.Result.PASSED);
            } finally {
                readOnly.remountReadWrite();
            }
            content.writePiece(storage, 1);
        } finally {
            readOnly.clear();
        }
    }

    @Test
    void aFileRemovedUnderUsIsFileNotFoundThenRecreatedOnTheNextWrite() throws IOException {
        Content content = content("gone", 512 * 1024);
        Path save = dir.resolve("save");
        // One handle at most: every file switch reopens, as a busy engine's pool would.
        FileStorageFactory oneHandle = new FileStorageFactory(StorageOptions.defaults().withMaxOpenFiles(1));
        try (TorrentStorage storage = oneHandle.open(StorageParams.of(content.torrent, save))) {
            content.writeAll(storage, 1);
            Files.delete(save.resolve("gone/a"));
            int lastPiece = content.layout.pieceCount() - 1;
            Content.read(storage, content.layout, lastPiece); // b's handle evicts a's
            assertThatThrownBy(() -> Content.read(storage, content.layout, 0))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.FILE_NOT_FOUND);
                        assertThat(e.fileIndex()).hasValue(0);
                    });
            assertThat(new PieceVerifier(content.layout).verify(lastPiece, Content.read(storage, content.layout, lastPiece)))
                    .as("the other file is fine").isEqualTo(PieceVerifier.Result.PASSED);
            assertThatThrownBy(() -> content.writePiece(storage, 1)).as("its earlier pieces are lost: say so")
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.FILE_NOT_FOUND));
            content.writePiece(storage, 0); // once told, the engine may write it anew
            assertThat(new PieceVerifier(content.layout).verify(0, Content.read(storage, content.layout, 0)))
                    .isEqualTo(PieceVerifier.Result.PASSED);
        }
    }

    @Test
    void aFileTruncatedUnderUsIsFileTruncatedOnRead() throws IOException {
        Content content = content("cut", 512 * 1024);
        Path save = dir.resolve("save");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            content.writeAll(storage, 2);
            try (FileChannel ch = FileChannel.open(save.resolve("cut/a"), StandardOpenOption.WRITE)) {
                ch.truncate(PIECE + 100);
            }
            PieceVerifier verifier = new PieceVerifier(content.layout);
            assertThat(verifier.verify(0, Content.read(storage, content.layout, 0))).isEqualTo(PieceVerifier.Result.PASSED);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> Content.read(storage, content.layout, 2)).as("attempt %d", attempt)
                        .isInstanceOfSatisfying(StorageException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.FILE_TRUNCATED);
                            assertThat(e.fileIndex()).hasValue(0);
                        });
            }
        }
    }

    @Test
    void aFileTheSystemRefusesIsPermissionDenied() throws IOException {
        Content content = content("locked", 256 * 1024);
        Path save = dir.resolve("save");
        Files.createDirectories(save.resolve("locked"));
        Path a = Files.write(save.resolve("locked/a"), new byte[0]);
        // Root ignores file modes, but not the immutable attribute (EPERM).
        ProcessRunner.Result lock = ProcessRunner.run(List.of("chattr", "+i", a.toString()), null, Duration.ofSeconds(30));
        Assumptions.assumeTrue(lock.exitCode() == 0,
                "chattr +i not possible here (" + lock.stderr().strip() + "); theJdksErrorsMapToReasons covers the mapping");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            assertThatThrownBy(() -> content.writePiece(storage, 0))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED));
        } finally {
            ProcessRunner.run(List.of("chattr", "-i", a.toString()), null, Duration.ofSeconds(30)).assertSuccess();
        }
    }

    @Test
    void theJdksErrorsMapToReasons() {
        assertThat(StorageErrors.reasonOf(new AccessDeniedException("f"))).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(StorageErrors.reasonOf(new FileSystemException("f", null, "Operation not permitted")))
                .isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(StorageErrors.reasonOf(new IOException("No space left on device"))).isEqualTo(Reason.DISK_FULL);
        assertThat(StorageErrors.reasonOf(new IOException("Disk quota exceeded"))).isEqualTo(Reason.DISK_FULL);
        assertThat(StorageErrors.reasonOf(new FileSystemException("f", null, "Read-only file system")))
                .isEqualTo(Reason.READ_ONLY_FILE_SYSTEM);
        assertThat(StorageErrors.reasonOf(new ReadOnlyFileSystemException())).isEqualTo(Reason.READ_ONLY_FILE_SYSTEM);
        assertThat(StorageErrors.reasonOf(new NoSuchFileException("f"))).isEqualTo(Reason.FILE_NOT_FOUND);
        assertThat(StorageErrors.reasonOf(new IOException("Input/output error"))).isEqualTo(Reason.IO_ERROR);
        assertThat(StorageErrors.reasonOf(new IOException())).isEqualTo(Reason.IO_ERROR);
        StorageException wrapped = StorageErrors.of(new IllegalStateException("odd"), StorageException.Operation.READ, 3, null);
        assertThat(wrapped.reason()).isEqualTo(Reason.IO_ERROR);
        assertThat(wrapped.fileIndex()).hasValue(3);
    }
}
