package io.torrentine.internal.hash;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.FileSlice;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a whole piece against the torrent's hashes: SHA-1 of the piece for v1 (BEP 3), and for
 * v2 (BEP 52) SHA-256 of each 16 KiB block, reduced up the merkle tree to the piece-layer hash
 * (or to the file's root for a file of one piece or less). A hybrid piece must pass both.
 *
 * <p>Not thread-safe (it reuses digests and buffers): give each hashing thread its own.
 */
public final class PieceVerifier {
    /** The outcome of a check. */
    public enum Result {
        /** Every hash the torrent has for the piece matches. */
        PASSED,
        /** A hash does not match: the piece is bad. */
        FAILED,
        /** No hash to check against yet (a v2-only torrent whose piece layer is missing). */
        UNKNOWN
    }

    private final FileLayout layout;
    private final TorrentInfo torrent;
    private final MessageDigest sha1;
    private final MessageDigest sha256;
    private final byte[] leaves;
    private final int leavesPerPiece;

    /**
     * A verifier for one torrent.
     *
     * @param layout the torrent's layout
     */
    public PieceVerifier(FileLayout layout) {
        this.layout = layout;
        this.torrent = layout.torrent();
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        this.sha256 = Merkle.sha256();
        this.leavesPerPiece = Math.max(1, layout.pieceLength() / Merkle.BLOCK_SIZE);
        this.leaves = new byte[leavesPerPiece * Merkle.HASH_LENGTH];
    }

    /**
     * Checks one piece.
     *
     * @param piece the piece index
     * @param data exactly the piece's bytes (pad ranges as zeros), from position to limit; the
     *     buffer's position and limit are left as they were
     * @return the outcome
     * @throws IllegalArgumentException if {@code data} is not the piece's length
     */
    public Result verify(int piece, ByteBuffer data) {
        return verify(piece, List.of(data));
    }

    /**
     * Checks one piece given in parts, for example the 16 KiB blocks held in memory by the disk
     * layer, so that the piece never has to be copied into one buffer. The parts may be cut
     * anywhere; only their concatenation matters.
     *
     * @param piece the piece index
     * @param parts the piece's bytes (pad ranges as zeros) in order, each from position to limit;
     *     every buffer's position and limit are left as they were
     * @return the outcome
     * @throws IllegalArgumentException if the parts together are not the piece's length
     */
    public Result verify(int piece, List<ByteBuffer> parts) {
        long total = 0;
        for (ByteBuffer part : parts) {
            total += part.remaining();
        }
        if (total != layout.pieceSize(piece)) {
            throw new IllegalArgumentException("piece " + piece + " has " + layout.pieceSize(piece)
                    + " bytes, got " + total);
        }
        if (torrent.hasV1()) {
            for (ByteBuffer part : parts) {
                sha1.update(part.duplicate());
            }
            if (!Arrays.equals(sha1.digest(), torrent.pieceHash(piece).toByteArray())) {
                return Result.FAILED;
            }
            if (!torrent.hasV2()) {
                return Result.PASSED;
            }
        }
        Result v2 = verifyV2(piece, parts);
        // A hybrid piece whose v2 layer is missing still passed v1.
        return v2 == Result.UNKNOWN && torrent.hasV1() ? Result.PASSED : v2;
    }

    private Result verifyV2(int piece, List<ByteBuffer> parts) {
        List<FileSlice> slices = layout.map(piece, 0, layout.pieceSize(piece));
        FileSlice content = slices.stream().filter(s -> !s.pad()).findFirst().orElse(null);
        if (content == null) {
            return Result.PASSED; // only padding: nothing that v2 hashes
        }
        FileEntry file = layout.file(content.fileIndex());
        Sha256Hash root = file.piecesRoot().orElse(null);
        if (root == null) {
            return Result.FAILED;
        }
        int blocks = (content.length() + Merkle.BLOCK_SIZE - 1) / Merkle.BLOCK_SIZE;
        // v2 pieces start at a file boundary (BEP 52 aligns files to pieces), so the content is
        // the first bytes of the piece and its 16 KiB leaves are cut from the piece's start.
        PartCursor cursor = new PartCursor(parts);
        try {
            for (int b = 0; b < blocks; b++) {
                int length = Math.min(Merkle.BLOCK_SIZE, content.length() - b * Merkle.BLOCK_SIZE);
                cursor.feed(sha256, length);
                sha256.digest(leaves, b * Merkle.HASH_LENGTH, Merkle.HASH_LENGTH);
            }
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
        if (file.size() <= layout.pieceLength()) {
            // A file of one piece or less: its root is the tree of its own blocks.
            byte[] computed = Merkle.rootInPlace(leaves, blocks, Merkle.paddedCount(blocks),
                    new byte[Merkle.HASH_LENGTH], sha256);
            return Arrays.equals(computed, root.toByteArray()) ? Result.PASSED : Result.FAILED;
        }
        Optional<byte[]> layer = torrent.pieceLayer(root);
        if (layer.isEmpty()) {
            return Result.UNKNOWN;
        }
        byte[] computed = Merkle.rootInPlace(leaves, blocks, leavesPerPiece, new byte[Merkle.HASH_LENGTH], sha256);
        int firstPieceOfFile = (int) (file.offset() / layout.pieceLength());
        int at = (piece - firstPieceOfFile) * Merkle.HASH_LENGTH;
        return Arrays.equals(computed, 0, Merkle.HASH_LENGTH, layer.get(), at, at + Merkle.HASH_LENGTH)
                ? Result.PASSED : Result.FAILED;
    }

    /** Walks the concatenation of the parts, feeding consecutive runs of it to a digest. */
    private static final class PartCursor {
        private final List<ByteBuffer> parts;
        private int part;
        private int offset;

        PartCursor(List<ByteBuffer> parts) {
            this.parts = parts;
        }

        void feed(MessageDigest digest, int length) {
            int left = length;
            while (left > 0) {
                ByteBuffer current = parts.get(part);
                int available = current.remaining() - offset;
                if (available == 0) {
                    part++;
                    offset = 0;
                    continue;
                }
                int run = Math.min(available, left);
                int from = current.position() + offset;
                digest.update(current.duplicate().position(from).limit(from + run));
                offset += run;
                left -= run;
            }
        }
    }
}
