package io.torrentine.internal.peer.extension;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A peer added by a BEP 11 ut_pex message, with its flags.
 *
 * @param address the peer's IP address and listen port (never unresolved)
 * @param flags the BEP 11 flags byte: {@link #ENCRYPTION}, {@link #SEED}, {@link #UTP},
 *     {@link #HOLEPUNCH}, {@link #OUTGOING}
 */
public record PexPeer(InetSocketAddress address, int flags) {
    /** The peer prefers encryption (BEP 11 0x01). */
    public static final int ENCRYPTION = 0x01;
    /** The peer is a seed or upload only (BEP 11 0x02). */
    public static final int SEED = 0x02;
    /** The peer supports uTP (BEP 11 0x04). */
    public static final int UTP = 0x04;
    /** The peer supports the holepunch extension (BEP 11 0x08, BEP 55). */
    public static final int HOLEPUNCH = 0x08;
    /** The connection was outgoing, so the address is reachable (BEP 11 0x10). */
    public static final int OUTGOING = 0x10;

    /**
     * Checks the address and the flags byte.
     *
     * @param address the address
     * @param flags the flags
     * @throws IllegalArgumentException if the address is unresolved or the flags not a byte
     */
    public PexPeer {
        Objects.requireNonNull(address);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags are one byte");
        }
    }

    /**
     * Whether a flag is set.
     *
     * @param flag one of the flag constants
     * @return true if set
     */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
