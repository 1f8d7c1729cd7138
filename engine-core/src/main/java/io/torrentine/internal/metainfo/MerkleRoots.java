package io.torrentine.internal.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256 merkle trees of BEP 52: 16 KiB leaves, padded to a power of two with zero hashes.
 */
public final class MerkleRoots {
    /** The size of a v2 leaf block. */
    public static final int BLOCK_SIZE = 16 * 1024;
    private static final int HASH = 32;

    private MerkleRoots() {
    }

    /**
     * The root of a tree whose nodes at one level are given (e.g. a piece layer), padded to a
     * power of two with the hash of an all-zero subtree of that level's height.
     *
     * @param layer the concatenated 32-byte nodes of the level
     * @param leavesPerNode how many 16 KiB leaves each node covers (piece length / 16 KiB), a
     *     power of two
     * @return the 32-byte root
     */
    public static byte[] rootOfLayer(byte[] layer, int leavesPerNode) {
        MessageDigest sha256 = sha256();
        byte[] pad = zeroSubtreeHash(leavesPerNode, sha256);
        int count = layer.length / HASH;
        int width = Integer.highestOneBit(Math.max(1, count));
        if (width < count) {
            width <<= 1;
        }
        byte[] level = new byte[width * HASH];
        System.arraycopy(layer, 0, level, 0, count * HASH);
        for (int i = count; i < width; i++) {
            System.arraycopy(pad, 0, level, i * HASH, HASH);
        }
        while (width > 1) {
            int next = width / 2;
            byte[] up = new byte[next * HASH];
            for (int i = 0; i < next; i++) {
                sha256.update(level, 2 * i * HASH, 2 * HASH);
                digestInto(sha256, up, i * HASH);
            }
            level = up;
            width = next;
        }
        return level;
    }

    /**
     * The hash of a subtree of all-zero leaf hashes.
     *
     * @param leaves the number of leaves, a power of two
     * @param sha256 a digest to use
     * @return the subtree's 32-byte hash
     */
    static byte[] zeroSubtreeHash(int leaves, MessageDigest sha256) {
        byte[] node = new byte[HASH];
        for (int n = leaves; n > 1; n /= 2) {
            sha256.update(node);
            sha256.update(node);
            node = sha256.digest();
        }
        return node;
    }

    private static void digestInto(MessageDigest sha256, byte[] out, int offset) {
        byte[] d = sha256.digest();
        System.arraycopy(d, 0, out, offset, HASH);
    }

    /**
     * Whether a 32-byte hash is all zeros (a missing root, BEP 52).
     *
     * @param hash the hash
     * @return true if every byte is zero
     */
    public static boolean isZero(byte[] hash) {
        return Arrays.equals(hash, new byte[hash.length]);
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
}
