package io.torrentine.internal.peerlist;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * BEP 40 canonical peer priority: {@code crc32-c(sort(masked_client_ip, masked_peer_ip))}, or of
 * the two sorted 16-bit ports when the addresses are equal. Both ends of a connection compute the
 * same value, so a swarm agrees on which connections to keep.
 *
 * <p>Masks, as the BEP words them: an IPv4 address keeps its first two bytes and ANDs the rest
 * with {@code 0x55}; one byte more is kept for each byte the two addresses share beyond those
 * (same /16: {@code FF.FF.FF.55}; same /24: the whole address). IPv6 starts from six kept bytes
 * ({@code FFFF:FFFF:FFFF:5555:...}) and grows the same way (same /48: seven bytes; same /56:
 * eight; and so on). The masked addresses are sorted as unsigned byte strings and concatenated.
 *
 * <p>Because the first byte in which the two addresses differ is always kept, sorting before or
 * after masking gives the same order. libtorrent 2.0 agrees for IPv4 but not for IPv6: it masks
 * only the upper 64 bits, starting from a /32 ({@code FFFF:FFFF:5555:5555}), and hashes the
 * lower 64 bits unmasked. This class follows the BEP text (docs/peer-list.md).
 */
public final class CanonicalPeerPriority {
    private static final int IPV4_KEPT_BYTES = 2;
    private static final int IPV6_KEPT_BYTES = 6;

    private CanonicalPeerPriority() {
    }

    /**
     * The priority of a connection between us and a peer; higher is better.
     *
     * @param us our address as the peer sees it (external address and listen port)
     * @param peer the peer's address
     * @return the CRC-32C, an unsigned 32-bit value in a {@code long}; 0 when the two addresses
     *     are of different families (the BEP defines nothing for that case)
     * @throws IllegalArgumentException if an address is unresolved
     */
    public static long of(InetSocketAddress us, InetSocketAddress peer) {
        InetAddress a = us.getAddress();
        InetAddress b = peer.getAddress();
        if (a == null || b == null) {
            throw new IllegalArgumentException("unresolved address: " + us + " / " + peer);
        }
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        if (Arrays.equals(x, y)) {
            int low = Math.min(us.getPort(), peer.getPort());
            int high = Math.max(us.getPort(), peer.getPort());
            crc.update(new byte[] {(byte) (low >>> 8), (byte) low, (byte) (high >>> 8), (byte) high});
            return crc.getValue();
        }
        int kept = Math.max(x.length == 4 ? IPV4_KEPT_BYTES : IPV6_KEPT_BYTES, commonPrefixBytes(x, y) + 1);
        mask(x, kept);
        mask(y, kept);
        if (Arrays.compareUnsigned(x, y) > 0) {
            byte[] t = x;
            x = y;
            y = t;
        }
        crc.update(x);
        crc.update(y);
        return crc.getValue();
    }

    private static int commonPrefixBytes(byte[] x, byte[] y) {
        int i = 0;
        while (i < x.length && x[i] == y[i]) {
            i++;
        }
        return i;
    }

    private static void mask(byte[] address, int keptBytes) {
        for (int i = keptBytes; i < address.length; i++) {
            address[i] &= 0x55;
        }
    }
}
