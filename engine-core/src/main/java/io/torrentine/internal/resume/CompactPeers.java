package io.torrentine.internal.resume;

import io.torrentine.metainfo.PeerAddress;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The compact peer forms of resume data, as in BEP 23 and BEP 7: 4 address bytes then a 2-byte
 * big-endian port for IPv4 ({@code peers}), 16 then 2 for IPv6 ({@code peers6}).
 */
final class CompactPeers {
    static final int V4_LENGTH = 6;
    static final int V6_LENGTH = 18;

    private CompactPeers() {
    }

    /**
     * Appends the literal-address peers of one family.
     *
     * @param peers the peers; host names are skipped
     * @param v6 true for IPv6 ({@code peers6}), false for IPv4
     * @return the compact bytes
     */
    static byte[] encode(List<PeerAddress> peers, boolean v6) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PeerAddress peer : peers) {
            if (peer.isHostName() || isV6(peer) != v6) {
                continue;
            }
            out.writeBytes(addressBytes(peer));
            out.write(peer.port() >>> 8);
            out.write(peer.port() & 0xFF);
        }
        return out.toByteArray();
    }

    /** Whether a literal peer is IPv6: its canonical host has a colon. */
    static boolean isV6(PeerAddress peer) {
        return peer.host().indexOf(':') >= 0;
    }

    /**
     * Reads one compact peer.
     *
     * @param bytes the compact string
     * @param offset where the entry starts
     * @param v6 whether entries are IPv6
     * @return the peer, or empty if its port is 0 (no peer listens there)
     */
    static Optional<PeerAddress> decode(byte[] bytes, int offset, boolean v6) {
        int addressLength = v6 ? 16 : 4;
        int port = ((bytes[offset + addressLength] & 0xFF) << 8) | (bytes[offset + addressLength + 1] & 0xFF);
        if (port == 0) {
            return Optional.empty();
        }
        String host;
        if (v6) {
            byte[] address = java.util.Arrays.copyOfRange(bytes, offset, offset + 16);
            try {
                // Inet6Address keeps a v4-mapped address as IPv6, where InetAddress would not.
                host = Inet6Address.getByAddress(null, address, null).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are always an IPv6 address", e);
            }
        } else {
            host = (bytes[offset] & 0xFF) + "." + (bytes[offset + 1] & 0xFF) + "." + (bytes[offset + 2] & 0xFF)
                    + "." + (bytes[offset + 3] & 0xFF);
        }
        return Optional.of(new PeerAddress(host, port));
    }

    private static byte[] addressBytes(PeerAddress peer) {
        InetAddress address;
        try {
            // A literal, so nothing is resolved.
            address = InetAddress.getByName(peer.host());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a canonical literal always parses: " + peer.host(), e);
        }
        byte[] raw = address.getAddress();
        if (isV6(peer) && address instanceof Inet4Address) {
            // Java turns ::ffff:a.b.c.d into an IPv4 address; keep it in the IPv6 list.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(raw, 0, mapped, 12, 4);
            return mapped;
        }
        return raw;
    }
}
