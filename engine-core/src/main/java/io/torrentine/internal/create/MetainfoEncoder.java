package io.torrentine.internal.create;

import io.torrentine.internal.hash.Merkle;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentVersion;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the metainfo of a hashed source: the info dictionary exactly as libtorrent 2.0 writes
 * it for the same files and options (BEP 3, BEP 47 pad files and {@code attr}, BEP 52 file tree
 * and piece layers, BEP 27 private), and around it the BEP 12 trackers, BEP 19 web seeds and the
 * descriptive fields. The encoder sorts keys, so the output is canonical and the info-hashes are
 * those of the very bytes in the file.
 */
public final class MetainfoEncoder {
    private static final BString EMPTY_KEY = BString.of(new byte[0]);

    private final ScannedSource source;
    private final PieceLayout layout;
    private final PieceHashes hashes;
    private final TorrentVersion version;
    private final MetainfoFields fields;
    private final MessageDigest sha256 = Digests.sha256();
    private byte[][] roots;

    private MetainfoEncoder(ScannedSource source, PieceLayout layout, PieceHashes hashes,
                            TorrentVersion version, MetainfoFields fields) {
        this.source = source;
        this.layout = layout;
        this.hashes = hashes;
        this.version = version;
        this.fields = fields;
    }

    /**
     * Encodes a torrent.
     *
     * @param source the scanned source
     * @param layout its layout in piece space
     * @param hashes the piece hashes of that layout
     * @param version which metadata to write
     * @param fields the remaining fields
     * @return the torrent and its info-hashes
     */
    public static EncodedTorrent encode(ScannedSource source, PieceLayout layout,
                                        PieceHashes hashes, TorrentVersion version,
                                        MetainfoFields fields) {
        return new MetainfoEncoder(source, layout, hashes, version, fields).encode();
    }

    private EncodedTorrent encode() {
        BDictionary.Builder torrent = BDictionary.builder();
        if (version.hasV2()) {
            torrent.put("piece layers", pieceLayers());
        }
        BDictionary info = info();
        byte[] infoBytes = BencodeEncoder.encode(info);
        torrent.put("info", info);

        List<List<String>> tiers = fields.trackerTiers();
        if (!tiers.isEmpty()) {
            torrent.put("announce", tiers.get(0).get(0));
        }
        // BEP 12: the list only when there is more than the one tracker that announce names.
        if (tiers.stream().mapToInt(List::size).sum() > 1) {
            List<BValue> list = new ArrayList<>();
            for (List<String> tier : tiers) {
                list.add(strings(tier));
            }
            torrent.put("announce-list", BList.of(list));
        }
        if (fields.webSeeds().size() == 1) {
            torrent.put("url-list", fields.webSeeds().get(0));
        } else if (!fields.webSeeds().isEmpty()) {
            torrent.put("url-list", strings(fields.webSeeds()));
        }
        if (fields.comment() != null) {
            torrent.put("comment", fields.comment());
        }
        if (fields.createdBy() != null) {
            torrent.put("created by", fields.createdBy());
        }
        if (fields.creationDate() != null) {
            torrent.put("creation date", fields.creationDate());
        }

        byte[] bytes = BencodeEncoder.encode(torrent.build());
        InfoHashes infoHashes;
        switch (version) {
            case V1:
                infoHashes = InfoHashes.ofV1(Sha1Hash.of(Digests.sha1().digest(infoBytes)));
                break;
            case V2:
                infoHashes = InfoHashes.ofV2(Sha256Hash.of(sha256.digest(infoBytes)));
                break;
            default:
                infoHashes = InfoHashes.ofHybrid(Sha1Hash.of(Digests.sha1().digest(infoBytes)),
                        Sha256Hash.of(sha256.digest(infoBytes)));
                break;
        }
        return new EncodedTorrent(bytes, infoHashes);
    }

    private BDictionary info() {
        BDictionary.Builder info = BDictionary.builder()
                .put("name", source.name())
                .put("piece length", layout.pieceLength());
        if (fields.privateTorrent()) {
            info.put("private", 1);
        }
        if (version.hasV1()) {
            info.put("pieces", hashes.v1());
            if (source.singleFile()) {
                SourceFile file = layout.files().get(0);
                info.put("length", file.length());
                if (marksExecutable(file)) {
                    info.put("attr", "x");
                }
            } else {
                info.put("files", v1Files());
            }
        }
        if (version.hasV2()) {
            info.put("meta version", 2);
            info.put("file tree", fileTree());
        }
        return info.build();
    }

    /** BEP 3 file list; for a hybrid, BEP 47 pad files keep each file piece-aligned. */
    private BList v1Files() {
        List<BValue> list = new ArrayList<>();
        List<SourceFile> files = layout.files();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            BDictionary.Builder entry = BDictionary.builder()
                    .put("length", file.length())
                    .put("path", strings(file.components()));
            if (marksExecutable(file)) {
                entry.put("attr", "x");
            }
            list.add(entry.build());
            long pad = layout.padAfter(i);
            if (version == TorrentVersion.HYBRID && pad > 0) {
                list.add(BDictionary.builder()
                        .put("attr", "p")
                        .put("length", pad)
                        .put("path", strings(List.of(".pad", Long.toString(pad))))
                        .build());
            }
        }
        return BList.of(list);
    }

    /** BEP 52 file tree: one dictionary per path component, the file under the empty key. */
    private BDictionary fileTree() {
        TreeNode root = new TreeNode();
        List<SourceFile> files = layout.files();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            TreeNode node = root;
            List<String> path = source.singleFile() ? List.of(source.name()) : file.components();
            for (String component : path) {
                node = node.children.computeIfAbsent(component, k -> new TreeNode());
            }
            BDictionary.Builder entry = BDictionary.builder().put("length", file.length());
            if (file.length() > 0) {
                entry.put("pieces root", fileRoot(i));
            }
            // libtorrent writes attr into the tree of multi-file torrents only.
            if (!source.singleFile() && marksExecutable(file)) {
                entry.put("attr", "x");
            }
            node.file = entry.build();
        }
        return root.toDictionary();
    }

    /** BEP 52 piece layers: for each file larger than one piece, its piece hashes by root. */
    private BDictionary pieceLayers() {
        BDictionary.Builder layers = BDictionary.builder();
        List<SourceFile> files = layout.files();
        for (int i = 0; i < files.size(); i++) {
            int pieces = layout.filePieceCount(i);
            if (pieces < 2) {
                continue;
            }
            int from = layout.firstPiece(i) * Merkle.HASH_LENGTH;
            layers.put(BString.of(fileRoot(i)), BString.of(
                    Arrays.copyOfRange(hashes.v2(), from, from + pieces * Merkle.HASH_LENGTH)));
        }
        return layers.build();
    }

    private byte[] fileRoot(int file) {
        if (roots == null) {
            roots = new byte[layout.files().size()][];
        }
        if (roots[file] == null) {
            int pieces = layout.filePieceCount(file);
            int from = layout.firstPiece(file) * Merkle.HASH_LENGTH;
            byte[] layer = Arrays.copyOfRange(hashes.v2(), from,
                    from + pieces * Merkle.HASH_LENGTH);
            // The piece layer is padded with the root of a piece-sized tree of zero leaves.
            int levelsPerPiece = Integer.numberOfTrailingZeros(
                    layout.pieceLength() / PieceLengths.BLOCK_SIZE);
            roots[file] = Merkle.rootInPlace(layer, pieces, Merkle.paddedCount(pieces),
                    Merkle.padNode(levelsPerPiece, sha256), sha256);
        }
        return roots[file];
    }

    private boolean marksExecutable(SourceFile file) {
        return fields.executableAttribute() && file.executable();
    }

    private static BList strings(List<String> values) {
        List<BValue> list = new ArrayList<>(values.size());
        for (String value : values) {
            list.add(BString.of(value));
        }
        return BList.of(list);
    }

    /** A folder or a file of the file tree being built. */
    private static final class TreeNode {
        final Map<String, TreeNode> children = new LinkedHashMap<>();
        BDictionary file;

        BDictionary toDictionary() {
            BDictionary.Builder dictionary = BDictionary.builder();
            if (file != null) {
                dictionary.put(EMPTY_KEY, file);
            }
            for (Map.Entry<String, TreeNode> child : children.entrySet()) {
                dictionary.put(child.getKey(), child.getValue().toDictionary());
            }
            return dictionary.build();
        }
    }
}
