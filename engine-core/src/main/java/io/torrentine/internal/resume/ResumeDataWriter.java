package io.torrentine.internal.resume;

import static io.torrentine.internal.resume.ResumeKeys.*;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.TorrentFlag;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes {@link AddTorrentParams} as resume data in libtorrent's format (the keys and encodings
 * of libtorrent's {@code write_resume_data}): one byte per piece in {@code pieces} with bit 0 for
 * "had", partial pieces as {@code piece} + {@code bitmask} (BEP 3 bit order, one bit per 16 KiB
 * block), trackers as a list of tiers, statistics in bytes and seconds. The {@code info}
 * dictionary goes in as its exact original bytes, so that it still hashes to the info-hash. The v2
 * piece layers go in twice: under Torrentine's {@code piece layers} (compact, read first) and as
 * libtorrent's {@code trees} ({@link LibtorrentTrees}), which libtorrent reads.
 */
public final class ResumeDataWriter {
    private static final BString INFO_KEY = BString.of(INFO);

    private ResumeDataWriter() {
    }

    /**
     * The resume data as bytes: canonical bencode (keys sorted), with the raw {@code info}
     * dictionary spliced in at its sorted place.
     *
     * @param params the parameters
     * @return the bencoded resume data
     */
    public static byte[] toBytes(AddTorrentParams params) {
        BDictionary fields = fieldsWithoutInfo(params);
        Optional<TorrentInfo> torrent = params.torrent();
        if (torrent.isEmpty()) {
            return BencodeEncoder.encode(fields);
        }
        return withRawInfo(fields, torrent.get().infoDictionary());
    }

    /**
     * Canonical bencode of {@code fields} with {@code "4:info"} and the raw, already bencoded
     * {@code info} dictionary at its sorted place: the dictionary is copied byte for byte, so
     * that its hash, the info-hash, cannot change by re-encoding.
     *
     * @param fields the other keys, without {@code info}
     * @param info the info dictionary's bytes as received or read
     * @return the encoded dictionary
     */
    static byte[] withRawInfo(BDictionary fields, byte[] info) {
        BDictionary.Builder before = BDictionary.builder();
        BDictionary.Builder after = BDictionary.builder();
        for (Map.Entry<BString, BValue> e : fields.asMap().entrySet()) {
            (e.getKey().compareTo(INFO_KEY) < 0 ? before : after).put(e.getKey(), e.getValue());
        }
        byte[] head = BencodeEncoder.encode(before.build());
        byte[] tail = BencodeEncoder.encode(after.build());
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + tail.length + info.length + 8);
        // Both halves are "d...e": keep the first's "d" and the second's "e", and put
        // "4:info" plus the raw dictionary between their entries.
        out.write(head, 0, head.length - 1);
        out.writeBytes("4:info".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(info);
        out.write(tail, 1, tail.length - 1);
        return out.toByteArray();
    }

    /**
     * Every field of the resume data except {@code info}, whose exact bytes a re-encoded
     * {@link BDictionary} could not promise ({@link #toBytes} adds them).
     *
     * @param params the parameters
     * @return the fields as a dictionary
     */
    public static BDictionary fieldsWithoutInfo(AddTorrentParams params) {
        BDictionary.Builder d = BDictionary.builder()
                .put(FILE_FORMAT, FILE_FORMAT_VALUE)
                .put(FILE_VERSION, FILE_VERSION_VALUE);
        params.infoHashes().v1().ifPresent(h -> d.put(INFO_HASH, h.toByteArray()));
        params.infoHashes().v2().ifPresent(h -> d.put(INFO_HASH2, h.toByteArray()));
        params.name().ifPresent(n -> d.put(NAME, n));
        d.put(SAVE_PATH, params.savePath().toString());

        params.torrent().ifPresent(t -> putTorrentExtras(d, t));

        List<BValue> tiers = new ArrayList<>();
        for (List<String> tier : params.trackers()) {
            tiers.add(strings(tier));
        }
        d.put(TRACKERS, BList.of(tiers));
        d.put(URL_LIST, strings(params.webSeeds()));
        putPeers(d, params.peers());

        if (!params.filePriorities().isEmpty()) {
            List<BValue> priorities = new ArrayList<>();
            for (int p : params.filePriorities()) {
                priorities.add(BInteger.of(p));
            }
            d.put(FILE_PRIORITY, BList.of(priorities));
        }
        List<Integer> piecePriorities = params.piecePriorities();
        if (!piecePriorities.isEmpty()) {
            byte[] bytes = new byte[piecePriorities.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (int) piecePriorities.get(i);
            }
            d.put(PIECE_PRIORITY, bytes);
        }
        params.torrent().ifPresent(t -> putProgress(d, params, t));

        d.put(TOTAL_UPLOADED, params.totalUploaded())
                .put(TOTAL_DOWNLOADED, params.totalDownloaded())
                .put(ACTIVE_TIME, params.activeTime().getSeconds())
                .put(SEEDING_TIME, params.seedingTime().getSeconds())
                .put(ADDED_TIME, params.addedTime().map(Instant::getEpochSecond).orElse(0L))
                .put(COMPLETED_TIME, params.completedTime().map(Instant::getEpochSecond).orElse(0L))
                .put(PAUSED, params.hasFlag(TorrentFlag.PAUSED) ? 1 : 0)
                .put(SEQUENTIAL_DOWNLOAD, params.hasFlag(TorrentFlag.SEQUENTIAL_DOWNLOAD) ? 1 : 0);
        params.torrent().filter(TorrentInfo::hasV2).ifPresent(t -> putTrees(d, t));
        return d.build();
    }

    /**
     * libtorrent's {@code trees}, so that libtorrent resuming from this data keeps the v2 piece
     * layers (it ignores {@code piece layers}). Last, because its masks may be large: it gets
     * what is left of {@link ResumeDataReader#MAX_SIZE} after every other field and the
     * {@code info} bytes, so that the data always reads back.
     */
    private static void putTrees(BDictionary.Builder d, TorrentInfo torrent) {
        long rest = BencodeEncoder.encodedLength(d.build()) + INFO.length() + 2 + torrent.infoDictionarySize()
                + TREES.length() + 2;
        LibtorrentTrees.write(torrent, ResumeDataReader.MAX_SIZE - rest).ifPresent(trees -> d.put(TREES, trees));
    }

    /** What a .torrent file has beside {@code info} that resume data keeps too. */
    private static void putTorrentExtras(BDictionary.Builder d, TorrentInfo torrent) {
        torrent.comment().ifPresent(c -> d.put(COMMENT, c));
        torrent.createdBy().ifPresent(c -> d.put(CREATED_BY, c));
        torrent.creationDate().ifPresent(c -> d.put(CREATION_DATE, c.getEpochSecond()));
        BDictionary.Builder layers = BDictionary.builder();
        int layerCount = 0;
        for (FileEntry file : torrent.files()) {
            Optional<Sha256Hash> root = file.piecesRoot();
            if (root.isPresent() && file.size() > torrent.pieceLength()) {
                Optional<byte[]> layer = torrent.pieceLayer(root.get());
                if (layer.isPresent()) {
                    layers.put(BString.of(root.get().toByteArray()), BString.of(layer.get()));
                    layerCount++;
                }
            }
        }
        if (layerCount > 0) {
            d.put(PIECE_LAYERS, layers.build());
        }
    }

    private static void putPeers(BDictionary.Builder d, List<PeerAddress> peers) {
        byte[] v4 = CompactPeers.encode(peers, false);
        byte[] v6 = CompactPeers.encode(peers, true);
        if (v4.length > 0) {
            d.put(PEERS, v4);
        }
        if (v6.length > 0) {
            d.put(PEERS6, v6);
        }
        List<String> names = new ArrayList<>();
        for (PeerAddress peer : peers) {
            if (peer.isHostName()) {
                names.add(peer.toString());
            }
        }
        if (!names.isEmpty()) {
            d.put(PEER_NAMES, strings(names));
        }
    }

    private static void putProgress(BDictionary.Builder d, AddTorrentParams params, TorrentInfo torrent) {
        byte[] pieces = new byte[torrent.pieceCount()];
        BitSet have = params.havePieces();
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            pieces[i] = PIECE_HAVE_BIT;
        }
        d.put(PIECES, pieces);
        if (params.unfinishedPieces().isEmpty()) {
            return;
        }
        List<BValue> unfinished = new ArrayList<>();
        for (Map.Entry<Integer, Set<Integer>> e : params.unfinishedPieces().entrySet()) {
            int blocks = (torrent.pieceSize(e.getKey()) + AddTorrentParams.BLOCK_SIZE - 1) / AddTorrentParams.BLOCK_SIZE;
            byte[] mask = new byte[(blocks + 7) / 8];
            for (int block : e.getValue()) {
                mask[block >>> 3] |= (byte) (0x80 >>> (block & 7));
            }
            unfinished.add(BDictionary.builder()
                    .put(UNFINISHED_PIECE, e.getKey())
                    .put(UNFINISHED_BITMASK, mask)
                    .build());
        }
        d.put(UNFINISHED, BList.of(unfinished));
    }

    private static BList strings(List<String> values) {
        List<BValue> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(BString.of(v));
        }
        return BList.of(out);
    }
}
