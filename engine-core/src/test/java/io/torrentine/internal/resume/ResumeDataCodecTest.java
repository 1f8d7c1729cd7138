package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.session.InvalidResumeDataException.Reason;
import io.torrentine.session.TorrentFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resume data in libtorrent's format: every field is written with libtorrent's key and
 * encoding, reads back to equal parameters, and every malformed or inconsistent input is refused
 * with its reason.
 */
class ResumeDataCodecTest {
    private static final Path SAVE = Path.of("/downloads/torrents");

    @TempDir
    static Path dir;
    static TorrentInfo v1;

    @BeforeAll
    static void makeTorrent() {
        v1 = ResumeFixtures.torrent(dir.resolve("v1"), TorrentVersion.V1);
    }

    /** Parameters with every field set, for a torrent with metadata. */
    static AddTorrentParams full(TorrentInfo torrent) {
        BitSet have = new BitSet();
        for (int p = 0; p < torrent.pieceCount(); p += 2) {
            have.set(p);
        }
        List<Integer> filePriorities = new ArrayList<>();
        for (int i = 0; i < torrent.files().size(); i++) {
            filePriorities.add(i % 8);
        }
        List<Integer> piecePriorities = new ArrayList<>(Collections.nCopies(torrent.pieceCount(), 4));
        piecePriorities.set(0, 7);
        piecePriorities.set(torrent.pieceCount() - 1, 0);
        return AddTorrentParams.builder(torrent, SAVE)
                .name("shown name")
                .trackers(List.of(List.of("http://127.0.0.1:1/a"), List.of("http://127.0.0.1:1/b", "udp://127.0.0.1:2")))
                .webSeeds(List.of("http://127.0.0.1:3/"))
                .peers(List.of(new PeerAddress("127.0.0.1", 6881), new PeerAddress("::1", 6882),
                        new PeerAddress("::ffff:10.0.0.1", 6883), new PeerAddress("peer.example", 6884)))
                .filePriorities(filePriorities)
                .piecePriorities(piecePriorities)
                .havePieces(have)
                .unfinishedPiece(1, List.of(0, 1))
                .totalUploaded(123_456_789_012L)
                .totalDownloaded(987_654_321L)
                .activeTime(Duration.ofHours(5))
                .seedingTime(Duration.ofMinutes(7))
                .addedTime(Instant.ofEpochSecond(1_700_000_000L))
                .completedTime(Instant.ofEpochSecond(1_700_003_600L))
                .flag(TorrentFlag.PAUSED, true)
                .flag(TorrentFlag.SEQUENTIAL_DOWNLOAD, true)
                .build();
    }

    static BDictionary decode(byte[] bytes) {
        return (BDictionary) BencodeDecoder.strict().decode(bytes);
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void everyFieldSurvivesARoundTrip(TorrentVersion version) {
        TorrentInfo torrent = version == TorrentVersion.V1 ? v1 : ResumeFixtures.torrent(dir.resolve(version.name()), version);
        AddTorrentParams params = full(torrent);
        byte[] bytes = params.toResumeData();
        AddTorrentParams back = AddTorrentParams.fromResumeData(bytes);
        assertThat(back).isEqualTo(params);
        assertThat(back.toResumeData()).as("stable bytes").isEqualTo(bytes);
        TorrentInfo loaded = back.torrent().orElseThrow();
        assertThat(loaded.infoDictionary()).isEqualTo(torrent.infoDictionary());
        assertThat(loaded.comment()).contains("resume test");
        assertThat(loaded.createdBy()).isEqualTo(torrent.createdBy());
        assertThat(loaded.creationDate()).isEqualTo(torrent.creationDate());
        for (FileEntry f : torrent.files()) {
            if (f.piecesRoot().isPresent()) {
                assertThat(loaded.pieceLayer(f.piecesRoot().get()).isPresent())
                        .as("BEP 52 piece layer of %s", f.path())
                        .isEqualTo(torrent.pieceLayer(f.piecesRoot().get()).isPresent());
            }
        }
        assertThat(back.peers()).hasSize(4);
    }

    @Test
    void aMagnetLinkRoundTripsWithoutMetadata() {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + "ab".repeat(20) + "&xt=urn:btmh:1220" + "cd".repeat(32)
                + "&dn=caf%C3%A9&tr=http://127.0.0.1:1/a&tr=http://127.0.0.1:1/b&ws=http://127.0.0.1:2/"
                + "&x.pe=127.0.0.1:1&x.pe=[::1]:2&x.pe=host.example:3&so=1,3");
        AddTorrentParams params = AddTorrentParams.fromMagnet(link, SAVE);
        byte[] bytes = params.toResumeData();
        AddTorrentParams back = AddTorrentParams.fromResumeData(bytes);
        assertThat(back).isEqualTo(params);
        assertThat(back.torrent()).isEmpty();
        assertThat(back.name()).contains("café");
        assertThat(back.filePriorities()).containsExactly(0, 4, 0, 4);
        BDictionary d = decode(bytes);
        assertThat(d.get("info")).isEmpty();
        assertThat(d.get("pieces")).isEmpty();
        assertThat(d.getString("info-hash").orElseThrow().toByteArray()).isEqualTo(Sha1Hash.fromHex("ab".repeat(20)).toByteArray());
        assertThat(d.getString("info-hash2").orElseThrow().length()).isEqualTo(32);
    }

    @Test
    void fieldsUseLibtorrentsKeysAndEncodings() {
        AddTorrentParams params = full(v1);
        BDictionary d = decode(params.toResumeData());
        assertThat(d.getString("file-format").orElseThrow().asUtf8()).isEqualTo("libtorrent resume file");
        assertThat(d.getLong("file-version")).contains(1L);
        assertThat(d.getString("info-hash").orElseThrow().toByteArray()).isEqualTo(v1.infoHashes().v1().orElseThrow().toByteArray());
        assertThat(d.get("info-hash2")).as("a v1 torrent has no v2 hash").isEmpty();
        // The exact info bytes: SHA-1 of the span is the info-hash.
        assertThat(sha1(BencodeEncoder.encode(d.get("info").orElseThrow()))).isEqualTo(v1.infoHashes().v1().orElseThrow().toByteArray());
        assertThat(d.getString("save_path").orElseThrow().asUtf8()).isEqualTo(SAVE.toString());
        assertThat(d.getString("name").orElseThrow().asUtf8()).isEqualTo("shown name");
        assertThat(d.getString("comment").orElseThrow().asUtf8()).isEqualTo("resume test");
        assertThat(ints(d.getList("file_priority").orElseThrow())).isEqualTo(params.filePriorities());
        byte[] piecePriority = d.getString("piece_priority").orElseThrow().toByteArray();
        assertThat(piecePriority).hasSize(v1.pieceCount());
        assertThat(piecePriority[0]).isEqualTo((byte) 7);
        assertThat(piecePriority[v1.pieceCount() - 1]).isZero();
        // One byte per piece, bit 0 = had, as libtorrent writes it.
        byte[] pieces = d.getString("pieces").orElseThrow().toByteArray();
        assertThat(pieces).hasSize(v1.pieceCount());
        for (int p = 0; p < pieces.length; p++) {
            assertThat(pieces[p]).as("piece %d", p).isEqualTo((byte) (p % 2 == 0 ? 1 : 0));
        }
        // Partial piece 1, blocks 0 and 1 of its 2: BEP 3 bit order, ceil(2 / 8) bytes.
        BList unfinished = d.getList("unfinished").orElseThrow();
        assertThat(unfinished.size()).isEqualTo(1);
        BDictionary partial = (BDictionary) unfinished.get(0);
        assertThat(partial.getLong("piece")).contains(1L);
        assertThat(partial.getString("bitmask").orElseThrow().toByteArray()).containsExactly((byte) 0xC0);
        assertThat(d.getList("trackers").orElseThrow()).isEqualTo(BList.of(
                BList.of(BString.of("http://127.0.0.1:1/a")),
                BList.of(BString.of("http://127.0.0.1:1/b"), BString.of("udp://127.0.0.1:2"))));
        assertThat(d.getList("url-list").orElseThrow()).isEqualTo(BList.of(BString.of("http://127.0.0.1:3/")));
        assertThat(d.getString("peers").orElseThrow().toByteArray())
                .containsExactly(127, 0, 0, 1, 0x1A, 0xE1);
        byte[] peers6 = d.getString("peers6").orElseThrow().toByteArray();
        assertThat(peers6).hasSize(36);
        assertThat(Arrays.copyOfRange(peers6, 0, 18))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x1A, 0xE2);
        assertThat(Arrays.copyOfRange(peers6, 18, 36))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 1, 0x1A, 0xE3);
        assertThat(d.getList("torrentine_peer_names").orElseThrow()).isEqualTo(BList.of(BString.of("peer.example:6884")));
        assertThat(d.getLong("total_uploaded")).contains(123_456_789_012L);
        assertThat(d.getLong("total_downloaded")).contains(987_654_321L);
        assertThat(d.getLong("active_time")).contains(5 * 3600L);
        assertThat(d.getLong("seeding_time")).contains(7 * 60L);
        assertThat(d.getLong("added_time")).contains(1_700_000_000L);
        assertThat(d.getLong("completed_time")).contains(1_700_003_600L);
        assertThat(d.getLong("paused")).contains(1L);
        assertThat(d.getLong("sequential_download")).contains(1L);
    }

    @Test
    void aHybridTorrentWritesBothHashes() {
        TorrentInfo hybrid = ResumeFixtures.torrent(dir.resolve("hybrid-hashes"), TorrentVersion.HYBRID);
        BDictionary d = decode(AddTorrentParams.fromTorrent(hybrid, SAVE).toResumeData());
        assertThat(d.getString("info-hash").orElseThrow().toByteArray()).isEqualTo(hybrid.infoHashes().v1().orElseThrow().toByteArray());
        assertThat(d.getString("info-hash2").orElseThrow().toByteArray()).isEqualTo(hybrid.infoHashes().v2().orElseThrow().toByteArray());
        assertThat(d.getDictionary("piece layers")).as("BEP 52 layers kept beside info").isPresent();
    }

    @Test
    void unsetValuesAreWrittenAsLibtorrentWritesThem() {
        BDictionary d = decode(AddTorrentParams.fromTorrent(v1, SAVE).toResumeData());
        assertThat(d.getLong("added_time")).contains(0L);
        assertThat(d.getLong("completed_time")).contains(0L);
        assertThat(d.getLong("paused")).contains(0L);
        assertThat(d.getString("pieces").orElseThrow().toByteArray()).containsOnly(0);
        assertThat(d.get("unfinished")).isEmpty();
        assertThat(d.get("piece_priority")).isEmpty();
        assertThat(d.get("name")).isEmpty();
        assertThat(d.get("peers")).isEmpty();
    }

    @Test
    void theExactInfoBytesAreKeptEvenWhenNotCanonical() {
        // Keys out of order: a lenient reader accepts it, and the info-hash is of these bytes.
        byte[] info = ("d4:name1:a12:piece lengthi16384e6:lengthi5e6:pieces20:" + "x".repeat(20) + "e")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] torrentFile = new byte[info.length + 8];
        System.arraycopy("d4:info".getBytes(StandardCharsets.US_ASCII), 0, torrentFile, 0, 7);
        System.arraycopy(info, 0, torrentFile, 7, info.length);
        torrentFile[torrentFile.length - 1] = 'e';
        TorrentInfo odd = TorrentInfo.parse(torrentFile);
        assertThat(odd.infoHashes().v1().orElseThrow().toByteArray()).isEqualTo(sha1(info));
        AddTorrentParams back = AddTorrentParams.fromResumeData(AddTorrentParams.fromTorrent(odd, SAVE).toResumeData());
        assertThat(back.infoHashes()).isEqualTo(odd.infoHashes());
        assertThat(back.torrent().orElseThrow().infoDictionary()).isEqualTo(info);
    }

    @Test
    void readsWhatLibtorrentWritesBesideOurFields() {
        BDictionary d = decode(full(v1).toResumeData()).toBuilder()
                // libtorrent writes 20 zero bytes for a hash the add_torrent_params lacked.
                .put("info-hash", new byte[20])
                .put("info-hash2", new byte[32])
                // Bit 1 is "verified" (seed mode): had only with bit 0.
                .put("pieces", piecesOf(v1.pieceCount(), 3, 2))
                .put("paused", 5)
                .put("allocation", "sparse")
                .put("libtorrent-version", "2.0.8.0")
                .put("httpseeds", BList.of())
                .put("num_complete", -1)
                .put("trees", BList.of(BDictionary.builder().put("hashes", new byte[32]).build()))
                .build();
        AddTorrentParams params = AddTorrentParams.fromResumeData(BencodeEncoder.encode(d));
        assertThat(params.infoHashes()).as("taken from info").isEqualTo(v1.infoHashes());
        assertThat(params.hasFlag(TorrentFlag.PAUSED)).isTrue();
        assertThat(params.havePieces().stream().toArray()).containsExactly(0);
    }

    @Test
    void theMetadataCanComeFromTheApplication() {
        AddTorrentParams params = full(v1);
        BDictionary withoutInfo = decode(params.toResumeData()).toBuilder().remove("info").build();
        byte[] bytes = BencodeEncoder.encode(withoutInfo);
        assertThatThrownBy(() -> AddTorrentParams.fromResumeData(bytes))
                .isInstanceOfSatisfying(InvalidResumeDataException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_METADATA));
        assertThat(AddTorrentParams.fromResumeData(bytes, v1)).isEqualTo(params);
        assertThat(AddTorrentParams.fromResumeData(params.toResumeData(), v1)).isEqualTo(params);
        TorrentInfo other = ResumeFixtures.torrent(dir.resolve("other"), TorrentVersion.V1, 5, 6);
        assertRefused(() -> AddTorrentParams.fromResumeData(bytes, other), Reason.INFO_HASH_MISMATCH);
        assertRefused(() -> AddTorrentParams.fromResumeData(params.toResumeData(), other), Reason.INFO_HASH_MISMATCH);
    }

    @Test
    void missingOptionalFieldsReadAsDefaults() {
        BDictionary minimal = BDictionary.builder()
                .put("file-format", "libtorrent resume file")
                .put("info-hash", v1.infoHashes().v1().orElseThrow().toByteArray())
                .put("save_path", "/x")
                .build();
        AddTorrentParams params = AddTorrentParams.fromResumeData(BencodeEncoder.encode(minimal));
        assertThat(params).isEqualTo(AddTorrentParams.builder(v1.infoHashes(), Path.of("/x")).build());
    }

    // ---- Rejections, one test per reason.

    @Test
    void refusesTooLargeInput() {
        assertRefused(() -> AddTorrentParams.fromResumeData(new byte[ResumeDataReader.MAX_SIZE + 1]), Reason.TOO_LARGE);
    }

    @Test
    void refusesMalformedBencode() {
        assertRefused(() -> AddTorrentParams.fromResumeData("d3:abc".getBytes(StandardCharsets.US_ASCII)), Reason.MALFORMED_BENCODE);
        assertRefused(() -> AddTorrentParams.fromResumeData(new byte[0]), Reason.MALFORMED_BENCODE);
        byte[] good = full(v1).toResumeData();
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertRefused(() -> AddTorrentParams.fromResumeData(trailing), Reason.MALFORMED_BENCODE);
        byte[] deep = ("l".repeat(200) + "e".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        assertRefused(() -> AddTorrentParams.fromResumeData(deep), Reason.MALFORMED_BENCODE);
    }

    @Test
    void refusesANonDictionary() {
        assertRefused(() -> AddTorrentParams.fromResumeData("le".getBytes(StandardCharsets.US_ASCII)), Reason.NOT_A_DICTIONARY);
        assertRefused(() -> AddTorrentParams.fromResumeData("i1e".getBytes(StandardCharsets.US_ASCII)), Reason.NOT_A_DICTIONARY);
    }

    @Test
    void refusesAnotherFileFormat() {
        refused(d -> d.remove("file-format"), Reason.WRONG_FILE_FORMAT);
        refused(d -> d.put("file-format", "transmission resume"), Reason.WRONG_FILE_FORMAT);
        refused(d -> d.put("file-format", 1), Reason.INVALID_FIELD);
        refused(d -> d.put("file-version", 2), Reason.UNSUPPORTED_VERSION);
        refused(d -> d.put("file-version", "1"), Reason.INVALID_FIELD);
    }

    @Test
    void refusesDataThatNamesNoTorrent() {
        refused(d -> d.remove("info").remove("info-hash"), Reason.MISSING_INFO_HASH);
        refused(d -> d.remove("info").put("info-hash", new byte[20]), Reason.MISSING_INFO_HASH);
    }

    @Test
    void refusesMetadataOfAnotherTorrent() {
        byte[] other = v1.infoHashes().v1().orElseThrow().toByteArray();
        other[0] ^= 1;
        refused(d -> d.put("info-hash", other), Reason.INFO_HASH_MISMATCH);
        refused(d -> d.put("info-hash2", filled(32)), Reason.INFO_HASH_MISMATCH);
    }

    @Test
    void refusesInvalidMetadata() {
        refused(d -> d.put("info", BDictionary.builder().put("name", "x").build()), Reason.INVALID_METADATA);
        // A v2 piece layer that does not hash to its file's root (BEP 52).
        TorrentInfo hybrid = ResumeFixtures.torrent(dir.resolve("hybrid-layers"), TorrentVersion.HYBRID);
        BDictionary base = decode(AddTorrentParams.fromTorrent(hybrid, SAVE).toResumeData());
        BDictionary layers = base.getDictionary("piece layers").orElseThrow();
        BString root = layers.keys().iterator().next();
        BDictionary.Builder bad = layers.toBuilder().put(root, BString.of(new byte[32]));
        byte[] corrupt = BencodeEncoder.encode(base.toBuilder().put("piece layers", bad.build()).build());
        assertRefused(() -> AddTorrentParams.fromResumeData(corrupt), Reason.INVALID_METADATA);
    }

    @Test
    void refusesFieldsOfTheWrongTypeOrRange() {
        refused(d -> d.put("info-hash", new byte[19]), Reason.INVALID_FIELD);
        refused(d -> d.put("info-hash2", new byte[20]), Reason.INVALID_FIELD);
        refused(d -> d.put("info", BList.of()), Reason.INVALID_FIELD);
        refused(d -> d.put("save_path", 7), Reason.INVALID_FIELD);
        refused(d -> d.put("save_path", new byte[] {'/', (byte) 0xFF}), Reason.INVALID_FIELD);
        refused(d -> d.put("save_path", "/a\0b"), Reason.INVALID_FIELD);
        refused(d -> d.put("name", new byte[] {(byte) 0xC0}), Reason.INVALID_FIELD);
        refused(d -> d.put("trackers", BList.of(BString.of("http://x/"))), Reason.INVALID_FIELD);
        refused(d -> d.put("trackers", BList.of(BList.of(BInteger.of(1)))), Reason.INVALID_FIELD);
        refused(d -> d.put("trackers", "http://x/"), Reason.INVALID_FIELD);
        refused(d -> d.put("url-list", "http://x/"), Reason.INVALID_FIELD);
        refused(d -> d.put("peers", new byte[7]), Reason.INVALID_FIELD);
        refused(d -> d.put("peers6", new byte[17]), Reason.INVALID_FIELD);
        refused(d -> d.put("torrentine_peer_names", BList.of(BString.of("no port"))), Reason.INVALID_FIELD);
        refused(d -> d.put("file_priority", BList.of(BString.of("4"))), Reason.INVALID_FIELD);
        refused(d -> d.put("file_priority", BList.of(BInteger.of(8))), Reason.INVALID_FIELD);
        refused(d -> d.put("file_priority", BList.of(BInteger.of(-1))), Reason.INVALID_FIELD);
        refused(d -> d.put("piece_priority", filled(v1.pieceCount(), 8)), Reason.INVALID_FIELD);
        refused(d -> d.put("pieces", BList.of()), Reason.INVALID_FIELD);
        refused(d -> d.put("total_uploaded", -1), Reason.INVALID_FIELD);
        refused(d -> d.put("active_time", "1"), Reason.INVALID_FIELD);
        refused(d -> d.put("added_time", Long.MAX_VALUE), Reason.INVALID_FIELD);
        refused(d -> d.put("completed_time", -5), Reason.INVALID_FIELD);
        refused(d -> d.put("paused", "yes"), Reason.INVALID_FIELD);
        refused(d -> d.put("unfinished", BList.of(BInteger.of(1))), Reason.INVALID_FIELD);
        refused(d -> d.put("unfinished", BList.of(BDictionary.builder().put("piece", 1).build())), Reason.INVALID_FIELD);
        refused(d -> d.put("unfinished", BList.of(BDictionary.builder().put("bitmask", "x").build())), Reason.INVALID_FIELD);
    }

    @Test
    void refusesProgressWithoutMetadata() {
        refused(d -> d.remove("info").remove("unfinished").remove("piece_priority"), Reason.MISSING_METADATA);
        refused(d -> d.remove("info").remove("pieces").remove("piece_priority"), Reason.MISSING_METADATA);
        refused(d -> d.remove("info").remove("pieces").remove("unfinished"), Reason.MISSING_METADATA);
        // Empty ones are what libtorrent writes for a magnet link: fine.
        AddTorrentParams magnet = read(d -> d.remove("info").remove("unfinished").remove("piece_priority")
                .remove("file_priority").put("pieces", "").put("unfinished", BList.of()));
        assertThat(magnet.torrent()).isEmpty();
    }

    @Test
    void refusesPieceCountsThatDifferFromTheTorrent() {
        refused(d -> d.put("pieces", new byte[v1.pieceCount() - 1]), Reason.PIECE_COUNT_MISMATCH);
        refused(d -> d.put("pieces", new byte[v1.pieceCount() + 1]), Reason.PIECE_COUNT_MISMATCH);
        refused(d -> d.put("piece_priority", filled(v1.pieceCount() - 1, 4)), Reason.PIECE_COUNT_MISMATCH);
        refused(d -> d.put("file_priority", BList.of(Collections.nCopies(v1.files().size() + 1, BInteger.of(4)))),
                Reason.FILE_COUNT_MISMATCH);
        // Without metadata the file count is unknown: bounded by what a magnet link can select.
        refused(d -> d.remove("info").remove("pieces").remove("unfinished").remove("piece_priority")
                .put("file_priority", BList.of(Collections.nCopies(AddTorrentParams.MAX_FILE_PRIORITIES + 1, BInteger.of(0)))),
                Reason.FILE_COUNT_MISMATCH);
    }

    @Test
    void acceptsFewerFilePrioritiesThanFilesAndPadsThem() {
        AddTorrentParams params = read(d -> d.put("file_priority", BList.of(BInteger.of(0))));
        assertThat(params.filePriorities()).hasSize(v1.files().size()).startsWith(0);
        assertThat(params.filePriorities().subList(1, v1.files().size())).containsOnly(4);
    }

    @Test
    void refusesPartialPiecesOutOfRange() {
        refused(d -> d.put("unfinished", unfinished(-1, 0x80)), Reason.PIECE_OUT_OF_RANGE);
        refused(d -> d.put("unfinished", unfinished(v1.pieceCount(), 0x80)), Reason.PIECE_OUT_OF_RANGE);
        refused(d -> d.put("unfinished", BList.of(unfinished(1, 0x80).get(0), unfinished(1, 0x40).get(0))),
                Reason.PIECE_OUT_OF_RANGE);
        // Piece 1 has 2 blocks: bit 2 is past its end, and a second byte is too long.
        refused(d -> d.put("unfinished", unfinished(1, 0x20)), Reason.BLOCK_OUT_OF_RANGE);
        refused(d -> d.put("unfinished", unfinished(1, 0x80, 0)), Reason.BLOCK_OUT_OF_RANGE);
        refused(d -> d.put("unfinished", unfinished(0, 0x80)), Reason.INCONSISTENT_PIECES);
        // An empty bitmask is a partial piece with nothing written: skipped, as libtorrent does.
        assertThat(read(d -> d.put("unfinished", unfinished(3, 0))).unfinishedPieces()).isEmpty();
    }

    @Test
    void theLastPieceCountsItsOwnBlocks() {
        // 40 000 bytes in 32 KiB pieces: the last piece is 7 232 bytes, one block.
        TorrentInfo small = ResumeFixtures.torrent(dir.resolve("small"), TorrentVersion.V1, 40_000);
        BDictionary base = decode(AddTorrentParams.fromTorrent(small, SAVE).toResumeData());
        byte[] blockOne = BencodeEncoder.encode(base.toBuilder().put("unfinished", unfinished(1, 0x40)).build());
        assertRefused(() -> AddTorrentParams.fromResumeData(blockOne), Reason.BLOCK_OUT_OF_RANGE);
        byte[] blockZero = BencodeEncoder.encode(base.toBuilder().put("unfinished", unfinished(1, 0x80)).build());
        assertThat(AddTorrentParams.fromResumeData(blockZero).unfinishedPieces()).containsOnlyKeys(1);
        assertThat(AddTorrentParams.fromResumeData(blockZero).unfinishedPieces().get(1)).containsExactly(0);
    }

    @Test
    void refusesAMissingSavePath() {
        refused(d -> d.remove("save_path"), Reason.MISSING_SAVE_PATH);
        refused(d -> d.put("save_path", ""), Reason.MISSING_SAVE_PATH);
    }

    @Test
    void ignoresUnknownKeys() {
        AddTorrentParams params = read(d -> d.put("zzz-unknown", BList.of(BInteger.of(1)))
                .put("aaa-unknown", BDictionary.empty()));
        assertThat(params).isEqualTo(full(v1));
    }

    @Test
    void theRawDictionaryIsTheBytesWithoutInfo() {
        AddTorrentParams params = full(v1);
        BDictionary fields = ResumeDataWriter.fieldsWithoutInfo(params);
        assertThat(fields.get("info")).isEmpty();
        BDictionary all = decode(params.toResumeData());
        assertThat(all.toBuilder().remove("info").build()).isEqualTo(fields);
    }

    // ---- Helpers.

    private static AddTorrentParams read(UnaryOperator<BDictionary.Builder> change) {
        BDictionary base = decode(full(v1).toResumeData());
        return AddTorrentParams.fromResumeData(BencodeEncoder.encode(change.apply(base.toBuilder()).build()));
    }

    private static void refused(UnaryOperator<BDictionary.Builder> change, Reason reason) {
        assertRefused(() -> read(change), reason);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidResumeDataException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static BList unfinished(int piece, int... mask) {
        byte[] bytes = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            bytes[i] = (byte) mask[i];
        }
        return BList.of(BDictionary.builder().put("piece", piece).put("bitmask", bytes).build());
    }

    private static byte[] piecesOf(int count, int... values) {
        byte[] out = new byte[count];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] filled(int length) {
        return filled(length, 1);
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static List<Integer> ints(BList list) {
        List<Integer> out = new ArrayList<>();
        for (BValue v : list.values()) {
            out.add((int) ((BInteger) v).value());
        }
        return out;
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

}
