package io.torrentine.internal.peer.extension;

import io.netty.buffer.ByteBuf;

/**
 * Decodes and encodes the BEP 54 lt_donthave payload: one 4-byte big-endian piece index.
 * Anything but exactly 4 bytes is {@code WRONG_LENGTH}; an index over {@code 2^31 - 1} is
 * {@code PIECE_OUT_OF_RANGE} (the caller checks it against the torrent's piece count).
 */
public final class LtDontHaveCodec {
    /** The payload length. */
    public static final int LENGTH = 4;

    private LtDontHaveCodec() {
    }

    /**
     * Decodes a payload; the buffer is neither moved nor released.
     *
     * @param payload the bytes after the extended message id
     * @return the piece index the sender no longer has
     * @throws ExtensionProtocolException if the payload is not 4 bytes or the index negative
     */
    public static int decode(ByteBuf payload) {
        checkLength(payload.readableBytes());
        return checkIndex(payload.getUnsignedInt(payload.readerIndex()));
    }

    /**
     * Decodes a payload.
     *
     * @param payload the bytes after the extended message id
     * @return the piece index the sender no longer has
     * @throws ExtensionProtocolException if the payload is not 4 bytes or the index negative
     */
    public static int decode(byte[] payload) {
        checkLength(payload.length);
        long index = ((long) (payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16)
                | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        return checkIndex(index);
    }

    /**
     * Encodes a payload.
     *
     * @param piece the piece index
     * @return the 4 bytes
     * @throws IllegalArgumentException if the index is negative
     */
    public static byte[] encode(int piece) {
        if (piece < 0) {
            throw new IllegalArgumentException("negative piece");
        }
        return new byte[] {(byte) (piece >>> 24), (byte) (piece >>> 16), (byte) (piece >>> 8), (byte) piece};
    }

    private static void checkLength(int length) {
        if (length != LENGTH) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.WRONG_LENGTH,
                    "lt_donthave of " + length + " bytes");
        }
    }

    private static int checkIndex(long index) {
        if (index > Integer.MAX_VALUE) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.PIECE_OUT_OF_RANGE,
                    "piece " + index);
        }
        return (int) index;
    }
}
