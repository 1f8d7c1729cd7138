package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.MetainfoLimits;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.session.InvalidResumeDataException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resume data carries v2 piece layers (BEP 52) to and from libtorrent's {@code trees}: they
 * survive without Torrentine's own {@code piece layers} key, reach metadata the application
 * gives, and a tree that does not check out is dropped without losing the rest.
 */
class ResumeDataTreesTest {
    private static final Path SAVE = Path.of("/downloads/torrents");

    @TempDir
    static Path dir;
    static TorrentInfo v2;
    static TorrentInfo hybrid;

    @BeforeAll
    static void makeTorrents() {
        v2 = ResumeFixtures.torrent(dir.resolve("v2"), TorrentVersion.V2);
        hybrid = ResumeFixtures.torrent(dir.resolve("hybrid"), TorrentVersion.HYBRID);
    }

    @ParameterizedTest
    @EnumSource(value = TorrentVersion.class, names = {"V2", "HYBRID"})
    void writesTreesBesidePieceLayers(TorrentVersion version) {
        TorrentInfo t = version == TorrentVersion.V2 ? v2 : hybrid;
        BDictionary d = decode(ResumeDataCodecTest.full(t).toResumeData());
        assertThat(d.getDictionary("piece layers")).isPresent();
        BList trees = d.getList("trees").orElseThrow();
        assertThat(trees.size()).isEqualTo(t.files().size());
        assertThat(LibtorrentTrees.read(trees, t).layers()).hasSize(layerCount(t));
    }

    @Test
    void aV1TorrentHasNoTrees() {
        TorrentInfo v1 = ResumeFixtures.torrent(dir.resolve("v1"), TorrentVersion.V1);
        assertThat(decode(AddTorrentParams.fromTorrent(v1, SAVE).toResumeData()).get("trees")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = TorrentVersion.class, names = {"V2", "HYBRID"})
    void theLayersComeBackFromTreesAlone(TorrentVersion version) {
        // What libtorrent writes: trees, and no piece layers key.
        TorrentInfo t = version == TorrentVersion.V2 ? v2 : hybrid;
        AddTorrentParams params = ResumeDataCodecTest.full(t);
        byte[] bytes = encode(decode(params.toResumeData()).toBuilder().remove("piece layers"));
        AddTorrentParams back = AddTorrentParams.fromResumeData(bytes);
        assertThat(back).isEqualTo(params);
        assertSameLayers(back.torrent().orElseThrow(), t);
        assertThat(back.toResumeData()).as("written back as we write it").isEqualTo(params.toResumeData());

        // Without trees either, as before: the metadata has no layers.
        byte[] neither = encode(decode(bytes).toBuilder().remove("trees"));
        TorrentInfo bare = AddTorrentParams.fromResumeData(neither).torrent().orElseThrow();
        assertThat(layerCount(bare)).isZero();
    }

    @Test
    void metadataFromTheApplicationGainsTheLayers() {
        // A torrent added from a magnet link: its metadata came from peers, without layers, and
        // resume data saved without info (libtorrent's save_info_dict off).
        TorrentInfo fromPeers = TorrentInfo.fromInfoDictionary(v2.infoDictionary(), v2.infoHashes());
        assertThat(layerCount(fromPeers)).isZero();
        AddTorrentParams params = ResumeDataCodecTest.full(v2);
        byte[] bytes = encode(decode(params.toResumeData()).toBuilder().remove("info").remove("piece layers"));
        AddTorrentParams back = AddTorrentParams.fromResumeData(bytes, fromPeers);
        TorrentInfo withLayers = back.torrent().orElseThrow();
        assertSameLayers(withLayers, v2);
        assertThat(withLayers.infoDictionary()).isEqualTo(v2.infoDictionary());
        assertThat(back).isEqualTo(params);

        // Metadata that has them already is used as given.
        assertThat(AddTorrentParams.fromResumeData(bytes, v2).torrent().orElseThrow()).isSameAs(v2);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"libtorrent-magnet-v2-finished",
            "libtorrent-added-hybrid-unchecked"})
    void readsTheTreesLibtorrentWrote(String seed) throws java.io.IOException {
        // Real libtorrent 2.0.8 output (see the fuzz seeds' README): block-layer and piece-layer
        // forms, for files of 300,000 and 70,000 bytes in 32 KiB pieces (and smaller ones).
        byte[] bytes;
        try (var in = getClass().getResourceAsStream("ResumeDataFuzzTestInputs/parsesOrRefusesWithATypedReason/" + seed)) {
            bytes = in.readAllBytes();
        }
        TorrentInfo t = AddTorrentParams.fromResumeData(bytes).torrent().orElseThrow();
        assertThat(decode(bytes).get("piece layers")).isEmpty();
        assertThat(t.files()).filteredOn(f -> !f.pad() && f.size() > t.pieceLength())
                .extracting(FileEntry::size).containsExactly(300_000L, 70_000L);
        assertThat(layerCount(t)).isEqualTo(2);
        assertThat(t.pieceLayer(t.files().get(0).piecesRoot().orElseThrow()).orElseThrow()).hasSize(10 * 32);
    }

    @Test
    void aTreeThatDoesNotCheckOutIsDroppedAndTheRestKept() {
        AddTorrentParams params = ResumeDataCodecTest.full(v2);
        BDictionary d = decode(params.toResumeData());
        List<BValue> trees = new ArrayList<>(d.getList("trees").orElseThrow().values());
        int broken = -1;
        for (int i = 0; i < trees.size() && broken < 0; i++) {
            BDictionary e = (BDictionary) trees.get(i);
            byte[] hashes = e.getString("hashes").orElseThrow().toByteArray();
            if (hashes.length > 0) {
                hashes[0] ^= 1;
                trees.set(i, e.toBuilder().put("hashes", hashes).build());
                broken = i;
            }
        }
        byte[] bytes = encode(d.toBuilder().remove("piece layers").put("trees", BList.of(trees)));
        AddTorrentParams back = AddTorrentParams.fromResumeData(bytes);
        assertThat(back).as("everything else loads").isEqualTo(params);
        TorrentInfo t = back.torrent().orElseThrow();
        Sha256Hash brokenRoot = v2.files().get(broken).piecesRoot().orElseThrow();
        assertThat(t.pieceLayer(brokenRoot)).as("the bad tree is not believed").isEmpty();
        assertThat(layerCount(t)).isEqualTo(layerCount(v2) - 1);
    }

    @Test
    void treesNeedMetadataAndWellFormedEntries() {
        AddTorrentParams params = ResumeDataCodecTest.full(v2);
        BDictionary d = decode(params.toResumeData());
        byte[] noMetadata = encode(d.toBuilder().remove("info").remove("pieces").remove("unfinished")
                .remove("piece_priority").remove("file_priority"));
        assertRefused(() -> AddTorrentParams.fromResumeData(noMetadata), Reason.MISSING_METADATA);
        byte[] notAList = encode(d.toBuilder().put("trees", "x"));
        assertRefused(() -> AddTorrentParams.fromResumeData(notAList), Reason.INVALID_FIELD);
        byte[] badEntry = encode(d.toBuilder().put("trees", BList.of(BDictionary.builder().put("hashes", new byte[3]).build())));
        assertRefused(() -> AddTorrentParams.fromResumeData(badEntry), Reason.INVALID_FIELD);
        List<BValue> many = new ArrayList<>(d.getList("trees").orElseThrow().values());
        many.add(many.get(0));
        byte[] tooMany = encode(d.toBuilder().put("trees", BList.of(many)));
        assertRefused(() -> AddTorrentParams.fromResumeData(tooMany), Reason.FILE_COUNT_MISMATCH);
        // An empty list says nothing, with or without metadata.
        byte[] empty = encode(d.toBuilder().put("trees", BList.of(List.of())));
        assertThat(AddTorrentParams.fromResumeData(empty)).isEqualTo(params);
    }

    @Test
    void aV1TorrentIgnoresTreesAsLibtorrentDoes() {
        TorrentInfo v1 = ResumeFixtures.torrent(dir.resolve("v1-trees"), TorrentVersion.V1);
        AddTorrentParams params = ResumeDataCodecTest.full(v1);
        byte[] bytes = encode(decode(params.toResumeData()).toBuilder()
                .put("trees", BList.of(BDictionary.builder().put("hashes", new byte[32]).build())));
        assertThat(AddTorrentParams.fromResumeData(bytes)).isEqualTo(params);
    }

    @Test
    void theRebuiltMetadataKeepsEveryTopLevelField() {
        // A .torrent without piece layers but with every other top-level field.
        BDictionary top = BDictionary.builder()
                .put("announce-list", BList.of(BList.of(BString.of("http://127.0.0.1:1/a")),
                        BList.of(BString.of("http://127.0.0.1:1/b"), BString.of("udp://127.0.0.1:2"))))
                .put("comment", "a comment").put("created by", "a creator").put("creation date", 1_700_000_000L)
                .put("url-list", BList.of(BString.of("http://127.0.0.1:3/seed")))
                .put("httpseeds", BList.of(BString.of("http://127.0.0.1:4/seed")))
                .put("nodes", BList.of(BList.of(BString.of("127.0.0.1"), io.torrentine.bencode.BInteger.of(6881))))
                .put("similar", BList.of(BString.of(new byte[20])))
                .put("collections", BList.of(BString.of("a collection")))
                .build();
        BDictionary info = (BDictionary) BencodeDecoder.strict().decode(v2.infoDictionary());
        TorrentInfo base = TorrentInfo.parse(BencodeEncoder.encode(top.toBuilder().put("info", info).build()));
        assertThat(layerCount(base)).isZero();
        Map<Sha256Hash, byte[]> layers = new LinkedHashMap<>();
        for (FileEntry f : v2.files()) {
            f.piecesRoot().ifPresent(r -> v2.pieceLayer(r).ifPresent(l -> layers.put(r, l)));
        }
        TorrentInfo rebuilt = MetadataWithLayers.of(base, layers, MetainfoLimits.DEFAULT);
        assertSameLayers(rebuilt, v2);
        assertThat(rebuilt.infoDictionary()).isEqualTo(base.infoDictionary());
        assertThat(rebuilt.infoHashes()).isEqualTo(base.infoHashes());
        assertThat(rebuilt.trackers()).isEqualTo(base.trackers());
        assertThat(rebuilt.webSeeds()).isEqualTo(base.webSeeds()).isNotEmpty();
        assertThat(rebuilt.httpSeeds()).isEqualTo(base.httpSeeds()).isNotEmpty();
        assertThat(rebuilt.dhtNodes()).isEqualTo(base.dhtNodes()).isNotEmpty();
        assertThat(rebuilt.comment()).isEqualTo(base.comment()).isPresent();
        assertThat(rebuilt.createdBy()).isEqualTo(base.createdBy()).isPresent();
        assertThat(rebuilt.creationDate()).isEqualTo(base.creationDate()).isPresent();
        assertThat(rebuilt.similarTorrents()).isEqualTo(base.similarTorrents()).isNotEmpty();
        assertThat(rebuilt.collections()).isEqualTo(base.collections()).isNotEmpty();
        assertThat(rebuilt.files()).isEqualTo(base.files());
        assertThat(MetadataWithLayers.of(rebuilt, layers, MetainfoLimits.DEFAULT)).as("nothing to add").isSameAs(rebuilt);
    }

    @Test
    void aTreeTooLargeForTheResumeDataIsLeftToPieceLayers() {
        // A 1 TiB file in 16 MiB pieces: its layer is 2 MiB, but libtorrent's mask would be one
        // byte per node of a tree of 2^26 blocks, 128 MiB, more than the reader reads.
        int pieceLength = 16 << 20;
        long bigSize = 1L << 40;
        long smallSize = 4L * pieceLength;
        byte[] bigLayer = new byte[(int) (bigSize / pieceLength) * 32];
        byte[] smallLayer = new byte[(int) (smallSize / pieceLength) * 32];
        new java.util.Random(5).nextBytes(bigLayer);
        new java.util.Random(6).nextBytes(smallLayer);
        byte[] bigRoot = io.torrentine.internal.hash.Merkle.rootOfLayer(bigLayer, pieceLength / 16384);
        byte[] smallRoot = io.torrentine.internal.hash.Merkle.rootOfLayer(smallLayer, pieceLength / 16384);
        BDictionary info = BDictionary.builder().put("meta version", 2).put("name", "huge").put("piece length", pieceLength)
                .put("file tree", BDictionary.builder()
                        .put("big", BDictionary.builder().put("", BDictionary.builder().put("length", bigSize)
                                .put("pieces root", bigRoot).build()).build())
                        .put("small", BDictionary.builder().put("", BDictionary.builder().put("length", smallSize)
                                .put("pieces root", smallRoot).build()).build())
                        .build())
                .build();
        BDictionary layers = BDictionary.builder().put(BString.of(bigRoot), BString.of(bigLayer))
                .put(BString.of(smallRoot), BString.of(smallLayer)).build();
        TorrentInfo huge = TorrentInfo.parse(BencodeEncoder.encode(BDictionary.builder().put("info", info)
                .put("piece layers", layers).build()));
        assertThat(layerCount(huge)).isEqualTo(2);

        byte[] bytes = AddTorrentParams.fromTorrent(huge, SAVE).toResumeData();
        assertThat(bytes.length).isLessThanOrEqualTo(ResumeDataReader.MAX_SIZE);
        BList trees = decode(bytes).getList("trees").orElseThrow();
        assertThat(LibtorrentTrees.read(trees, huge).outcomes())
                .containsExactly(LibtorrentTrees.Outcome.INCOMPLETE, LibtorrentTrees.Outcome.RECOVERED);
        assertSameLayers(AddTorrentParams.fromResumeData(bytes).torrent().orElseThrow(), huge);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static BDictionary decode(byte[] bytes) {
        return (BDictionary) BencodeDecoder.strict().decode(bytes);
    }

    private static byte[] encode(BDictionary.Builder d) {
        return BencodeEncoder.encode(d.build());
    }

    private static int layerCount(TorrentInfo t) {
        int n = 0;
        for (FileEntry f : t.files()) {
            if (f.piecesRoot().isPresent() && t.pieceLayer(f.piecesRoot().get()).isPresent()) {
                n++;
            }
        }
        return n;
    }

    private static void assertSameLayers(TorrentInfo actual, TorrentInfo expected) {
        assertThat(layerCount(expected)).isPositive();
        for (FileEntry f : expected.files()) {
            if (f.piecesRoot().isPresent()) {
                Sha256Hash root = f.piecesRoot().get();
                assertThat(actual.pieceLayer(root).map(l -> (Object) l).orElse("none")).as(f.path())
                        .isEqualTo(expected.pieceLayer(root).map(l -> (Object) l).orElse("none"));
            }
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidResumeDataException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
