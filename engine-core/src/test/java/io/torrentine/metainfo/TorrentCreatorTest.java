package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.Span;
import io.torrentine.metainfo.TorrentCreationException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Torrent creation: the metainfo of v1 (BEP 3), v2 (BEP 52) and hybrid (BEP 47 pad files)
 * torrents, checked field by field against hashes this test computes on its own, and against
 * facts from libtorrent's test corpus.
 */
class TorrentCreatorTest {
    private static final int BLOCK = 16 * 1024;
    private static final int KIB = 1024;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- libtorrent corpus facts

    /**
     * libtorrent's test torrents {@code v2_multipiece_file.torrent} and {@code v2_only.torrent}
     * describe {@code test1MB}: 1 MiB of zeros (its v1 piece hashes are those of zero pieces) in
     * 64 KiB pieces. MANIFEST.tsv gives its root and info-hashes; our creator must produce the
     * same info dictionaries (BEP 52 info-hash).
     */
    @Test
    void oneMebibyteOfZerosMatchesLibtorrentCorpus() throws IOException {
        Path file = dir.resolve("test1MB");
        Files.write(file, new byte[1 << 20]);

        CreatedTorrent hybrid = creator(file).pieceSize(64 * KIB).build().create();
        assertThat(hybrid.infoHashes().v2()).contains(Sha256Hash.fromHex(
                "108ac2c3718ce722e6896edc56c4afa98f1d711ecaace7aad74fca418ebd03de"));
        assertThat(root(info(hybrid), "test1MB")).isEqualTo(Sha256Hash.fromHex(
                "515ea9181744b817744ded9d2e8e9dc6a8450c0b0c52e24b5077f302ffbd9008"));
        assertThat(pieceLayers(hybrid)).hasSize(1);

        CreatedTorrent v2 = creator(file).pieceSize(64 * KIB).version(TorrentVersion.V2)
                .build().create();
        assertThat(v2.infoHashes()).isEqualTo(InfoHashes.ofV2(Sha256Hash.fromHex(
                "95e04d0c4bad94ab206efa884666fd89777dbe4f7bd9945af1829037a85c6192")));
    }

    /** libtorrent's {@code v2.torrent}: {@code test64K}, 64 KiB of zeros, one 64 KiB piece. */
    @Test
    void sixtyFourKibibytesOfZerosMatchesLibtorrentCorpus() throws IOException {
        Path file = dir.resolve("test64K");
        Files.write(file, new byte[64 * KIB]);

        CreatedTorrent torrent = creator(file).pieceSize(64 * KIB).build().create();

        assertThat(torrent.infoHashes().v2()).contains(Sha256Hash.fromHex(
                "597b180c1a170a585dfc5e85d834d69013ceda174b8f357d5bb1a0ca509faf0a"));
        assertThat(root(info(torrent), "test64K")).isEqualTo(Sha256Hash.fromHex(
                "60aae9c7b428f87e0713e88229e18f0adf12cd7b22a0dd8a92bb2485eb7af242"));
        // BEP 52: piece layers only for files larger than one piece.
        assertThat(pieceLayers(torrent)).isEmpty();
        assertThat(bytes(info(torrent), "pieces")).isEqualTo(sha1(new byte[64 * KIB]));
    }

    // ---------------------------------------------------------------- single file

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void singleFileHasTheBep3AndBep52Layout(TorrentVersion version) throws IOException {
        byte[] content = random(100_000, 1);
        Path file = write("movie.bin", content);

        CreatedTorrent torrent = creator(file).version(version).pieceSize(32 * KIB).build()
                .create();
        BDictionary info = info(torrent);

        assertThat(text(info, "name")).isEqualTo("movie.bin");
        assertThat(info.getLong("piece length")).contains(32L * KIB);
        assertThat(torrent.pieceCount()).isEqualTo(4);
        assertThat(torrent.fileCount()).isEqualTo(1);
        assertThat(torrent.totalSize()).isEqualTo(100_000);
        assertThat(info.get("files")).isEmpty();
        if (version.hasV1()) {
            assertThat(info.getLong("length")).contains(100_000L);
            // The last piece is short: 100000 - 3 * 32768 = 1696 bytes, no padding (BEP 3).
            assertThat(bytes(info, "pieces")).isEqualTo(v1Pieces(content, 32 * KIB));
        } else {
            assertThat(info.keys()).doesNotContain(BString.of("pieces"), BString.of("length"));
        }
        if (version.hasV2()) {
            assertThat(info.getLong("meta version")).contains(2L);
            BDictionary entry = fileEntry(info, "movie.bin");
            assertThat(entry.getLong("length")).contains(100_000L);
            assertThat(root(info, "movie.bin").toByteArray())
                    .isEqualTo(merkleRoot(content, 32 * KIB));
            assertThat(pieceLayers(torrent).get(BString.of(root(info, "movie.bin").toByteArray())))
                    .isEqualTo(BString.of(pieceLayer(content, 32 * KIB)));
        } else {
            assertThat(info.keys()).doesNotContain(BString.of("file tree"),
                    BString.of("meta version"));
            assertThat(torrent(torrent).keys()).doesNotContain(BString.of("piece layers"));
        }
        assertThat(torrent.infoHashes().hasV1()).isEqualTo(version.hasV1());
        assertThat(torrent.infoHashes().hasV2()).isEqualTo(version.hasV2());
    }

    @Test
    void infoHashesAreTheHashesOfTheExactInfoBytes() throws IOException {
        Path file = write("a", random(70_000, 2));
        CreatedTorrent torrent = creator(file).addTracker("http://127.0.0.1:1/announce")
                .comment("c").build().create();

        byte[] bytes = torrent.bytes();
        BValue info = ((BDictionary) BencodeDecoder.strict().decode(bytes)).get("info").orElseThrow();
        Span span = info.span().orElseThrow();
        byte[] infoBytes = Arrays.copyOfRange(bytes, span.offset(), span.end());

        assertThat(torrent.infoHashes()).isEqualTo(InfoHashes.ofHybrid(
                Sha1Hash.of(sha1(infoBytes)), Sha256Hash.of(sha256(infoBytes))));
        assertThat(torrent.infoHashes().id()).isEqualTo(torrent.infoHashes().v1().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 64 * KIB - 1, 64 * KIB,
        64 * KIB + 1, 200_000, 5 * 64 * KIB})
    void merkleRootsAndPieceLayersMatchAnIndependentTree(int size) throws IOException {
        byte[] content = random(size, size);
        Path file = write("f", content);

        CreatedTorrent torrent = creator(file).version(TorrentVersion.V2).pieceSize(64 * KIB)
                .build().create();
        BDictionary info = info(torrent);

        byte[] expectedRoot = merkleRoot(content, 64 * KIB);
        assertThat(root(info, "f").toByteArray()).isEqualTo(expectedRoot);
        Map<BString, BValue> layers = pieceLayers(torrent);
        if (size > 64 * KIB) {
            assertThat(layers).containsOnlyKeys(BString.of(expectedRoot));
            assertThat(layers.get(BString.of(expectedRoot)))
                    .isEqualTo(BString.of(pieceLayer(content, 64 * KIB)));
        } else {
            assertThat(layers).isEmpty();
        }
    }

    @Test
    void aFileOfExactlyOnePieceHasOnePieceHashAndNoPieceLayer() throws IOException {
        byte[] content = random(32 * KIB, 3);
        Path file = write("one", content);

        CreatedTorrent torrent = creator(file).pieceSize(32 * KIB).build().create();
        BDictionary info = info(torrent);

        assertThat(torrent.pieceCount()).isEqualTo(1);
        assertThat(bytes(info, "pieces")).isEqualTo(sha1(content));
        assertThat(root(info, "one").toByteArray()).isEqualTo(merkleRoot(content, 32 * KIB));
        assertThat(pieceLayers(torrent)).isEmpty();
    }

    @Test
    void aFileSmallerThanAPieceIsPaddedToAPowerOfTwoBlocksNotToThePiece() throws IOException {
        // BEP 52 and libtorrent: 3 blocks make a 4-leaf tree even in 1 MiB pieces.
        byte[] content = random(3 * BLOCK, 4);
        Path file = write("small", content);

        CreatedTorrent torrent = creator(file).version(TorrentVersion.V2).pieceSize(1 << 20)
                .build().create();

        byte[][] leaves = {sha256(Arrays.copyOfRange(content, 0, BLOCK)),
            sha256(Arrays.copyOfRange(content, BLOCK, 2 * BLOCK)),
            sha256(Arrays.copyOfRange(content, 2 * BLOCK, 3 * BLOCK)), new byte[32]};
        byte[] expected = sha256(concat(sha256(concat(leaves[0], leaves[1])),
                sha256(concat(leaves[2], leaves[3]))));
        assertThat(root(info(torrent), "small").toByteArray()).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- folders

    @Test
    void folderIsWalkedInLibtorrentOrderWithHiddenAndEmptyFiles() throws IOException {
        Path root = dir.resolve("album");
        write("album/b.txt", random(10, 5));
        write("album/a/z", random(20, 6));
        write("album/a.txt", random(30, 7));
        write("album/.hidden", random(40, 8));
        write("album/B", random(50, 9));
        write("album/a/deep/er/file", random(60, 10));
        write("album/empty", new byte[0]);

        CreatedTorrent torrent = creator(root).version(TorrentVersion.V1).build().create();

        // Component by component in unsigned UTF-8 order: "a/..." sorts before "a.txt".
        assertThat(v1Paths(info(torrent))).containsExactly(".hidden", "B", "a/deep/er/file",
                "a/z", "a.txt", "b.txt", "empty");
        assertThat(torrent.fileCount()).isEqualTo(7);
        assertThat(text(info(torrent), "name")).isEqualTo("album");
    }

    @Test
    void v1PiecesSpanFileBoundariesWithoutPadding() throws IOException {
        byte[] a = random(40_000, 11);
        byte[] b = random(5, 12);
        byte[] c = random(70_000, 13);
        write("d/a", a);
        write("d/b", b);
        write("d/c", c);
        write("d/sub/empty", new byte[0]);

        CreatedTorrent torrent = creator(dir.resolve("d")).version(TorrentVersion.V1)
                .pieceSize(32 * KIB).build().create();
        BDictionary info = info(torrent);

        byte[] all = concat(a, b, c);
        assertThat(bytes(info, "pieces")).isEqualTo(v1Pieces(all, 32 * KIB));
        assertThat(torrent.pieceCount()).isEqualTo((all.length + 32 * KIB - 1) / (32 * KIB));
        assertThat(list(info, "files")).allSatisfy(f ->
                assertThat(((BDictionary) f).get("attr")).isEmpty());
    }

    @Test
    void hybridPadsEveryFileToAPieceBoundaryAsLibtorrentDoes() throws IOException {
        byte[] a = random(40_000, 14);
        byte[] b = random(32 * KIB, 15);
        byte[] c = random(5, 16);
        write("d/a", a);
        write("d/b", b);
        write("d/c", c);
        write("d/d-empty", new byte[0]);
        write("d/e", random(1, 17));
        write("d/f-empty", new byte[0]);

        CreatedTorrent torrent = creator(dir.resolve("d")).pieceSize(32 * KIB).build().create();
        BDictionary info = info(torrent);
        List<BValue> files = list(info, "files");

        // BEP 47: a pad after each file that does not end on a piece boundary, the last one
        // included (libtorrent 2.0's tail pad); none after an aligned or empty file.
        assertThat(describe(files)).containsExactly(
                "a 40000", "p .pad/25536 25536",
                "b 32768",
                "c 5", "p .pad/32763 32763",
                "d-empty 0",
                "e 1", "p .pad/32767 32767",
                "f-empty 0");
        // v1 hashes the pads as zeros: each file is hashed on its own, zero-filled to a piece.
        byte[] space = concat(a, new byte[25536], b, c, new byte[32763], random(1, 17),
                new byte[32767]);
        assertThat(bytes(info, "pieces")).isEqualTo(v1Pieces(space, 32 * KIB));
        assertThat(torrent.pieceCount()).isEqualTo(5);
        // v2 describes the same files without pads, and empty files without a root.
        BDictionary tree = info.getDictionary("file tree").orElseThrow();
        assertThat(tree.keys()).extracting(BString::asUtf8)
                .containsExactlyInAnyOrder("a", "b", "c", "d-empty", "e", "f-empty");
        assertThat(fileEntry(info, "d-empty").keys()).containsExactly(BString.of("length"));
        assertThat(root(info, "a").toByteArray()).isEqualTo(merkleRoot(a, 32 * KIB));
        assertThat(root(info, "b").toByteArray()).isEqualTo(merkleRoot(b, 32 * KIB));
        assertThat(pieceLayers(torrent)).containsOnlyKeys(BString.of(merkleRoot(a, 32 * KIB)));
    }

    @Test
    void v2FolderHasANestedFileTreeAndNoV1Keys() throws IOException {
        byte[] deep = random(100_000, 18);
        write("t/x/y/deep.bin", deep);
        write("t/top", random(10, 19));
        write("t/zz-empty", new byte[0]);

        CreatedTorrent torrent = creator(dir.resolve("t")).version(TorrentVersion.V2)
                .pieceSize(16 * KIB).build().create();
        BDictionary info = info(torrent);

        assertThat(info.keys()).extracting(BString::asUtf8)
                .containsExactlyInAnyOrder("file tree", "meta version", "name", "piece length");
        assertThat(root(info, "x", "y", "deep.bin").toByteArray())
                .isEqualTo(merkleRoot(deep, 16 * KIB));
        assertThat(fileEntry(info, "zz-empty").keys()).containsExactly(BString.of("length"));
        // v2 pieces: 7 for deep.bin (100000 / 16384 rounded up) and 1 for top.
        assertThat(torrent.pieceCount()).isEqualTo(8);
        assertThat(pieceLayers(torrent)).containsOnlyKeys(BString.of(merkleRoot(deep, 16 * KIB)));
    }

    @Test
    void executableFilesGetAttributeXUnlessDisabled() throws IOException {
        Path tool = write("p/tool", random(10, 20));
        write("p/data", random(10, 21));
        Assumptions.assumeTrue(tool.getFileSystem().supportedFileAttributeViews()
                .contains("posix"), "POSIX permissions");
        Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(tool));
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        Files.setPosixFilePermissions(tool, permissions);

        BDictionary info = info(creator(dir.resolve("p")).build().create());
        assertThat(describe(list(info, "files"))).containsExactly(
                "data 10", "p .pad/16374 16374", "x tool 10", "p .pad/16374 16374");
        assertThat(fileEntry(info, "tool").getString("attr")).contains(BString.of("x"));

        BDictionary plain = info(creator(dir.resolve("p")).executableAttribute(false).build()
                .create());
        assertThat(describe(list(plain, "files"))).doesNotContain("x tool 10");
        assertThat(fileEntry(plain, "tool").get("attr")).isEmpty();

        // A single executable file: attr in the v1 info dictionary only, as libtorrent does.
        BDictionary single = info(creator(tool).build().create());
        assertThat(single.getString("attr")).contains(BString.of("x"));
        assertThat(fileEntry(single, "tool").get("attr")).isEmpty();
    }

    @Test
    void symbolicLinksAreFollowedAndDanglingOnesSkipped() throws IOException {
        byte[] target = random(1000, 22);
        Path outside = write("outside.bin", target);
        Path root = Files.createDirectories(dir.resolve("links"));
        write("links/real", random(10, 23));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("dangling"), dir.resolve("nowhere"));

        CreatedTorrent torrent = creator(root).version(TorrentVersion.V1).build().create();

        assertThat(v1Paths(info(torrent))).containsExactly("link", "real");
        assertThat(bytes(info(torrent), "pieces"))
                .isEqualTo(v1Pieces(concat(target, random(10, 23)), 16 * KIB));
    }

    @Test
    void aSymbolicLinkLoopIsRejected() throws IOException {
        Path root = Files.createDirectories(dir.resolve("loop/inner"));
        write("loop/file", random(10, 24));
        Files.createSymbolicLink(root.resolve("back"), dir.resolve("loop"));

        assertReason(() -> creator(dir.resolve("loop")).build().create(),
                Reason.SOURCE_UNREADABLE);
    }

    @Test
    void sameContentAndOptionsGiveTheSameBytes() throws IOException {
        write("r/1", random(50_000, 25));
        write("r/2/3", random(70_000, 26));

        byte[] first = creator(dir.resolve("r")).hashThreads(1).omitCreationDate().build()
                .create().bytes();
        byte[] second = creator(dir.resolve("r")).hashThreads(3).omitCreationDate().build()
                .create().bytes();

        assertThat(second).isEqualTo(first);
    }

    // ---------------------------------------------------------------- piece size

    @ParameterizedTest
    @ValueSource(ints = {0, 8 * KIB, 48 * KIB + 1, 3 * 16 * KIB, 512 * 1024 * 1024})
    void v2AndHybridNeedAPowerOfTwoPieceSizeOfAtLeast16KiB(int size) throws IOException {
        Path file = write("f", random(10, 27));
        if (size == 0) {
            // 0 is "automatic", not an error.
            assertThat(creator(file).pieceSize(0).build().create().pieceLength())
                    .isEqualTo(16 * KIB);
            return;
        }
        for (TorrentVersion version : List.of(TorrentVersion.V2, TorrentVersion.HYBRID)) {
            assertReason(() -> creator(file).version(version).pieceSize(size).build(),
                    Reason.INVALID_PIECE_SIZE);
        }
    }

    @Test
    void v1AcceptsMultiplesOf16KiBOnly() throws IOException {
        byte[] content = random(200_000, 28);
        Path file = write("f", content);

        CreatedTorrent torrent = creator(file).version(TorrentVersion.V1).pieceSize(48 * KIB)
                .build().create();
        assertThat(bytes(info(torrent), "pieces")).isEqualTo(v1Pieces(content, 48 * KIB));

        for (int size : new int[] {-16 * KIB, 20_000, 8 * KIB, 512 * 1024 * 1024}) {
            assertReason(() -> creator(file).version(TorrentVersion.V1).pieceSize(size).build(),
                    Reason.INVALID_PIECE_SIZE);
        }
    }

    @Test
    void automaticPieceSizeFollowsLibtorrent20() {
        assertThat(TorrentCreator.automaticPieceSize(1)).isEqualTo(16 * KIB);
        assertThat(TorrentCreator.automaticPieceSize(2_684_355L)).isEqualTo(16 * KIB);
        assertThat(TorrentCreator.automaticPieceSize(2_684_356L)).isEqualTo(32 * KIB);
        assertThat(TorrentCreator.automaticPieceSize(1L << 30)).isEqualTo(512 * KIB);
        assertThat(TorrentCreator.automaticPieceSize(10_995_116_278L)).isEqualTo(1 << 20);
        assertThat(TorrentCreator.automaticPieceSize(10_995_116_279L)).isEqualTo(2 << 20);
        assertThat(TorrentCreator.automaticPieceSize(Long.MAX_VALUE)).isEqualTo(16 << 20);
    }

    @Test
    void automaticPieceSizeIsUsedByDefault() throws IOException {
        Path file = write("f", random(3_000_000, 29));

        CreatedTorrent torrent = creator(file).build().create();

        assertThat(torrent.pieceLength()).isEqualTo(32 * KIB);
        assertThat(info(torrent).getLong("piece length")).contains(32L * KIB);
    }

    @Test
    void tooManyPiecesIsALimit() throws IOException {
        Path file = dir.resolve("sparse");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(40L << 30); // sparse: 40 GiB in 16 KiB pieces is 2.6 million pieces
        }
        assertReason(() -> creator(file).pieceSize(16 * KIB).build().create(),
                Reason.LIMIT_EXCEEDED);
    }

    // ---------------------------------------------------------------- other fields

    @Test
    void oneTrackerIsAnnounceOnly() throws IOException {
        BDictionary torrent = torrent(creator(write("f", random(1, 30)))
                .addTracker("udp://127.0.0.1:6969/announce").build().create());

        assertThat(text(torrent, "announce")).isEqualTo("udp://127.0.0.1:6969/announce");
        assertThat(torrent.get("announce-list")).isEmpty();
    }

    @Test
    void tiersOfTrackersWebSeedsPrivateAndCommentAreWritten() throws IOException {
        Path file = write("f", random(1, 31));
        CreatedTorrent created = creator(file)
                .addTracker("http://127.0.0.1:1/announce")
                .addTrackerTier(List.of("http://127.0.0.1:2/announce", "udp://127.0.0.1:3"))
                .addTracker("http://127.0.0.1:1/announce")
                .addWebSeed("http://127.0.0.1:8080/files/")
                .addWebSeed("ftp://127.0.0.1/mirror/")
                .privateTorrent(true)
                .comment("a comment")
                .createdBy("tester 1.0")
                .creationDate(Instant.ofEpochSecond(1_700_000_000L))
                .build().create();
        BDictionary torrent = torrent(created);

        // BEP 12: announce is the first tracker; the duplicate is dropped, as libtorrent does.
        assertThat(text(torrent, "announce")).isEqualTo("http://127.0.0.1:1/announce");
        assertThat(strings(list(torrent, "announce-list"))).containsExactly(
                List.of("http://127.0.0.1:1/announce"),
                List.of("http://127.0.0.1:2/announce", "udp://127.0.0.1:3"));
        // BEP 19 url-list.
        assertThat(list(torrent, "url-list")).extracting(v -> ((BString) v).asUtf8())
                .containsExactly("http://127.0.0.1:8080/files/", "ftp://127.0.0.1/mirror/");
        // BEP 27: private is in info, so it changes the info-hash.
        assertThat(info(created).getLong("private")).contains(1L);
        assertThat(text(torrent, "comment")).isEqualTo("a comment");
        assertThat(text(torrent, "created by")).isEqualTo("tester 1.0");
        assertThat(torrent.getLong("creation date")).contains(1_700_000_000L);

        CreatedTorrent open = creator(file).build().create();
        assertThat(open.infoHashes()).isNotEqualTo(created.infoHashes());
        assertThat(info(open).get("private")).isEmpty();
    }

    @Test
    void defaultsAreCreatorNowAndNoOptionalKeys() throws IOException {
        long before = Instant.now().getEpochSecond();
        BDictionary torrent = torrent(creator(write("f", random(1, 32))).build().create());

        assertThat(text(torrent, "created by")).isEqualTo("Torrentine/0.1.0");
        assertThat(torrent.getLong("creation date").orElseThrow())
                .isBetween(before, Instant.now().getEpochSecond());
        assertThat(torrent.keys()).extracting(BString::asUtf8)
                .containsExactlyInAnyOrder("created by", "creation date", "info", "piece layers");
    }

    @Test
    void oneWebSeedIsAStringAndCreationDateCanBeOmitted() throws IOException {
        BDictionary torrent = torrent(creator(write("f", random(1, 33)))
                .addWebSeed("http://127.0.0.1/f").omitCreationDate().createdBy(null)
                .build().create());

        assertThat(text(torrent, "url-list")).isEqualTo("http://127.0.0.1/f");
        assertThat(torrent.keys()).extracting(BString::asUtf8)
                .containsExactlyInAnyOrder("info", "piece layers", "url-list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "/relative/announce", "http://"})
    void badUrlsAreRejected(String url) throws IOException {
        Path file = write("f", random(1, 34));
        assertReason(() -> creator(file).addTracker(url).build(), Reason.INVALID_URL);
        assertReason(() -> creator(file).addWebSeed(url).build(), Reason.INVALID_URL);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aMissingSourceIsReported() {
        assertReason(() -> creator(dir.resolve("absent")).build().create(),
                Reason.SOURCE_MISSING);
    }

    @Test
    void anEmptyFileOrAFolderOfEmptyFilesIsReported() throws IOException {
        Path empty = write("empty", new byte[0]);
        write("folder/a", new byte[0]);
        write("folder/b/c", new byte[0]);
        Files.createDirectories(dir.resolve("bare"));

        assertReason(() -> creator(empty).build().create(), Reason.SOURCE_EMPTY);
        assertReason(() -> creator(dir.resolve("folder")).build().create(), Reason.SOURCE_EMPTY);
        assertReason(() -> creator(dir.resolve("bare")).build().create(), Reason.SOURCE_EMPTY);
    }

    @Test
    void aSourceThatIsNeitherFileNorFolderIsUnreadable() {
        Path device = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(device), "a character device at /dev/null");

        assertReason(() -> creator(device).build().create(), Reason.SOURCE_UNREADABLE);
    }

    @Test
    void aFileThatChangesSizeWhileHashingIsReported() throws IOException {
        write("c/a", random(3 << 20, 36));
        Path later = write("c/b", random(1000, 37));

        TorrentCreationException e = catchThrowableOfType(TorrentCreationException.class,
                () -> creator(dir.resolve("c")).hashThreads(1).progressListener((done, total) -> {
                    try {
                        // Hashing is still in c/a: c/b is opened only after it.
                        Files.write(later, new byte[10]);
                    } catch (IOException ex) {
                        throw new AssertionError(ex);
                    }
                }).build().create());

        assertThat(e.reason()).isEqualTo(Reason.SOURCE_CHANGED);
    }

    @Test
    void interruptingTheCallerStopsTheCreation() throws IOException {
        Path file = write("big", random(4 << 20, 38));
        Thread caller = Thread.currentThread();

        TorrentCreationException e = catchThrowableOfType(TorrentCreationException.class,
                () -> creator(file).hashThreads(1).progressListener((done, total) -> caller.interrupt())
                        .build().create());

        assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED);
        assertThat(Thread.interrupted()).isTrue();
    }

    // ---------------------------------------------------------------- threads and progress

    @Test
    void progressReachesTheTotalInOrderFromOneCallAtATime() throws IOException {
        write("g/a", random(5 << 20, 39));
        write("g/b", random(3 << 20, 40));
        List<Long> seen = new ArrayList<>();
        AtomicLong concurrent = new AtomicLong();

        CreatedTorrent torrent = creator(dir.resolve("g")).hashThreads(4).pieceSize(64 * KIB)
                .progressListener((done, total) -> {
                    assertThat(concurrent.incrementAndGet()).isEqualTo(1);
                    assertThat(total).isEqualTo(8L << 20);
                    seen.add(done);
                    concurrent.decrementAndGet();
                }).build().create();

        assertThat(seen).isSorted().last().isEqualTo(torrent.totalSize());
    }

    @Test
    void anExecutorGivesTheSameTorrentAsOwnThreads() throws Exception {
        write("h/a", random(3 << 20, 41));
        write("h/b", random(1 << 20, 42));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            byte[] own = creator(dir.resolve("h")).hashThreads(1).omitCreationDate().build()
                    .create().bytes();
            CreatedTorrent viaExecutor = creator(dir.resolve("h")).hashThreads(4).omitCreationDate()
                    .hashExecutor(executor).build().createAsync().get(30, TimeUnit.SECONDS);
            assertThat(viaExecutor.bytes()).isEqualTo(own);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void createAsyncReportsFailuresThroughTheFuture() {
        CompletableFuture<CreatedTorrent> future = creator(dir.resolve("absent")).build()
                .createAsync();

        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TorrentCreationException.class)
                .cause().extracting(c -> ((TorrentCreationException) c).reason())
                .isEqualTo(Reason.SOURCE_MISSING);
    }

    @Test
    void cancellingTheFutureStopsTheHashing() throws Exception {
        Path file = write("big", random(8 << 20, 43));
        AtomicReference<CompletableFuture<CreatedTorrent>> future = new AtomicReference<>();
        AtomicLong hashed = new AtomicLong();
        CompletableFuture<Void> started = new CompletableFuture<>();
        TorrentCreator creator = creator(file).hashThreads(1).progressListener((done, total) -> {
            hashed.set(done);
            // Wait for the caller to publish the future, then cancel it from here.
            started.join();
            future.get().cancel(true);
        }).build();

        future.set(creator.createAsync());
        started.complete(null);

        assertThatThrownBy(() -> future.get().get(30, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThat(future.get().isCancelled()).isTrue();
        // The hashing thread saw the cancel at its next window: most of the file is untouched.
        assertThat(hashed.get()).isLessThan(8L << 20);
    }

    // ================================================================ helpers

    private TorrentCreator.Builder creator(Path source) {
        return TorrentCreator.builder(source);
    }

    private Path write(String relative, byte[] content) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.write(path, content);
    }

    private static void assertReason(Runnable action, Reason reason) {
        TorrentCreationException e = catchThrowableOfType(TorrentCreationException.class,
                action::run);
        assertThat(e).as("expected %s", reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static BDictionary torrent(CreatedTorrent torrent) {
        return (BDictionary) BencodeDecoder.strict().decode(torrent.bytes());
    }

    private static BDictionary info(CreatedTorrent torrent) {
        return torrent(torrent).getDictionary("info").orElseThrow();
    }

    private static Map<BString, BValue> pieceLayers(CreatedTorrent torrent) {
        return torrent(torrent).getDictionary("piece layers").orElseThrow().asMap();
    }

    private static String text(BDictionary dict, String key) {
        return dict.getString(key).orElseThrow().asUtf8();
    }

    private static byte[] bytes(BDictionary dict, String key) {
        return dict.getString(key).orElseThrow().toByteArray();
    }

    private static List<BValue> list(BDictionary dict, String key) {
        return dict.getList(key).orElseThrow().values();
    }

    private static List<List<String>> strings(List<BValue> tiers) {
        List<List<String>> out = new ArrayList<>();
        for (BValue tier : tiers) {
            out.add(((BList) tier).values().stream().map(v -> ((BString) v).asUtf8()).toList());
        }
        return out;
    }

    /** The BEP 52 file entry (the dictionary under the empty key) at a path of the tree. */
    private static BDictionary fileEntry(BDictionary info, String... path) {
        BDictionary node = info.getDictionary("file tree").orElseThrow();
        for (String component : path) {
            node = node.getDictionary(component).orElseThrow();
        }
        return (BDictionary) node.get(BString.of(new byte[0])).orElseThrow();
    }

    private static Sha256Hash root(BDictionary info, String... path) {
        return Sha256Hash.of(fileEntry(info, path).getString("pieces root").orElseThrow()
                .toByteArray());
    }

    private static List<String> v1Paths(BDictionary info) {
        return list(info, "files").stream().map(f -> String.join("/",
                ((BDictionary) f).getList("path").orElseThrow().values().stream()
                        .map(c -> ((BString) c).asUtf8()).toList())).toList();
    }

    /** "[attr ]path length" per v1 file entry. */
    private static List<String> describe(List<BValue> files) {
        return files.stream().map(v -> {
            BDictionary f = (BDictionary) v;
            String attr = f.getString("attr").map(a -> a.asUtf8() + " ").orElse("");
            String path = String.join("/", f.getList("path").orElseThrow().values().stream()
                    .map(c -> ((BString) c).asUtf8()).toList());
            return attr + path + " " + ((BInteger) f.get("length").orElseThrow()).value();
        }).toList();
    }

    // ---------------------------------------------------------------- reference hashing

    /** BEP 3: SHA-1 of each piece of the piece space, the last one short. */
    private static byte[] v1Pieces(byte[] space, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < space.length; at += pieceLength) {
            out.writeBytes(sha1(Arrays.copyOfRange(space, at,
                    Math.min(space.length, at + pieceLength))));
        }
        return out.toByteArray();
    }

    /** BEP 52 leaves of a file: SHA-256 of each 16 KiB block, the last one short. */
    private static List<byte[]> leaves(byte[] content) {
        List<byte[]> leaves = new ArrayList<>();
        for (int at = 0; at < content.length; at += BLOCK) {
            leaves.add(sha256(Arrays.copyOfRange(content, at, Math.min(content.length, at + BLOCK))));
        }
        return leaves;
    }

    /** Reduces nodes padded with zero leaves to {@code width} (a power of two). */
    private static byte[] reduce(List<byte[]> nodes, int width) {
        List<byte[]> level = new ArrayList<>(nodes);
        while (level.size() < width) {
            level.add(new byte[32]);
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                up.add(sha256(concat(level.get(i), level.get(i + 1))));
            }
            level = up;
        }
        return level.get(0);
    }

    private static int powerOfTwoAtLeast(int n) {
        int width = 1;
        while (width < n) {
            width *= 2;
        }
        return width;
    }

    /**
     * The BEP 52 root: one tree over all leaves, padded with zero leaves to a power of two. (For
     * files larger than a piece this equals a tree over the piece layer; the test checks that.)
     */
    private static byte[] merkleRoot(byte[] content, int pieceLength) {
        List<byte[]> leaves = leaves(content);
        byte[] root = reduce(leaves, powerOfTwoAtLeast(leaves.size()));
        if (content.length > pieceLength) {
            assertThat(root).isEqualTo(rootFromLayer(content, pieceLength));
        }
        return root;
    }

    private static byte[] rootFromLayer(byte[] content, int pieceLength) {
        byte[] layer = pieceLayer(content, pieceLength);
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < layer.length; at += 32) {
            pieces.add(Arrays.copyOfRange(layer, at, at + 32));
        }
        byte[] pad = reduce(List.of(), pieceLength / BLOCK);
        int width = powerOfTwoAtLeast(pieces.size());
        while (pieces.size() < width) {
            pieces.add(pad);
        }
        return reduce(pieces, width);
    }

    /** The piece layer: each piece's blocks as a full piece-sized subtree. */
    private static byte[] pieceLayer(byte[] content, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < content.length; at += pieceLength) {
            byte[] piece = Arrays.copyOfRange(content, at, Math.min(content.length, at + pieceLength));
            out.writeBytes(reduce(leaves(piece), pieceLength / BLOCK));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] sha1(byte[] data) {
        return digest("SHA-1", data);
    }

    private static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
