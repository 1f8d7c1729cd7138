package io.torrentine.internal.resume;

import static io.torrentine.internal.resume.ResumeKeys.*;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.bencode.BencodeLimits;
import io.torrentine.bencode.Span;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.MetainfoLimits;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.session.InvalidResumeDataException.Reason;
import io.torrentine.session.TorrentFlag;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads resume data in libtorrent's format into {@link AddTorrentParams}, refusing anything
 * malformed or inconsistent with an {@link InvalidResumeDataException} and a reason. Bounded:
 * the input size, bencode depth and item count, and the metainfo limits of the metadata. Keys it
 * does not know are ignored, as libtorrent ignores them; a key it knows must hold the type and
 * range libtorrent writes. All-zero {@code info-hash} and {@code info-hash2} (what libtorrent
 * writes for a hash the torrent lacks) mean "absent". libtorrent's {@code trees} give v2 piece
 * layers, each checked against its file's root ({@link LibtorrentTrees}). Pure (it only logs a
 * tree it ignores) and thread-safe.
 */
public final class ResumeDataReader {
    /** The largest resume data read, {@link AddTorrentParams#MAX_RESUME_DATA_SIZE}. */
    public static final int MAX_SIZE = AddTorrentParams.MAX_RESUME_DATA_SIZE;

    private static final BencodeDecoder DECODER = BencodeDecoder.lenient()
            .withLimits(BencodeLimits.DEFAULT.withMaxInputSize(MAX_SIZE).withMaxStringLength(MAX_SIZE));
    /**
     * The metadata's limits, except that the .torrent file rebuilt from resume data may be as
     * large as the resume data: it adds the piece layers (32 bytes a piece) to the info bytes.
     */
    private static final MetainfoLimits METAINFO_LIMITS = new MetainfoLimits(
            MetainfoLimits.DEFAULT.bencode().withMaxInputSize(MAX_SIZE).withMaxStringLength(MAX_SIZE),
            MetainfoLimits.DEFAULT.maxPieces(), MetainfoLimits.DEFAULT.maxFiles(),
            MetainfoLimits.DEFAULT.maxPathDepth(), MetainfoLimits.DEFAULT.maxDuplicateCollisions());
    private static final Logger LOG = LoggerFactory.getLogger(ResumeDataReader.class);

    private ResumeDataReader() {
    }

    /**
     * Reads resume data.
     *
     * @param data the bencoded resume data
     * @param given the metadata the application already has, or null to rely on the data's own
     *     {@code info}
     * @return the parameters
     * @throws InvalidResumeDataException if the data is malformed, over a limit or inconsistent
     */
    public static AddTorrentParams read(byte[] data, TorrentInfo given) {
        if (data.length > MAX_SIZE) {
            throw new InvalidResumeDataException(Reason.TOO_LARGE, data.length + " bytes, limit " + MAX_SIZE);
        }
        BValue root;
        try {
            BencodeDecoder.Decoded decoded = DECODER.decodePrefix(data, 0, data.length);
            if (decoded.end() != data.length) {
                throw new InvalidResumeDataException(Reason.MALFORMED_BENCODE,
                        (data.length - decoded.end()) + " bytes after the dictionary");
            }
            root = decoded.value();
        } catch (BencodeException e) {
            throw new InvalidResumeDataException(Reason.MALFORMED_BENCODE, e.getMessage(), e);
        }
        if (!(root instanceof BDictionary)) {
            throw new InvalidResumeDataException(Reason.NOT_A_DICTIONARY, "the top level is not a dictionary");
        }
        return new Fields(data, (BDictionary) root).read(given);
    }

    /** One read: the input and its top-level dictionary. */
    private static final class Fields {
        private final byte[] data;
        private final BDictionary d;

        Fields(byte[] data, BDictionary d) {
            this.data = data;
            this.d = d;
        }

        AddTorrentParams read(TorrentInfo given) {
            Optional<BString> format = optional(FILE_FORMAT, BString.class);
            if (format.isEmpty() || !format.get().contentEquals(FILE_FORMAT_VALUE)) {
                throw new InvalidResumeDataException(Reason.WRONG_FILE_FORMAT,
                        FILE_FORMAT + " is not \"" + FILE_FORMAT_VALUE + "\"");
            }
            Optional<Long> version = optional(FILE_VERSION, BInteger.class).map(BInteger::value);
            if (version.isPresent() && version.get() != FILE_VERSION_VALUE) {
                throw new InvalidResumeDataException(Reason.UNSUPPORTED_VERSION, FILE_VERSION + " " + version.get());
            }
            TorrentInfo torrent = metadata(given);
            AddTorrentParams.Builder b = torrent != null
                    ? AddTorrentParams.builder(torrent, savePath())
                    : AddTorrentParams.builder(namedHashes(), savePath());
            b.name(optionalText(NAME).orElse(null));
            b.trackers(trackers());
            b.webSeeds(textList(URL_LIST));
            b.peers(peers());
            b.filePriorities(filePriorities(torrent));
            b.piecePriorities(piecePriorities(torrent));
            BitSet have = havePieces(torrent);
            b.havePieces(have);
            readUnfinished(b, torrent, have);
            b.totalUploaded(count(TOTAL_UPLOADED))
                    .totalDownloaded(count(TOTAL_DOWNLOADED))
                    .activeTime(Duration.ofSeconds(count(ACTIVE_TIME)))
                    .seedingTime(Duration.ofSeconds(count(SEEDING_TIME)))
                    .addedTime(time(ADDED_TIME))
                    .completedTime(time(COMPLETED_TIME))
                    .flag(TorrentFlag.PAUSED, flag(PAUSED))
                    .flag(TorrentFlag.SEQUENTIAL_DOWNLOAD, flag(SEQUENTIAL_DOWNLOAD));
            return b.build();
        }

        /** The info-hashes the data names, all-zero ones counted as absent. */
        private Optional<Sha1Hash> namedV1() {
            return hashBytes(INFO_HASH, Sha1Hash.LENGTH).map(Sha1Hash::of);
        }

        private Optional<Sha256Hash> namedV2() {
            return hashBytes(INFO_HASH2, Sha256Hash.LENGTH).map(Sha256Hash::of);
        }

        private InfoHashes namedHashes() {
            Optional<Sha1Hash> v1 = namedV1();
            Optional<Sha256Hash> v2 = namedV2();
            if (v1.isEmpty() && v2.isEmpty()) {
                throw new InvalidResumeDataException(Reason.MISSING_INFO_HASH,
                        "neither " + INFO_HASH + " nor " + INFO_HASH2 + " names the torrent, and there is no " + INFO);
            }
            return new InfoHashes(v1, v2);
        }

        private Optional<byte[]> hashBytes(String key, int length) {
            Optional<BString> s = optional(key, BString.class);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            if (s.get().length() != length) {
                throw invalid(key, s.get().length() + " bytes, not " + length);
            }
            byte[] bytes = s.get().toByteArray();
            for (byte x : bytes) {
                if (x != 0) {
                    return Optional.of(bytes);
                }
            }
            return Optional.empty();
        }

        /**
         * The metadata: the data's own {@code info}, checked against the hashes, or the given
         * one; with the v2 piece layers the data carries ({@code piece layers}, {@code trees})
         * added to it.
         */
        private TorrentInfo metadata(TorrentInfo given) {
            Optional<BDictionary> info = optional(INFO, BDictionary.class);
            Optional<Sha1Hash> v1 = namedV1();
            Optional<Sha256Hash> v2 = namedV2();
            TorrentInfo torrent = given;
            Map<Sha256Hash, byte[]> layers = new LinkedHashMap<>();
            if (info.isPresent()) {
                TorrentInfo own = parseTorrent(info.get());
                checkHashes(own.infoHashes(), v1, v2, "the " + INFO + " dictionary");
                if (given != null && !given.infoHashes().equals(own.infoHashes())) {
                    throw new InvalidResumeDataException(Reason.INFO_HASH_MISMATCH, "the " + INFO
                            + " dictionary is of " + own.infoHashes() + ", the torrent given of " + given.infoHashes());
                }
                // The application's copy may carry what resume data does not (piece layers),
                // and the other way round: the layers of either end up in the result.
                torrent = given != null ? given : own;
                layers.putAll(layersOf(own));
            } else if (given != null) {
                checkHashes(given.infoHashes(), v1, v2, "the torrent given");
            }
            layers.putAll(treeLayers(torrent));
            if (torrent == null || layers.isEmpty()) {
                return torrent;
            }
            try {
                return MetadataWithLayers.of(torrent, layers, METAINFO_LIMITS);
            } catch (InvalidMetainfoException e) {
                throw new InvalidResumeDataException(Reason.INVALID_METADATA,
                        "the metadata with its piece layers: " + e.getMessage(), e);
            }
        }

        private static Map<Sha256Hash, byte[]> layersOf(TorrentInfo torrent) {
            Map<Sha256Hash, byte[]> layers = new LinkedHashMap<>();
            for (FileEntry f : torrent.files()) {
                f.piecesRoot().ifPresent(root -> torrent.pieceLayer(root).ifPresent(l -> layers.put(root, l)));
            }
            return layers;
        }

        /**
         * The piece layers libtorrent's {@code trees} give (verified against each file's root;
         * trees that give none or a wrong one are skipped, see {@link LibtorrentTrees}).
         */
        private Map<Sha256Hash, byte[]> treeLayers(TorrentInfo torrent) {
            Optional<BList> trees = optional(TREES, BList.class);
            if (trees.isEmpty() || trees.get().size() == 0) {
                return Map.of();
            }
            if (torrent == null) {
                throw new InvalidResumeDataException(Reason.MISSING_METADATA,
                        TREES + " without the metadata to check it against");
            }
            if (!torrent.hasV2()) {
                return Map.of(); // libtorrent keeps no trees for a v1 torrent, and ignores them
            }
            LibtorrentTrees.Result result = LibtorrentTrees.read(trees.get(), torrent);
            for (int i = 0; i < result.outcomes().size(); i++) {
                LibtorrentTrees.Outcome outcome = result.outcomes().get(i);
                if (outcome == LibtorrentTrees.Outcome.ROOT_MISMATCH || outcome == LibtorrentTrees.Outcome.WRONG_SIZE) {
                    LOG.warn("{}: {}[{}] ({}) ignored: {}", torrent.infoHashes(), TREES, i,
                            torrent.files().get(i).path(), outcome);
                }
            }
            return result.layers();
        }

        private static void checkHashes(InfoHashes actual, Optional<Sha1Hash> v1, Optional<Sha256Hash> v2,
                                        String what) {
            boolean v1Ok = v1.isEmpty() || v1.equals(actual.v1());
            boolean v2Ok = v2.isEmpty() || v2.equals(actual.v2());
            if (!v1Ok || !v2Ok) {
                throw new InvalidResumeDataException(Reason.INFO_HASH_MISMATCH, what + " is of " + actual
                        + ", the resume data names " + new InfoHashes(v1.or(() -> actual.v1()), v2.or(() -> actual.v2())));
            }
        }

        /**
         * Parses the metadata as the .torrent file it came from: the exact {@code info} bytes
         * with the comment, creator, creation date and piece layers that resume data keeps.
         * Those three keys sort before {@code info} and {@code piece layers} after it, which is
         * what makes this splice canonical.
         */
        private TorrentInfo parseTorrent(BDictionary info) {
            BDictionary.Builder before = BDictionary.builder();
            optional(COMMENT, BString.class).ifPresent(v -> before.put(COMMENT, v));
            optional(CREATED_BY, BString.class).ifPresent(v -> before.put(CREATED_BY, v));
            optional(CREATION_DATE, BInteger.class).ifPresent(v -> before.put(CREATION_DATE, v));
            Optional<BDictionary> layers = optional(PIECE_LAYERS, BDictionary.class);
            byte[] head = BencodeEncoder.encode(before.build());
            ByteArrayOutputStream torrentFile = new ByteArrayOutputStream();
            torrentFile.write(head, 0, head.length - 1);
            torrentFile.writeBytes("4:info".getBytes(StandardCharsets.US_ASCII));
            writeRaw(torrentFile, info);
            if (layers.isPresent()) {
                torrentFile.writeBytes("12:piece layers".getBytes(StandardCharsets.US_ASCII));
                writeRaw(torrentFile, layers.get());
            }
            torrentFile.write('e');
            try {
                return TorrentInfo.parse(torrentFile.toByteArray(), METAINFO_LIMITS);
            } catch (InvalidMetainfoException e) {
                throw new InvalidResumeDataException(Reason.INVALID_METADATA,
                        "the " + INFO + " dictionary: " + e.getMessage(), e);
            }
        }

        private void writeRaw(ByteArrayOutputStream out, BValue value) {
            Span span = value.span().orElseThrow(() -> new IllegalStateException("decoded values have spans"));
            out.write(data, span.offset(), span.length());
        }

        private Path savePath() {
            Optional<BString> raw = optional(SAVE_PATH, BString.class);
            if (raw.isEmpty() || raw.get().length() == 0) {
                throw new InvalidResumeDataException(Reason.MISSING_SAVE_PATH, SAVE_PATH + " is missing or empty");
            }
            String text = utf8(SAVE_PATH, raw.get());
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw invalid(SAVE_PATH, "not a path here: " + e.getReason());
            }
        }

        private List<List<String>> trackers() {
            List<List<String>> tiers = new ArrayList<>();
            for (BValue tier : optional(TRACKERS, BList.class).map(BList::values).orElse(List.of())) {
                if (!(tier instanceof BList)) {
                    throw invalid(TRACKERS, "a tier is not a list");
                }
                tiers.add(texts(TRACKERS, (BList) tier));
            }
            return tiers;
        }

        private List<String> textList(String key) {
            return optional(key, BList.class).map(list -> texts(key, list)).orElse(List.of());
        }

        private static List<String> texts(String key, BList list) {
            List<String> out = new ArrayList<>(list.size());
            for (BValue v : list.values()) {
                if (!(v instanceof BString)) {
                    throw invalid(key, "an entry is not a string");
                }
                out.add(utf8(key, (BString) v));
            }
            return out;
        }

        private List<PeerAddress> peers() {
            List<PeerAddress> peers = new ArrayList<>();
            compact(PEERS, false, peers);
            compact(PEERS6, true, peers);
            for (String text : textList(PEER_NAMES)) {
                peers.add(PeerAddress.parse(text).orElseThrow(() -> invalid(PEER_NAMES, "not host:port: " + text)));
            }
            return peers;
        }

        private void compact(String key, boolean v6, List<PeerAddress> out) {
            Optional<BString> s = optional(key, BString.class);
            if (s.isEmpty()) {
                return;
            }
            int entry = v6 ? CompactPeers.V6_LENGTH : CompactPeers.V4_LENGTH;
            byte[] bytes = s.get().toByteArray();
            if (bytes.length % entry != 0) {
                throw invalid(key, bytes.length + " bytes is not a whole number of " + entry + "-byte peers");
            }
            for (int at = 0; at < bytes.length; at += entry) {
                CompactPeers.decode(bytes, at, v6).ifPresent(out::add);
            }
        }

        private List<Integer> filePriorities(TorrentInfo torrent) {
            Optional<BList> list = optional(FILE_PRIORITY, BList.class);
            if (list.isEmpty()) {
                return List.of();
            }
            int max = torrent != null ? torrent.files().size() : AddTorrentParams.MAX_FILE_PRIORITIES;
            if (list.get().size() > max) {
                throw new InvalidResumeDataException(Reason.FILE_COUNT_MISMATCH, list.get().size()
                        + " file priorities for " + (torrent != null ? max + " files" : "at most " + max + " files"));
            }
            List<Integer> out = new ArrayList<>(list.get().size());
            for (BValue v : list.get().values()) {
                if (!(v instanceof BInteger)) {
                    throw invalid(FILE_PRIORITY, "an entry is not an integer");
                }
                out.add(priority(FILE_PRIORITY, ((BInteger) v).value()));
            }
            return out;
        }

        private List<Integer> piecePriorities(TorrentInfo torrent) {
            byte[] bytes = optional(PIECE_PRIORITY, BString.class).map(BString::toByteArray).orElse(new byte[0]);
            if (bytes.length == 0) {
                return List.of();
            }
            checkPieceCount(PIECE_PRIORITY, bytes.length, torrent);
            List<Integer> out = new ArrayList<>(bytes.length);
            for (byte p : bytes) {
                out.add(priority(PIECE_PRIORITY, p & 0xFF));
            }
            return out;
        }

        private BitSet havePieces(TorrentInfo torrent) {
            byte[] bytes = optional(PIECES, BString.class).map(BString::toByteArray).orElse(new byte[0]);
            BitSet have = new BitSet();
            if (bytes.length == 0) {
                return have;
            }
            checkPieceCount(PIECES, bytes.length, torrent);
            for (int i = 0; i < bytes.length; i++) {
                // Bit 1 is libtorrent's "verified" (seed mode): meaningless without bit 0.
                if ((bytes[i] & PIECE_HAVE_BIT) != 0) {
                    have.set(i);
                }
            }
            return have;
        }

        private static void checkPieceCount(String key, int entries, TorrentInfo torrent) {
            if (torrent == null) {
                throw new InvalidResumeDataException(Reason.MISSING_METADATA,
                        key + " without the metadata to check it against");
            }
            if (entries != torrent.pieceCount()) {
                throw new InvalidResumeDataException(Reason.PIECE_COUNT_MISMATCH,
                        key + " has " + entries + " entries, the torrent " + torrent.pieceCount() + " pieces");
            }
        }

        private void readUnfinished(AddTorrentParams.Builder b, TorrentInfo torrent, BitSet have) {
            List<BValue> entries = optional(UNFINISHED, BList.class).map(BList::values).orElse(List.of());
            if (entries.isEmpty()) {
                return;
            }
            if (torrent == null) {
                throw new InvalidResumeDataException(Reason.MISSING_METADATA,
                        UNFINISHED + " without the metadata to check it against");
            }
            BitSet seen = new BitSet();
            for (BValue entry : entries) {
                if (!(entry instanceof BDictionary)) {
                    throw invalid(UNFINISHED, "an entry is not a dictionary");
                }
                BDictionary e = (BDictionary) entry;
                long piece = e.get(UNFINISHED_PIECE).filter(BInteger.class::isInstance)
                        .map(v -> ((BInteger) v).value())
                        .orElseThrow(() -> invalid(UNFINISHED, "an entry has no integer " + UNFINISHED_PIECE));
                BString mask = e.get(UNFINISHED_BITMASK).filter(BString.class::isInstance).map(BString.class::cast)
                        .orElseThrow(() -> invalid(UNFINISHED, "an entry has no string " + UNFINISHED_BITMASK));
                if (piece < 0 || piece >= torrent.pieceCount() || seen.get((int) piece)) {
                    throw new InvalidResumeDataException(Reason.PIECE_OUT_OF_RANGE, "partial piece " + piece
                            + (piece >= 0 && piece < torrent.pieceCount() ? " given twice" : " of " + torrent.pieceCount()));
                }
                int index = (int) piece;
                seen.set(index);
                TreeSet<Integer> blocks = blocks(torrent, index, mask);
                if (blocks.isEmpty()) {
                    continue; // libtorrent skips a partial piece with no block written
                }
                if (have.get(index)) {
                    throw new InvalidResumeDataException(Reason.INCONSISTENT_PIECES,
                            "piece " + index + " is both had and partial");
                }
                b.unfinishedPiece(index, blocks);
            }
        }

        /** The blocks a BEP 3-ordered bitmask marks: bit 0 is the high bit of byte 0. */
        private static TreeSet<Integer> blocks(TorrentInfo torrent, int piece, BString mask) {
            int blockCount = (torrent.pieceSize(piece) + AddTorrentParams.BLOCK_SIZE - 1) / AddTorrentParams.BLOCK_SIZE;
            if (mask.length() > (blockCount + 7) / 8) {
                throw new InvalidResumeDataException(Reason.BLOCK_OUT_OF_RANGE, "piece " + piece + " has "
                        + blockCount + " blocks, its bitmask " + mask.length() + " bytes");
            }
            TreeSet<Integer> blocks = new TreeSet<>();
            for (int i = 0; i < mask.length() * 8; i++) {
                if ((mask.byteAt(i >>> 3) & (0x80 >>> (i & 7))) != 0) {
                    if (i >= blockCount) {
                        throw new InvalidResumeDataException(Reason.BLOCK_OUT_OF_RANGE,
                                "piece " + piece + " has " + blockCount + " blocks, not a block " + i);
                    }
                    blocks.add(i);
                }
            }
            return blocks;
        }

        private long count(String key) {
            long value = optional(key, BInteger.class).map(BInteger::value).orElse(0L);
            if (value < 0) {
                throw invalid(key, "negative: " + value);
            }
            return value;
        }

        private Instant time(String key) {
            long seconds = count(key);
            if (seconds > Instant.MAX.getEpochSecond()) {
                throw invalid(key, "beyond the last representable instant: " + seconds);
            }
            return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
        }

        private boolean flag(String key) {
            // libtorrent reads any non-zero integer as set.
            return optional(key, BInteger.class).map(v -> v.value() != 0).orElse(false);
        }

        private static int priority(String key, long value) {
            if (value < AddTorrentParams.DONT_DOWNLOAD || value > AddTorrentParams.TOP_PRIORITY) {
                throw invalid(key, "a priority is 0 to 7, not " + value);
            }
            return (int) value;
        }

        private Optional<String> optionalText(String key) {
            return optional(key, BString.class).map(s -> utf8(key, s));
        }

        private static String utf8(String key, BString s) {
            return s.asStrictUtf8().orElseThrow(() -> invalid(key, "not UTF-8"));
        }

        /** The value under a key, which must be of the given type if present. */
        private <T extends BValue> Optional<T> optional(String key, Class<T> type) {
            Optional<BValue> v = d.get(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            if (!type.isInstance(v.get())) {
                throw invalid(key, "not a " + type.getSimpleName().substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            return Optional.of(type.cast(v.get()));
        }

        private static InvalidResumeDataException invalid(String key, String detail) {
            return new InvalidResumeDataException(Reason.INVALID_FIELD, key + ": " + detail);
        }
    }
}
