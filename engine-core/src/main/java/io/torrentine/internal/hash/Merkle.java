package io.torrentine.internal.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * BEP 52 merkle trees: SHA-256, branching factor 2, leaves padded to a power of two.
 *
 * <p>Padding leaves are 32 zero bytes (not the hash of a zero block); a padding node one level
 * up is the hash of two padding nodes below it, and so on.
 */
public final class Merkle {
    /** The size of a node. */
    public static final int HASH_LENGTH = 32;
    /** The size of a v2 leaf block. */
    public static final int BLOCK_SIZE = 16 * 1024;

    private Merkle() {
    }

    /**
     * The smallest power of two at least {@code n}.
     *
     * @param n a positive count
     * @return the padded count
     */
    public static int paddedCount(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * The padding node {@code levels} levels above the leaves.
     *
     * @param levels 0 for a padding leaf
     * @param sha256 a SHA-256 digest to use (reset on return)
     * @return the 32-byte node
     */
    public static byte[] padNode(int levels, MessageDigest sha256) {
        byte[] pad = new byte[HASH_LENGTH];
        for (int i = 0; i < levels; i++) {
            pad = hashPair(pad, sha256);
        }
        return pad;
    }

    /**
     * Reduces {@code count} nodes, padded to {@code paddedCount} with {@code pad}, to their root.
     * Works in place: the first {@code count} nodes of {@code nodes} are overwritten.
     *
     * @param nodes the nodes, 32 bytes each, from offset 0
     * @param count how many nodes there are (at least 1)
     * @param paddedCount a power of two at least {@code count}
     * @param pad the padding node at the level of {@code nodes}
     * @param sha256 a SHA-256 digest to use (reset on return)
     * @return the root
     */
    public static byte[] rootInPlace(byte[] nodes, int count, int paddedCount, byte[] pad,
                                     MessageDigest sha256) {
        try {
            int width = count;
            byte[] levelPad = pad;
            for (int levelWidth = paddedCount; levelWidth > 1; levelWidth >>= 1) {
                int parents = (width + 1) / 2;
                for (int i = 0; i < parents; i++) {
                    int left = 2 * i * HASH_LENGTH;
                    sha256.update(nodes, left, HASH_LENGTH);
                    if (2 * i + 1 < width) {
                        sha256.update(nodes, left + HASH_LENGTH, HASH_LENGTH);
                    } else {
                        sha256.update(levelPad);
                    }
                    sha256.digest(nodes, i * HASH_LENGTH, HASH_LENGTH);
                }
                width = parents;
                levelPad = hashPair(levelPad, sha256);
            }
            return Arrays.copyOf(nodes, HASH_LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }

    /**
     * The root of a file's tree from one of its levels, e.g. a piece layer, padded as BEP 52
     * requires.
     *
     * @param layer the concatenated 32-byte nodes of the level (not modified)
     * @param leavesPerNode how many 16 KiB leaves each node covers, a power of two
     * @return the 32-byte root
     */
    public static byte[] rootOfLayer(byte[] layer, int leavesPerNode) {
        MessageDigest sha256 = sha256();
        int count = Math.max(1, layer.length / HASH_LENGTH);
        byte[] nodes = Arrays.copyOf(layer, count * HASH_LENGTH);
        byte[] pad = padNode(Integer.numberOfTrailingZeros(leavesPerNode), sha256);
        return rootInPlace(nodes, count, paddedCount(count), pad, sha256);
    }

    /**
     * Whether a hash is all zeros (a missing root, BEP 52).
     *
     * @param hash the hash
     * @return true if every byte is zero
     */
    public static boolean isZero(byte[] hash) {
        for (byte b : hash) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new SHA-256 digest.
     *
     * @return the digest
     */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] hashPair(byte[] node, MessageDigest sha256) {
        sha256.update(node);
        sha256.update(node);
        return sha256.digest();
    }
}
