package io.torrentine.internal.disk;

import java.util.BitSet;

/** Converts between a {@link BitSet} of pieces and the BEP 3 bitfield, whose piece 0 is the high bit of byte 0. */
public final class Bitfields {

    private Bitfields() {
    }

    /**
     * The BEP 3 bitfield of a set of pieces.
     *
     * @param pieces the pieces present; bits at {@code pieceCount} or above are ignored
     * @param pieceCount the torrent's piece count
     * @return {@code ceil(pieceCount / 8)} bytes, spare bits clear
     */
    public static byte[] toBytes(BitSet pieces, int pieceCount) {
        byte[] bytes = new byte[(pieceCount + 7) / 8];
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            bytes[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return bytes;
    }

    /**
     * The pieces of a BEP 3 bitfield.
     *
     * @param bitfield the bytes, piece 0 the high bit of byte 0
     * @param pieceCount the torrent's piece count; bits past it are ignored
     * @return the pieces present
     */
    public static BitSet fromBytes(byte[] bitfield, int pieceCount) {
        BitSet pieces = new BitSet(pieceCount);
        for (int i = 0; i < pieceCount && (i >>> 3) < bitfield.length; i++) {
            if ((bitfield[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                pieces.set(i);
            }
        }
        return pieces;
    }
}
