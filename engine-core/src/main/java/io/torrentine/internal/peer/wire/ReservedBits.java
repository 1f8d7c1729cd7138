package io.torrentine.internal.peer.wire;

import java.util.EnumSet;
import java.util.Set;

/**
 * The eight reserved bytes of the handshake (BEP 3), as a 64-bit big-endian value whose
 * most significant byte is reserved byte 0.
 *
 * @param bits the eight bytes, reserved[0] in the high byte
 */
public record ReservedBits(long bits) {

    /** The reserved bits this engine knows, each at the byte and mask its BEP names. */
    public enum Feature {
        /** BEP 10: bit 20 from the right, {@code reserved[5] & 0x10}. */
        EXTENSION_PROTOCOL(5, 0x10),
        /** BEP 6: {@code reserved[7] & 0x04}. */
        FAST(7, 0x04),
        /** BEP 5: {@code reserved[7] & 0x01}, the peer sends a {@code port} message. */
        DHT(7, 0x01),
        /** BEP 52: the 4th most significant bit of the last byte, {@code reserved[7] & 0x10}. */
        V2_UPGRADE(7, 0x10);

        private final long mask;

        Feature(int byteIndex, int byteMask) {
            this.mask = ((long) byteMask) << (8 * (7 - byteIndex));
        }

        long mask() {
            return mask;
        }
    }

    /** No bit set. */
    public static final ReservedBits NONE = new ReservedBits(0);

    /**
     * Returns reserved bits with exactly the given features set.
     *
     * @param features the features to advertise
     * @return the bits
     */
    public static ReservedBits of(Feature... features) {
        long bits = 0;
        for (Feature f : features) {
            bits |= f.mask();
        }
        return new ReservedBits(bits);
    }

    /**
     * Whether a feature's bit is set.
     *
     * @param feature the feature
     * @return true if set
     */
    public boolean has(Feature feature) {
        return (bits & feature.mask()) != 0;
    }

    /**
     * Returns these bits with one more feature set.
     *
     * @param feature the feature
     * @return the new bits
     */
    public ReservedBits with(Feature feature) {
        return new ReservedBits(bits | feature.mask());
    }

    /**
     * Returns the features both sides set, which are the ones a connection may use (BEP 6, BEP 10).
     *
     * @param other the remote peer's bits
     * @return the features set in both
     */
    public Set<Feature> common(ReservedBits other) {
        Set<Feature> result = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) {
            if (has(f) && other.has(f)) {
                result.add(f);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return String.format("ReservedBits[%016x]", bits);
    }
}
