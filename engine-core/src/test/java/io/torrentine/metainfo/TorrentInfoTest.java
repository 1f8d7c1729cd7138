package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.bencode.BencodeLimits;
import io.torrentine.metainfo.InvalidMetainfoException.Reason;
import io.torrentine.bencode.BencodeDecoder;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TorrentInfoTest {

    private static BDictionary.Builder v1Info(long... sizes) {
        long total = 0;
        List<BValue> files = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            total += sizes[i];
            files.add(BDictionary.builder().put("length", sizes[i])
                    .put("path", BList.of(BString.of("f" + i))).build());
        }
        int pieces = (int) ((total + 16383) / 16384);
        return BDictionary.builder().put("name", "t").put("piece length", 16384)
                .put("pieces", new byte[pieces * 20]).put("files", BList.of(files));
    }

    private static byte[] torrent(BDictionary info) {
        return BencodeEncoder.encode(BDictionary.builder().put("info", info)
                .put("announce", "http://127.0.0.1/announce").build());
    }

    @Test
    void infoHashIsTheSha1OfTheExactInfoBytes() throws Exception {
        BDictionary info = v1Info(20_000, 5).build();
        TorrentInfo t = TorrentInfo.parse(torrent(info));
        byte[] infoBytes = BencodeEncoder.encode(info);
        assertThat(t.infoDictionary()).isEqualTo(infoBytes);
        assertThat(t.infoHashes().v1().orElseThrow().toByteArray())
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(infoBytes));
        assertThat(t.infoHashes().id()).isEqualTo(t.infoHashes().v1().orElseThrow());
    }

    @Test
    void piecesFilesAndOffsets() {
        TorrentInfo t = TorrentInfo.parse(torrent(v1Info(20_000, 5, 0).build()));
        assertThat(t.pieceCount()).isEqualTo(2);
        assertThat(t.pieceSize(0)).isEqualTo(16384);
        assertThat(t.pieceSize(1)).isEqualTo(20_005 - 16384);
        assertThat(t.files()).extracting(FileEntry::path).containsExactly("t/f0", "t/f1", "t/f2");
        assertThat(t.files()).extracting(FileEntry::offset).containsExactly(0L, 20_000L, 20_005L);
        assertThat(t.pieceHash(1).toByteArray()).hasSize(20);
        assertThat(t.trackers()).containsExactly(List.of("http://127.0.0.1/announce"));
        assertThatThrownBy(() -> t.pieceSize(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void metadataFromPeersMustHashToTheMagnetsInfoHash() {
        BDictionary info = v1Info(100).build();
        byte[] infoBytes = BencodeEncoder.encode(info);
        TorrentInfo reference = TorrentInfo.parse(torrent(info));
        TorrentInfo fromPeers = TorrentInfo.fromInfoDictionary(infoBytes, reference.infoHashes());
        assertThat(fromPeers.infoHashes()).isEqualTo(reference.infoHashes());
        assertThat(fromPeers.trackers()).isEmpty();

        InfoHashes other = InfoHashes.ofV1(Sha1Hash.fromHex("00".repeat(20)));
        assertThatThrownBy(() -> TorrentInfo.fromInfoDictionary(infoBytes, other))
                .isInstanceOfSatisfying(InvalidMetainfoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INFO_HASH_MISMATCH));
    }

    @Test
    void limitsAreEnforcedWithTypedReasons() {
        byte[] three = torrent(v1Info(1, 1, 1).build());
        MetainfoLimits twoFiles = new MetainfoLimits(BencodeLimits.DEFAULT, 100, 2, 100, 500);
        assertReason(() -> TorrentInfo.parse(three, twoFiles), Reason.TOO_MANY_FILES);

        MetainfoLimits onePiece = new MetainfoLimits(BencodeLimits.DEFAULT, 1, 100, 100, 500);
        assertReason(() -> TorrentInfo.parse(torrent(v1Info(20_000).build()), onePiece), Reason.TOO_MANY_PIECES);

        MetainfoLimits small = new MetainfoLimits(BencodeLimits.DEFAULT.withMaxInputSize(10), 100, 100, 100, 500);
        assertReason(() -> TorrentInfo.parse(three, small), Reason.FILE_TOO_LARGE);

        BDictionary deep = v1Info(1).put("files", BList.of(BDictionary.builder().put("length", 1)
                .put("path", BList.of(java.util.Collections.nCopies(5, BString.of("d")))).build())).build();
        MetainfoLimits shallow = new MetainfoLimits(BencodeLimits.DEFAULT, 100, 100, 4, 500);
        assertReason(() -> TorrentInfo.parse(torrent(deep), shallow), Reason.PATH_TOO_DEEP);
    }

    @Test
    void aCreationDateBeyondWhatInstantHoldsIsIgnored() {
        byte[] bytes = BencodeEncoder.encode(BDictionary.builder().put("info", v1Info(1).build())
                .put("creation date", Long.MAX_VALUE).build());
        assertThat(TorrentInfo.parse(bytes).creationDate()).isEmpty();
    }

    @Test
    void garbageIsRefusedAsInvalidBencoding() {
        assertReason(() -> TorrentInfo.parse("d4:infod".getBytes()), Reason.INVALID_BENCODING);
        assertReason(() -> TorrentInfo.parse("i42e".getBytes()), Reason.NOT_A_DICTIONARY);
    }

    @Test
    void duplicatePathsAreRenamedAndADirectoryNameIsNotReused() {
        List<BValue> files = List.of(
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("a"))).build(),
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("a"))).build(),
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("d"), BString.of("x"))).build(),
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("d"))).build());
        BDictionary info = v1Info(4).put("files", BList.of(files)).build();
        TorrentInfo t = TorrentInfo.parse(torrent(info));
        assertThat(t.files()).extracting(FileEntry::path).containsExactly("t/a", "t/a.1", "t/d/x", "t/d.1");
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidMetainfoException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** A v1 info dictionary of one file in {@code pieces} pieces of 16 KiB, with random hashes. */
    private static BDictionary randomHashesInfo(int pieces, long seed) {
        byte[] hashes = new byte[pieces * 20];
        new Random(seed).nextBytes(hashes);
        return BDictionary.builder().put("name", "big.bin").put("piece length", 16384)
                .put("length", (long) pieces * 16384).put("pieces", hashes).build();
    }

    @Test
    void pieceHashesAreTheBytesOfThePiecesString() {
        BDictionary info = randomHashesInfo(50, 1);
        // Keys before and after info, so that the info dictionary is in the middle of the file.
        byte[] file = BencodeEncoder.encode(BDictionary.builder().put("announce", "http://127.0.0.1/a")
                .put("comment", "c").put("info", info).put("url-list", "http://127.0.0.1/w").build());
        byte[] pieces = info.getString("pieces").orElseThrow().toByteArray();
        for (TorrentInfo t : List.of(TorrentInfo.parse(file),
                TorrentInfo.fromInfoDictionary(BencodeEncoder.encode(info), TorrentInfo.parse(file).infoHashes()))) {
            assertThat(t.pieceCount()).isEqualTo(50);
            for (int i = 0; i < 50; i++) {
                assertThat(t.pieceHash(i).toByteArray()).isEqualTo(Arrays.copyOfRange(pieces, i * 20, i * 20 + 20));
            }
            assertThatThrownBy(() -> t.pieceHash(50)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void aRepeatedPiecesKeyReadsTheFirstAsLibtorrentDoes() {
        // Lenient bencode keeps the first of repeated keys; the hashes must come from that one.
        byte[] first = new byte[20];
        Arrays.fill(first, (byte) 1);
        String info = "d6:lengthi100e4:name1:x12:piece lengthi16384e6:pieces20:" + "\u0001".repeat(20)
                + "6:pieces20:" + "\u0002".repeat(20) + "e";
        byte[] file = ("d4:info" + info + "e").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        TorrentInfo t = TorrentInfo.parse(file);
        assertThat(t.pieceHash(0).toByteArray()).isEqualTo(first);
        assertThat(t.infoDictionary()).isEqualTo(info.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void theParsedArrayIsNeitherKeptNorSharedWithTheResult() {
        BDictionary info = randomHashesInfo(30, 2);
        byte[] file = torrent(info);
        byte[] infoBytes = BencodeEncoder.encode(info);
        TorrentInfo fromFile = TorrentInfo.parse(file);
        TorrentInfo fromPeers = TorrentInfo.fromInfoDictionary(infoBytes, fromFile.infoHashes());
        List<Sha1Hash> hashes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hashes.add(fromFile.pieceHash(i));
        }
        // The caller reuses its buffers: nothing the TorrentInfo returns may change.
        Arrays.fill(file, (byte) 0);
        Arrays.fill(infoBytes, (byte) 0);
        for (TorrentInfo t : List.of(fromFile, fromPeers)) {
            assertThat(t.infoDictionary()).isEqualTo(BencodeEncoder.encode(info));
            assertThat(t.name()).isEqualTo("big.bin");
            assertThat(t.trackers()).isEqualTo(t == fromFile ? List.of(List.of("http://127.0.0.1/announce")) : List.of());
            for (int i = 0; i < 30; i++) {
                assertThat(t.pieceHash(i)).isEqualTo(hashes.get(i));
            }
        }
        // And the returned copies are the caller's to change.
        byte[] copy = fromFile.infoDictionary();
        Arrays.fill(copy, (byte) 0);
        assertThat(fromFile.infoDictionary()).isEqualTo(BencodeEncoder.encode(info));
    }

    @Test
    void aHybridTorrentReadsTheSameHashesAsTheDecoderSees(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.write(dir.resolve("a"), new byte[100_000]);
        java.nio.file.Files.write(dir.resolve("b"), new byte[40_000]);
        byte[] file = TorrentCreator.builder(dir).version(TorrentVersion.HYBRID).pieceSize(16384).build().create().bytes();
        TorrentInfo t = TorrentInfo.parse(file);
        byte[] pieces = ((BDictionary) BencodeDecoder.lenient().decode(file)).getDictionary("info").orElseThrow()
                .getString("pieces").orElseThrow().toByteArray();
        assertThat(t.pieceCount() * 20).isEqualTo(pieces.length);
        for (int i = 0; i < t.pieceCount(); i++) {
            assertThat(t.pieceHash(i).toByteArray()).isEqualTo(Arrays.copyOfRange(pieces, i * 20, i * 20 + 20));
        }
        for (FileEntry f : t.files()) {
            if (f.piecesRoot().isPresent() && f.size() > t.pieceLength()) {
                assertThat(t.pieceLayer(f.piecesRoot().get())).isPresent();
            }
        }
    }

    /**
     * docs/benchmarks.md: a parse of 10,000 pieces used to allocate three copies of the 200 KB
     * {@code pieces} string; it now allocates one (the kept info dictionary) plus small change.
     */
    @Test
    void aParseAllocatesOneCopyOfThePieces() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean
                        && ((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemorySupported(),
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        byte[] file = torrent(randomHashesInfo(10_000, 3));
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            TorrentInfo t = TorrentInfo.parse(file);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(t.pieceCount()).isEqualTo(10_000);
            least = Math.min(least, allocated);
        }
        // One copy is 200,000 bytes plus the rest of the info dictionary; two would be 400,000.
        assertThat(least).as("bytes allocated by the cheapest of 20 parses").isBetween(200_000L, 300_000L);
    }
}
