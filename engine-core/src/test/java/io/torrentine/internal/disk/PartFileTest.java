package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File priorities: the bytes of wanted pieces that fall into an unwanted file go to the part file
 * instead of creating that file, and move into the file when it becomes wanted.
 */
class PartFileTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path dir;

    private final FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults());

    /** Three files; the middle one straddles pieces it shares with both neighbours. */
    private Content content() {
        return Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 21,
                "a", PIECE + 1000, "b/middle", 2 * PIECE + 5000, "c", PIECE + 7);
    }

    @Test
    void anUnwantedFileIsNeverCreatedAndItsSharedBytesLiveInThePartFileUntilWanted() throws IOException {
        Content content = content();
        FileLayout layout = content.layout;
        int middle = content.indexOf("t/b/middle");
        Path save = dir.resolve("save");
        List<Integer> priorities = List.of(4, 0, 4);
        try (DefaultTorrentStorage storage = factory.open(new StorageParams(content.torrent, save, priorities))) {
            // The engine downloads the pieces that touch a wanted file: here every piece, since
            // the middle file shares its first and last piece with its neighbours.
            content.writeAll(storage, 3);
            assertThat(save.resolve("t/b/middle")).as("priority 0: never created").doesNotExist();
            assertThat(save.resolve("t/b")).doesNotExist();
            Path part = storage.partFilePath();
            assertThat(part).exists().hasFileName("." + content.torrent.infoHashes().id().toHex() + ".parts");
            assertThat(part.getParent()).isEqualTo(save.toAbsolutePath());
            PieceVerifier verifier = new PieceVerifier(layout);
            for (int p = 0; p < layout.pieceCount(); p++) {
                ByteBuffer piece = Content.read(storage, layout, p);
                assertThat(verifier.verify(p, piece)).as("piece %d read back through the part file", p)
                        .isEqualTo(PieceVerifier.Result.PASSED);
            }

            storage.setFilePriorities(List.of(4, 4, 4));

            assertThat(save.resolve("t/b/middle")).hasBinaryContent(content.original(middle));
            assertThat(part).as("empty, so removed").doesNotExist();
            for (int p = 0; p < layout.pieceCount(); p++) {
                assertThat(verifier.verify(p, Content.read(storage, layout, p))).isEqualTo(PieceVerifier.Result.PASSED);
            }
        }
        assertThat(save.resolve("t/a")).hasBinaryContent(content.original(0));
    }

    @Test
    void thePartFileKeepsOnlyPiecesStillNeededAndSurvivesAReopen() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 22,
                "a", PIECE / 2, "x", PIECE, "y", PIECE, "z", PIECE / 2);
        FileLayout layout = content.layout;
        Path save = dir.resolve("save");
        List<Integer> priorities = List.of(4, 0, 0, 4);
        Path part;
        try (DefaultTorrentStorage storage = factory.open(new StorageParams(content.torrent, save, priorities))) {
            content.writeAll(storage, 4);
            part = storage.partFilePath();
            assertThat(part).exists();
        }
        // A new storage over the same save path (the engine restarted) finds the kept bytes.
        try (DefaultTorrentStorage storage = factory.open(new StorageParams(content.torrent, save, priorities))) {
            PieceVerifier verifier = new PieceVerifier(layout);
            for (int p = 0; p < layout.pieceCount(); p++) {
                assertThat(verifier.verify(p, Content.read(storage, layout, p))).as("piece %d", p)
                        .isEqualTo(PieceVerifier.Result.PASSED);
            }
            long before = Files.size(part);
            storage.setFilePriorities(List.of(4, 4, 0, 4));
            assertThat(save.resolve("t/x")).hasBinaryContent(content.original(1));
            assertThat(save.resolve("t/y")).doesNotExist();
            assertThat(part).as("y still needs its slots").exists();
            assertThat(Files.size(part)).isLessThanOrEqualTo(before);
            for (int p = 0; p < layout.pieceCount(); p++) {
                assertThat(verifier.verify(p, Content.read(storage, layout, p))).isEqualTo(PieceVerifier.Result.PASSED);
            }
            storage.setFilePriorities(List.of(4, 4, 4, 4));
            assertThat(save.resolve("t/y")).hasBinaryContent(content.original(2));
            assertThat(part).doesNotExist();
        }
    }

    @Test
    void aFileSetToZeroAfterItExistsKeepsBeingWrittenInPlace() throws IOException {
        Content content = content();
        Path save = dir.resolve("save");
        try (DefaultTorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            content.writePiece(storage, 1); // creates the middle file
            storage.setFilePriorities(List.of(4, 0, 4));
            content.writeAll(storage, 5);
            assertThat(save.resolve("t/b/middle")).hasBinaryContent(content.original(1));
            assertThat(storage.partFilePath()).as("libtorrent's rule: an existing file is not moved aside").doesNotExist();
        }
    }

    @Test
    void deleteAndMoveTakeThePartFileAlong() throws IOException {
        Content content = content();
        Path save = dir.resolve("save");
        try (DefaultTorrentStorage storage = factory.open(new StorageParams(content.torrent, save, List.of(4, 0, 4)))) {
            content.writeAll(storage, 6);
            Path newSave = dir.resolve("moved");
            storage.moveStorage(newSave);
            assertThat(storage.partFilePath()).exists().startsWith(newSave);
            assertThat(save.resolve(storage.partFilePath().getFileName())).doesNotExist();
            PieceVerifier verifier = new PieceVerifier(content.layout);
            for (int p = 0; p < content.layout.pieceCount(); p++) {
                assertThat(verifier.verify(p, Content.read(storage, content.layout, p))).isEqualTo(PieceVerifier.Result.PASSED);
            }
            storage.deleteFiles();
            assertThat(storage.partFilePath()).doesNotExist();
            assertThat(newSave).isEmptyDirectory();
        }
    }
}
