package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The default storage writes and reads a torrent's bytes where its layout says, and nowhere else. */
class DefaultTorrentStorageTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path dir;

    private final FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults());

    /** Many small files, empty ones, a file over several pieces and a short last piece. */
    private Content manyFiles(TorrentVersion version) {
        List<Object> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add("small/s" + i);
            files.add(i * 97 % 3000 + 1);
        }
        files.addAll(List.of("empty-a", 0, "big", 3 * PIECE + 12_345, "sub/dir/empty-b", 0, "tail", 777));
        return Content.create(dir.resolve("originals"), "many", version, PIECE, 11, files.toArray());
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void everyPieceWrittenInRandomBlockOrderReadsBackAndVerifies(TorrentVersion version) throws IOException {
        Content content = manyFiles(version);
        Path save = dir.resolve("save");
        int last = content.layout.pieceCount() - 1;
        if (version == TorrentVersion.V1) {
            assertThat(content.layout.pieceSize(last)).as("a short last piece").isLessThan(PIECE);
        }
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            storage.initialize();
            content.writeAll(storage, 5);

            PieceVerifier verifier = new PieceVerifier(content.layout);
            for (int p = 0; p < content.layout.pieceCount(); p++) {
                ByteBuffer piece = Content.read(storage, content.layout, p);
                assertThat(piece.remaining()).as("piece %d", p).isEqualTo(content.layout.pieceSize(p));
                assertThat(piece).isEqualTo(content.piece(p));
                assertThat(verifier.verify(p, piece)).as("piece %d", p).isEqualTo(PieceVerifier.Result.PASSED);
            }
        }
        for (int i = 0; i < content.layout.fileCount(); i++) {
            FileEntry f = content.layout.file(i);
            Path written = save.resolve(f.path());
            if (f.pad()) {
                assertThat(written).as("pad files are never written (BEP 47)").doesNotExist();
            } else {
                assertThat(Files.readAllBytes(written)).as(f.path()).isEqualTo(content.original(i));
            }
        }
        assertThat(save.resolve("many/empty-a")).isEmptyFile();
        assertThat(save.resolve("many/sub/dir/empty-b")).isEmptyFile();
        if (version != TorrentVersion.V1) {
            assertThat(content.torrent.files()).as("hybrids and v2 torrents have pad files").anyMatch(FileEntry::pad);
        }
    }

    @Test
    void padRangesReadAsZeros() {
        Content content = manyFiles(TorrentVersion.HYBRID);
        FileLayout layout = content.layout;
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, dir.resolve("save")))) {
            content.writeAll(storage, 1);
            for (int p = 0; p < layout.pieceCount(); p++) {
                ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(p));
                // Dirty the buffer first: pad ranges must be written as zeros, not skipped.
                data.put(new byte[data.capacity()]).clear();
                java.util.Arrays.fill(data.array(), (byte) 0x5a);
                assertThat(storage.read(p, 0, data)).isEqualTo(layout.pieceSize(p));
                int offset = 0;
                for (FileSlice s : layout.map(p, 0, layout.pieceSize(p))) {
                    if (s.pad()) {
                        for (int k = offset; k < offset + s.length(); k++) {
                            assertThat(data.get(k)).isZero();
                        }
                    }
                    offset += s.length();
                }
            }
        }
    }

    @Test
    void filesAreCreatedOnlyWhenAWriteTouchesThemAndSparse() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "sparse", TorrentVersion.V1, PIECE, 3,
                "a", 1000, "huge", 64 * PIECE, "z", 1000);
        Path save = dir.resolve("save");
        FileLayout layout = content.layout;
        int huge = content.indexOf("sparse/huge");
        int lastOfHuge = layout.pieceRange(huge)[1];
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            assertThat(save).as("opening creates nothing").doesNotExist();
            // The last block of the huge file, which the piece shares with nothing before it.
            int block = layout.blockCount(lastOfHuge) - 1;
            content.writeBlock(storage, lastOfHuge, block);
        }
        assertThat(save.resolve("sparse/a")).as("never written").doesNotExist();
        Path file = save.resolve("sparse/huge");
        assertThat(Files.size(file)).as("the file reaches its last write").isGreaterThan(63L * PIECE);
        assertThat(allocatedBytes(file)).as("sparse: only the written block has storage")
                .isLessThan(8L * FileLayout.BLOCK_SIZE);
    }

    @Test
    void readsOfMissingOrShortFilesAreShortNotErrors() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "short", TorrentVersion.V1, PIECE, 4,
                "a", PIECE / 2, "b", 2 * PIECE);
        Path save = dir.resolve("save");
        FileLayout layout = content.layout;
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(0));
            assertThat(storage.read(0, 0, data)).as("nothing there yet, not even the save path").isZero();
            Files.createDirectories(save.resolve("short"));
            Files.write(save.resolve("short/a"), content.original(0));
            Files.write(save.resolve("short/b"), new byte[100]);
            data.clear();
            assertThat(storage.read(0, 0, data)).isEqualTo(PIECE / 2 + 100);
            data.clear();
            assertThat(storage.read(1, 0, data)).as("past the end of a short file").isZero();
        }
    }

    @Test
    void aPlantedSymlinkLeadingOutOfTheSavePathIsNeverWrittenThrough() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 5,
                "a", 1000, "b", 1000);
        Path save = Files.createDirectories(dir.resolve("save"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(save.resolve("t"), outside);
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            assertThatThrownBy(() -> content.writePiece(storage, 0))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH));
            ByteBuffer data = ByteBuffer.allocate(content.layout.pieceSize(0));
            assertThatThrownBy(() -> storage.read(0, 0, data))
                    .as("nor read through: that would upload files from elsewhere")
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH));
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aFileThatIsItselfASymlinkOutIsRefused() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 5,
                "a", 1000, "b", 1000);
        Path save = Files.createDirectories(dir.resolve("save/t"));
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Files.createSymbolicLink(save.resolve("a"), victim);
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, dir.resolve("save")))) {
            assertThatThrownBy(() -> content.writePiece(storage, 0))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH));
        }
        assertThat(victim).hasContent("keep");
    }

    @Test
    void aSymlinkThatStaysInsideIsFollowed() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 5,
                "a", 1000, "b", 1000);
        Path save = Files.createDirectories(dir.resolve("save"));
        Files.createDirectories(save.resolve("elsewhere-inside"));
        Files.createSymbolicLink(save.resolve("t"), save.resolve("elsewhere-inside"));
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            content.writeAll(storage, 2);
        }
        assertThat(save.resolve("elsewhere-inside/a")).hasBinaryContent(content.original(0));
    }

    @Test
    void bep47SymlinksAreCreatedRelativeAndInsideTheSavePath() throws IOException {
        TorrentInfo torrent = TorrentInfo.parse(SymlinkTorrents.withLinks(
                "to-data", "data", "to-dir", "sub", "escape", "../../../etc/passwd"));
        Path save = dir.resolve("save");
        try (TorrentStorage storage = factory.open(StorageParams.of(torrent, save))) {
            storage.initialize();
            storage.initialize(); // a second call changes nothing and does not fail
        }
        Path link = save.resolve("t/to-data");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link).isAbsolute()).as("relative, so it survives a move").isFalse();
        assertThat(link.getParent().resolve(Files.readSymbolicLink(link)).normalize()).isEqualTo(save.resolve("t/data"));
        assertThat(save.resolve("t/to-dir").getParent().resolve(Files.readSymbolicLink(save.resolve("t/to-dir")))
                .normalize()).isEqualTo(save.resolve("t/sub"));
        // The metadata's sanitizer already drops "..": the hostile target lands inside.
        Path escape = save.resolve("t/escape");
        assertThat(escape.getParent().resolve(Files.readSymbolicLink(escape)).normalize().startsWith(save)).isTrue();
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> !p.startsWith(save))).allMatch(p -> p.equals(dir));
        }
    }

    @Test
    void renamedFilesMoveAndAreFoundUnderTheirNewName() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 6,
                "a", 40_000, "b", 30_000);
        Path save = dir.resolve("save");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            content.writeAll(storage, 1);
            storage.renameFile(0, "renamed/first");
            assertThat(save.resolve("t/a")).doesNotExist();
            assertThat(save.resolve("renamed/first")).hasBinaryContent(content.original(0));
            assertThat(Content.read(storage, content.layout, 0)).isEqualTo(content.piece(0));
            for (String hostile : List.of("../escape", "/etc/passwd", "a/../../x", "")) {
                assertThatThrownBy(() -> storage.renameFile(1, hostile)).as(hostile)
                        .isInstanceOfSatisfying(StorageException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH));
            }
        }
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    @Test
    void deleteFilesRemovesTheTorrentsFilesAndEmptyDirectoriesOnly() throws IOException {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 7,
                "d1/a", 40_000, "d2/deep/b", 30_000, "d3/c", 100);
        Path save = dir.resolve("save");
        Path stranger = save.resolve("t/d3/not-ours");
        List<Integer> priorities = List.of(4, 0, 4);
        try (TorrentStorage storage = factory.open(new StorageParams(content.torrent, save, priorities))) {
            content.writeAll(storage, 1);
            Files.writeString(stranger, "mine");
            assertThat(((DefaultTorrentStorage) storage).partFilePath()).exists();
            storage.deleteFiles();
            assertThat(((DefaultTorrentStorage) storage).partFilePath()).doesNotExist();
        }
        assertThat(save.resolve("t/d1")).doesNotExist();
        assertThat(save.resolve("t/d2")).doesNotExist();
        assertThat(stranger).hasContent("mine");
        assertThat(save).isDirectory();
    }

    @Test
    void aClosedStorageRefusesEverything() {
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.V1, PIECE, 8, "a", 100);
        TorrentStorage storage = StorageFactory.files().open(StorageParams.of(content.torrent, dir.resolve("save")));
        storage.close();
        storage.close();
        assertThatThrownBy(() -> content.writePiece(storage, 0))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
        assertThatThrownBy(() -> storage.read(0, 0, ByteBuffer.allocate(10)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
    }

    /** Bytes the file system allocated to a file, from {@code stat} (the JDK does not say). */
    static long allocatedBytes(Path file) {
        String out = ProcessRunner.run(List.of("stat", "-c", "%b %B", file.toString()), null, Duration.ofSeconds(30))
                .assertSuccess().stdout().strip();
        String[] parts = out.split(" ");
        return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
    }
}
