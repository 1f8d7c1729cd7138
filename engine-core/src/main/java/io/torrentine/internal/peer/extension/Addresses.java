package io.torrentine.internal.peer.extension;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Raw address bytes to {@link InetAddress}, without any name lookup. */
final class Addresses {
    private Addresses() {
    }

    /**
     * 4 or 16 bytes; {@code getByAddress} never resolves. 16 bytes stay an
     * {@link Inet6Address} even when IPv4-mapped, so that re-encoding gives the same bytes.
     */
    static InetAddress fromBytes(byte[] raw) {
        try {
            if (raw.length == 16) {
                return Inet6Address.getByAddress(null, raw, -1);
            }
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes", e);
        }
    }
}
