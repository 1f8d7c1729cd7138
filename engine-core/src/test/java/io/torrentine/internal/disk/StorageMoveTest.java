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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a torrent's storage is all or nothing, on one file system and across two (a tmpfs the
 * test mounts), and the save path changes only when the move succeeded.
 */
class StorageMoveTest {
    private static final int PIECE = 64 * 1024;
    private static TmpfsMount roomy;
    private static TmpfsMount tiny;

    @TempDir
    Path dir;

    private final FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults());

    @BeforeAll
    static void mount() {
        roomy = TmpfsMount.mount("8m");
        tiny = TmpfsMount.mount("1m");
    }

    @AfterAll
    static void unmount() {
        if (roomy != null) {
            roomy.close();
        }
        if (tiny != null) {
            tiny.close();
        }
    }

    @BeforeEach
    void emptyMounts() {
        roomy.clear();
        tiny.clear();
    }

    private Content content() {
        return Content.create(dir.resolve("originals"), "t", TorrentVersion.HYBRID, PIECE, 31,
                "one/a", 600_000, "two/deep/b", 600_000, "c", 300_000, "empty", 0);
    }

    @Test
    void aMoveWithinAFileSystemRenamesEveryFileAndRemovesTheOldDirectories() throws IOException {
        Content content = content();
        Path save = dir.resolve("save");
        Path target = dir.resolve("new/deeper");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            storage.initialize();
            content.writeAll(storage, 1);
            storage.moveStorage(target);
            assertThat(storage.savePath()).isEqualTo(target);
            assertAllPiecesVerify(storage, content);
        }
        assertFilesAt(target, content);
        assertThat(target.resolve("t/empty")).isEmptyFile();
        assertThat(save).as("the save path itself stays, emptied of the torrent").isEmptyDirectory();
    }

    @Test
    void aMoveAcrossFileSystemsCopiesSparseAndDeletesTheOriginals() throws IOException {
        Content content = content();
        Path save = dir.resolve("save");
        Path target = roomy.path().resolve("moved");
        int b = content.indexOf("t/two/deep/b");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            content.writeAll(storage, 2);
            // Leave a hole: rewrite b as a file that has only its last block.
            Files.delete(save.resolve("t/two/deep/b"));
            storage.releaseFiles();
            try (var ch = java.nio.channels.FileChannel.open(save.resolve("t/two/deep/b"),
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content.original(b), 590_000, 10_000), 590_000);
            }
            storage.moveStorage(target);
            assertThat(storage.savePath()).isEqualTo(target);
        }
        assertThat(save.resolve("t")).doesNotExist();
        assertThat(target.resolve("t/one/a")).hasBinaryContent(content.original(content.indexOf("t/one/a")));
        assertThat(Files.size(target.resolve("t/two/deep/b"))).isEqualTo(600_000);
        assertThat(DefaultTorrentStorageTest.allocatedBytes(target.resolve("t/two/deep/b")))
                .as("the hole stayed a hole").isLessThan(100_000);
    }

    @Test
    void aMoveThatFailsHalfWayPutsEverythingBackAndKeepsTheSavePath() throws IOException {
        Content content = content();
        Path save = dir.resolve("save");
        Path target = tiny.path().resolve("too-small");
        // c unwanted: the pieces it shares with its neighbours put bytes in the part file.
        java.util.List<Integer> priorities = new java.util.ArrayList<>(
                java.util.Collections.nCopies(content.torrent.files().size(), 4));
        priorities.set(content.indexOf("t/c"), 0);
        try (DefaultTorrentStorage storage = factory.open(new StorageParams(content.torrent, save, priorities))) {
            storage.initialize();
            content.writeAll(storage, 3);
            assertThat(storage.partFilePath()).exists();
            Map<String, byte[]> before = snapshot(save);

            assertThatThrownBy(() -> storage.moveStorage(target))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.MOVE_FAILED);
                        assertThat(e.getCause()).hasMessageContaining("No space left on device");
                    });

            assertThat(storage.savePath()).isEqualTo(save);
            assertThat(snapshot(save)).as("every file back, byte for byte")
                    .containsOnlyKeys(before.keySet())
                    .allSatisfy((path, bytes) -> assertThat(bytes).as(path).isEqualTo(before.get(path)));
            assertThat(tiny.path()).as("nothing left at the destination").isEmptyDirectory();
            assertAllPiecesVerify(storage, content);
            content.writePiece(storage, 0); // and the storage goes on working
        }
    }

    @Test
    void anExistingFileAtTheDestinationFailsTheMoveAndIsLeftAlone() throws IOException {
        Content content = content();
        Path save = dir.resolve("save");
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("t"));
        Files.writeString(target.resolve("t/c"), "not yours");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            storage.initialize();
            content.writeAll(storage, 4);
            assertThatThrownBy(() -> storage.moveStorage(target))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MOVE_FAILED));
            assertThat(storage.savePath()).isEqualTo(save);
            assertAllPiecesVerify(storage, content);
        }
        assertThat(target.resolve("t/c")).hasContent("not yours");
        assertFilesAt(save, content);
        try (Stream<Path> s = Files.walk(target)) {
            assertThat(s.filter(Files::isRegularFile)).containsExactly(target.resolve("t/c"));
        }
    }

    private static void assertAllPiecesVerify(TorrentStorage storage, Content content) {
        PieceVerifier verifier = new PieceVerifier(content.layout);
        for (int p = 0; p < content.layout.pieceCount(); p++) {
            assertThat(verifier.verify(p, Content.read(storage, content.layout, p))).as("piece %d", p)
                    .isEqualTo(PieceVerifier.Result.PASSED);
        }
    }

    private static void assertFilesAt(Path save, Content content) {
        for (int i = 0; i < content.layout.fileCount(); i++) {
            if (!content.layout.file(i).pad()) {
                assertThat(save.resolve(content.layout.file(i).path())).hasBinaryContent(content.original(i));
            }
        }
    }

    /** Every file and link under a directory, by relative path, with its bytes (or link text). */
    static Map<String, byte[]> snapshot(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p)) {
                    files.put(root.relativize(p) + " ->", Files.readSymbolicLink(p).toString().getBytes());
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(root.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
