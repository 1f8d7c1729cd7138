package io.torrentine.internal.peer.wire;

import java.net.Inet4Address;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical allowed-fast set of BEP 6: the pieces a peer may download while choked, derived
 * from its IPv4 address's /24 and the info-hash so that every peer computes the same set for it.
 * BEP 6 has no IPv6 rule; callers send no allowed-fast messages to IPv6 peers.
 */
public final class AllowedFastSet {
    private AllowedFastSet() {
    }

    /**
     * Computes the first {@code k} pieces of the set, in the BEP's order.
     *
     * @param peer the peer's IPv4 address (the far end of the connection)
     * @param infoHash the 20-byte info-hash
     * @param pieceCount pieces in the torrent, positive
     * @param k how many pieces; capped at {@code pieceCount} since the set has no duplicates
     * @return the piece indexes
     */
    public static int[] compute(Inet4Address peer, byte[] infoHash, int pieceCount, int k) {
        if (infoHash.length != 20 || pieceCount <= 0 || k < 0) {
            throw new IllegalArgumentException("info-hash of " + infoHash.length + " bytes, " + pieceCount
                    + " pieces, k " + k);
        }
        int wanted = Math.min(k, pieceCount);
        byte[] ip = peer.getAddress();
        byte[] x = new byte[24];
        System.arraycopy(ip, 0, x, 0, 3);
        System.arraycopy(infoHash, 0, x, 4, 20);
        MessageDigest sha1 = sha1();
        int[] set = new int[wanted];
        int size = 0;
        while (size < wanted) {
            x = sha1.digest(x);
            for (int i = 0; i < 5 && size < wanted; i++) {
                long y = ((x[4 * i] & 0xffL) << 24) | ((x[4 * i + 1] & 0xff) << 16)
                        | ((x[4 * i + 2] & 0xff) << 8) | (x[4 * i + 3] & 0xff);
                int index = (int) (y % pieceCount);
                if (!contains(set, size, index)) {
                    set[size++] = index;
                }
            }
        }
        return set;
    }

    private static boolean contains(int[] set, int size, int index) {
        for (int i = 0; i < size; i++) {
            if (set[i] == index) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
