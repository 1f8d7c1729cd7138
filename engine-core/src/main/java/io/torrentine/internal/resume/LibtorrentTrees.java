package io.torrentine.internal.resume;

import static io.torrentine.internal.resume.ResumeKeys.TREES;
import static io.torrentine.internal.resume.ResumeKeys.TREE_HASHES;
import static io.torrentine.internal.resume.ResumeKeys.TREE_MASK;
import static io.torrentine.internal.resume.ResumeKeys.TREE_VERIFIED;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.internal.hash.Merkle;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.session.InvalidResumeDataException.Reason;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libtorrent's {@code trees} resume key (2.0): the v2 merkle trees (BEP 52) it keeps per file,
 * read into piece layers and written from them.
 *
 * <p>What libtorrent 2.0.8 writes: a list with one dictionary per file of the torrent, in file
 * order, pad files included. {@code hashes} is a string of 32-byte nodes; {@code mask}, when
 * present, is one character per node of the file's whole tree ({@code '1'} = present, in
 * libtorrent's flat order: root first, the children of node i at 2i+1 and 2i+2, leaves padded
 * to a power of two), and {@code hashes} holds the present nodes in that order; without
 * {@code mask}, {@code hashes} is the whole tree. {@code verified} has one character per 16 KiB
 * block. A finished download holds the block layer, a torrent added from a .torrent holds the
 * piece layer, a download in progress holds whatever nodes it has; pad files and empty files get
 * an empty {@code hashes} alone, files of at most one piece an empty {@code hashes} with an
 * all-{@code '0'} mask.
 *
 * <p>Reading never believes a node it cannot prove: a file's piece layer is taken (from the piece
 * nodes present, or computed from the nodes below them) only if it hashes to the file's
 * {@code pieces root} from the metadata, which the info-hash vouches for. That is also why
 * {@code verified} is checked for form but not used: unverified leaves are harmless when the root
 * check proves every hash they give. A tree that gives no layer is not an error (a download in
 * progress, or a file that needs none); one that gives a wrong layer is ignored, as libtorrent
 * ignores it, with its own outcome. Malformed entries (wrong types, {@code hashes} not whole
 * nodes, a mask character other than 0 or 1, more entries than files) are refused like any
 * malformed key.
 *
 * <p>Writing uses the piece-layer form libtorrent writes for a torrent added from a .torrent:
 * {@code hashes} is the layer, {@code mask} marks the piece nodes; {@code verified} is left out
 * (libtorrent reads it only for a partial tree). A file without a layer gets an empty
 * {@code hashes}. The mask costs one byte per tree node, about two per 16 KiB of the file, so
 * trees are written only within a byte budget.
 */
final class LibtorrentTrees {
    /** An entry that carries nothing, {@code d6:hashes0:e}: libtorrent's for a pad or empty file. */
    private static final BDictionary EMPTY_ENTRY = BDictionary.builder().put(TREE_HASHES, new byte[0]).build();

    /** What one entry of {@code trees} gave for its file. */
    enum Outcome {
        /** The file needs no piece layer (pad, empty, or at most one piece); the entry is not used. */
        NOT_NEEDED,
        /** A piece layer recovered and verified against the file's {@code pieces root}. */
        RECOVERED,
        /** The nodes present do not give every piece hash (a download in progress, or no nodes). */
        INCOMPLETE,
        /** The nodes give a piece layer that does not hash to the file's root: ignored. */
        ROOT_MISMATCH,
        /** A whole tree without a mask (libtorrent's older form) that has the wrong node count: ignored. */
        WRONG_SIZE
    }

    /**
     * What the {@code trees} key gave.
     *
     * @param outcomes one per entry, in file order
     * @param layers the recovered piece layers by the file's root
     */
    record Result(List<Outcome> outcomes, Map<Sha256Hash, byte[]> layers) {
    }

    private LibtorrentTrees() {
    }

    /**
     * Reads {@code trees} against the torrent's files.
     *
     * @param trees the list under {@code trees}
     * @param torrent the metadata; a v2 or hybrid torrent
     * @return the outcome of each entry and the layers recovered
     * @throws InvalidResumeDataException {@code FILE_COUNT_MISMATCH} for more entries than files,
     *     {@code INVALID_FIELD} for a malformed entry
     */
    static Result read(BList trees, TorrentInfo torrent) {
        List<FileEntry> files = torrent.files();
        if (trees.size() > files.size()) {
            throw new InvalidResumeDataException(Reason.FILE_COUNT_MISMATCH,
                    TREES + " has " + trees.size() + " entries for " + files.size() + " files");
        }
        List<Outcome> outcomes = new ArrayList<>(trees.size());
        Map<Sha256Hash, byte[]> layers = new LinkedHashMap<>();
        for (int i = 0; i < trees.size(); i++) {
            Entry entry = Entry.of(trees.get(i), i);
            FileEntry file = files.get(i);
            if (!needsLayer(file, torrent.pieceLength())) {
                outcomes.add(Outcome.NOT_NEEDED);
                continue;
            }
            Shape shape = new Shape(file.size(), torrent.pieceLength());
            Optional<byte[]> layer;
            if (entry.mask.isPresent()) {
                layer = shape.pieceLayerOfSparseTree(entry.hashes, entry.mask.get());
            } else if (entry.hashes.length() == 0) {
                layer = Optional.empty();
            } else if (entry.hashes.length() / Merkle.HASH_LENGTH != shape.treeSize) {
                outcomes.add(Outcome.WRONG_SIZE);
                continue;
            } else {
                layer = Optional.of(entry.hashes.copyOfRange(shape.pieceLayerStart * Merkle.HASH_LENGTH,
                        (shape.pieceLayerStart + shape.pieces) * Merkle.HASH_LENGTH));
            }
            if (layer.isEmpty()) {
                outcomes.add(Outcome.INCOMPLETE);
                continue;
            }
            Sha256Hash root = file.piecesRoot().orElseThrow();
            if (!Arrays.equals(Merkle.rootOfLayer(layer.get(), shape.blocksPerPiece), root.toByteArray())) {
                outcomes.add(Outcome.ROOT_MISMATCH);
                continue;
            }
            outcomes.add(Outcome.RECOVERED);
            layers.put(root, layer.get());
        }
        return new Result(List.copyOf(outcomes), Collections.unmodifiableMap(layers));
    }

    /**
     * The {@code trees} list for a torrent's piece layers: one entry per file, the piece-layer
     * form for each file that has a layer, while the written bytes stay within {@code budget};
     * files past the budget get an empty entry, as do files without a layer.
     *
     * @param torrent the metadata; a v2 or hybrid torrent
     * @param budget the most bytes the encoded list may take
     * @return the list, or empty if no file has a layer or not even empty entries fit
     */
    static Optional<BList> write(TorrentInfo torrent, long budget) {
        List<FileEntry> files = torrent.files();
        long emptyEntry = BencodeEncoder.encodedLength(EMPTY_ENTRY);
        // "l" + "e", plus an empty entry for every file: what the list costs at least.
        long spent = 2 + emptyEntry * files.size();
        if (spent > budget) {
            return Optional.empty();
        }
        List<BValue> entries = new ArrayList<>(files.size());
        boolean anyLayer = false;
        for (FileEntry file : files) {
            BDictionary entry = EMPTY_ENTRY;
            Optional<byte[]> layer = needsLayer(file, torrent.pieceLength())
                    ? torrent.pieceLayer(file.piecesRoot().orElseThrow()) : Optional.empty();
            if (layer.isPresent()) {
                Shape shape = new Shape(file.size(), torrent.pieceLength());
                // Exact cost: the layer and the mask, each with its length prefix and key.
                long cost = BencodeEncoder.encodedLength(BString.of(TREE_MASK)) + digits(shape.treeSize) + 1
                        + shape.treeSize + digits(layer.get().length) + layer.get().length - 1;
                if (shape.treeSize <= Integer.MAX_VALUE && spent + cost <= budget) {
                    entry = BDictionary.builder().put(TREE_HASHES, layer.get())
                            .put(TREE_MASK, shape.pieceLayerMask()).build();
                    spent += cost;
                    anyLayer = true;
                }
            }
            entries.add(entry);
        }
        return anyLayer ? Optional.of(BList.of(entries)) : Optional.empty();
    }

    /** Files of more than one piece have a piece layer (BEP 52); the others' root is their only hash. */
    private static boolean needsLayer(FileEntry file, int pieceLength) {
        return !file.pad() && file.piecesRoot().isPresent() && file.size() > pieceLength;
    }

    private static int digits(long n) {
        return Long.toString(n).length();
    }

    /** One entry of {@code trees}, checked for form. */
    private record Entry(BString hashes, Optional<BString> mask) {
        static Entry of(BValue value, int index) {
            if (!(value instanceof BDictionary d)) {
                throw invalid(index, "not a dictionary");
            }
            BString hashes = string(d, TREE_HASHES, index)
                    .orElseThrow(() -> invalid(index, "no " + TREE_HASHES));
            if (hashes.length() % Merkle.HASH_LENGTH != 0) {
                throw invalid(index, TREE_HASHES + " of " + hashes.length() + " bytes, not whole 32-byte nodes");
            }
            Optional<BString> mask = string(d, TREE_MASK, index);
            mask.ifPresent(m -> checkBits(m, TREE_MASK, index));
            string(d, TREE_VERIFIED, index).ifPresent(v -> checkBits(v, TREE_VERIFIED, index));
            // libtorrent writes no mask and empty hashes for a file it has no tree for; an empty
            // mask means the same.
            return new Entry(hashes, mask.filter(m -> m.length() > 0));
        }

        private static Optional<BString> string(BDictionary d, String key, int index) {
            Optional<BValue> v = d.get(key);
            if (v.isPresent() && !(v.get() instanceof BString)) {
                throw invalid(index, key + " is not a string");
            }
            return v.map(BString.class::cast);
        }

        private static void checkBits(BString bits, String key, int index) {
            for (int i = 0; i < bits.length(); i++) {
                byte c = bits.byteAt(i);
                if (c != '0' && c != '1') {
                    throw invalid(index, key + " holds a character other than '0' and '1' at " + i);
                }
            }
        }

        private static InvalidResumeDataException invalid(int index, String detail) {
            return new InvalidResumeDataException(Reason.INVALID_FIELD, TREES + "[" + index + "]: " + detail);
        }
    }

    /**
     * The shape of one file's tree in libtorrent's flat order: node 0 is the root, the children of
     * node i are 2i+1 and 2i+2, so level k starts at node 2^k - 1.
     */
    private static final class Shape {
        final int blocksPerPiece;
        final int pieces;
        final int blocks;
        /** The level of the leaves (16 KiB blocks), counted from the root at 0. */
        final int leafLevel;
        /** The level of the piece layer. */
        final int pieceLevel;
        final long treeSize;
        final int pieceLayerStart;

        Shape(long fileSize, int pieceLength) {
            blocksPerPiece = pieceLength / Merkle.BLOCK_SIZE;
            blocks = (int) ((fileSize + Merkle.BLOCK_SIZE - 1) / Merkle.BLOCK_SIZE);
            pieces = (int) ((fileSize + pieceLength - 1) / pieceLength);
            int leaves = Merkle.paddedCount(blocks);
            leafLevel = Integer.numberOfTrailingZeros(leaves);
            // A file of two or more pieces: its padded leaves are its padded pieces times the
            // blocks of a piece, so the piece layer sits log2(blocks per piece) levels up.
            pieceLevel = leafLevel - Integer.numberOfTrailingZeros(blocksPerPiece);
            treeSize = 2L * leaves - 1;
            pieceLayerStart = (1 << pieceLevel) - 1;
        }

        /** libtorrent's mask for a tree that holds exactly the piece layer. */
        byte[] pieceLayerMask() {
            byte[] mask = new byte[(int) treeSize];
            Arrays.fill(mask, (byte) '0');
            Arrays.fill(mask, pieceLayerStart, pieceLayerStart + pieces, (byte) '1');
            return mask;
        }

        /**
         * The piece layer from the nodes a mask marks: each piece node as given, or computed
         * from the nodes below it (padding beyond the file's last block is known), or empty if
         * some piece can be had neither way. Work and memory are proportional to the nodes given
         * between the leaves and the piece layer, never to the size of the tree.
         */
        Optional<byte[]> pieceLayerOfSparseTree(BString hashes, BString mask) {
            byte[] nodes = hashes.toByteArray();
            int levels = leafLevel - pieceLevel + 1;
            List<Level> given = new ArrayList<>(levels);
            for (int l = 0; l < levels; l++) {
                given.add(new Level());
            }
            long end = Math.min(mask.length(), treeSize);
            int next = 0;
            int available = nodes.length / Merkle.HASH_LENGTH;
            for (int i = 0; i < end && next < available; i++) {
                if (mask.byteAt(i) != '1') {
                    continue;
                }
                int node = next++;
                int level = 63 - Long.numberOfLeadingZeros(i + 1L);
                if (level >= pieceLevel) {
                    given.get(level - pieceLevel).add((int) (i - ((1L << level) - 1)), nodes,
                            node * Merkle.HASH_LENGTH);
                }
            }
            MessageDigest sha256 = Merkle.sha256();
            Level known = given.get(levels - 1);
            for (int height = 0; height < levels - 1; height++) {
                Level parents = known.parents(height, blocks, sha256);
                known = given.get(levels - 2 - height).overriding(parents);
            }
            byte[] layer = new byte[pieces * Merkle.HASH_LENGTH];
            int found = 0;
            for (int k = 0; k < known.size && known.positions[k] < pieces; k++) {
                System.arraycopy(known.arrays[k], known.offsets[k], layer,
                        known.positions[k] * Merkle.HASH_LENGTH, Merkle.HASH_LENGTH);
                found++;
            }
            return found == pieces ? Optional.of(layer) : Optional.empty();
        }
    }

    /**
     * The known nodes of one level, by position within the level, in ascending order. A node is
     * 32 bytes at an offset of an array: given nodes stay in the one copy of {@code hashes}.
     */
    private static final class Level {
        int[] positions = new int[8];
        byte[][] arrays = new byte[8][];
        int[] offsets = new int[8];
        int size;

        void add(int position, byte[] array, int offset) {
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, size * 2);
                arrays = Arrays.copyOf(arrays, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            positions[size] = position;
            arrays[size] = array;
            offsets[size] = offset;
            size++;
        }

        /**
         * The nodes one level up that both children give: a child is known here, or is padding
         * (its first leaf is past the file's last block; padding leaves are zeros, BEP 52).
         */
        Level parents(int height, int blocks, MessageDigest sha256) {
            Level up = new Level();
            byte[] pad = null;
            for (int k = 0; k < size; k++) {
                int parent = positions[k] >>> 1;
                if (up.size > 0 && up.positions[up.size - 1] == parent) {
                    continue;
                }
                int left = find(2 * parent, k);
                int right = find(2 * parent + 1, k);
                boolean rightIsPad = right < 0 && ((long) (2 * parent + 1) << height) >= blocks;
                if (left < 0 || (right < 0 && !rightIsPad)) {
                    continue;
                }
                if (rightIsPad && pad == null) {
                    pad = Merkle.padNode(height, sha256); // before the update: it uses the digest
                }
                sha256.update(arrays[left], offsets[left], Merkle.HASH_LENGTH);
                if (rightIsPad) {
                    sha256.update(pad);
                } else {
                    sha256.update(arrays[right], offsets[right], Merkle.HASH_LENGTH);
                }
                up.add(parent, sha256.digest(), 0);
            }
            return up;
        }

        /** The index of the node at {@code position}, which can only be at {@code near} or next, else -1. */
        private int find(int position, int near) {
            for (int k = near; k < Math.min(size, near + 2); k++) {
                if (positions[k] == position) {
                    return k;
                }
            }
            return -1;
        }

        /** These nodes, plus those of {@code computed} at positions not given here. */
        Level overriding(Level computed) {
            Level merged = new Level();
            int a = 0;
            int b = 0;
            while (a < size || b < computed.size) {
                int pa = a < size ? positions[a] : Integer.MAX_VALUE;
                int pb = b < computed.size ? computed.positions[b] : Integer.MAX_VALUE;
                if (pa <= pb) {
                    // A node libtorrent stored above the leaves was verified when it stored it.
                    merged.add(pa, arrays[a], offsets[a]);
                    a++;
                    if (pa == pb) {
                        b++;
                    }
                } else {
                    merged.add(pb, computed.arrays[b], computed.offsets[b]);
                    b++;
                }
            }
            return merged;
        }
    }
}
