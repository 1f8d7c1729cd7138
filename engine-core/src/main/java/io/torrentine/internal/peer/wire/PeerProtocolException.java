package io.torrentine.internal.peer.wire;

import io.netty.handler.codec.DecoderException;

/**
 * A peer broke the wire protocol; it closes that one connection, never the engine.
 *
 * <p>It extends {@link DecoderException} so that Netty's {@code ByteToMessageDecoder} fires it
 * through {@code exceptionCaught} as it is, instead of wrapping it.
 */
public final class PeerProtocolException extends DecoderException {
    private static final long serialVersionUID = 1L;

    /** Why the connection was closed. */
    public enum Reason {
        /** The handshake does not start with {@code 19 "BitTorrent protocol"} (BEP 3). */
        BAD_HANDSHAKE,
        /** A frame's length prefix is over the frame limit. */
        FRAME_TOO_LONG,
        /** A {@code piece} message carries more than one block, or an empty block. */
        PIECE_TOO_LONG,
        /** A message's length does not fit its id (e.g. a {@code have} of 4 bytes). */
        BAD_MESSAGE_LENGTH,
        /** A {@code bitfield} is not exactly ceil(pieces / 8) bytes (BEP 3). */
        BITFIELD_WRONG_SIZE,
        /** A {@code bitfield} has one of its spare bits set (BEP 3). */
        BITFIELD_SPARE_BITS,
        /** A piece index is negative or not below the piece count. */
        INDEX_OUT_OF_RANGE,
        /** A block's offset is negative, or its length is zero or over one block. */
        BAD_BLOCK,
        /** A BEP 52 hash request's fields are impossible (length not a power of two, ...). */
        BAD_HASH_REQUEST,
        /** A message id this engine does not know; extensions go through BEP 10 (id 20). */
        UNKNOWN_MESSAGE_ID,
        /** An outgoing connection's handshake names another torrent than the one we dialled (BEP 3). */
        INFO_HASH_MISMATCH,
        /** An incoming handshake names a torrent this engine does not serve. */
        UNKNOWN_TORRENT,
        /** The remote peer id is our own: we connected to ourselves. */
        OWN_PEER_ID,
        /** The peer has more requests outstanding than the {@code reqq} we announced (BEP 10). */
        REQUEST_FLOOD,
        /** The peer sent nothing, not even a keep-alive, for longer than the idle timeout. */
        IDLE_TIMEOUT,
        /** A Fast extension message (BEP 6) or an extended message (BEP 10) that was not negotiated. */
        NOT_NEGOTIATED,
        /** A malformed or oversized BEP 10 extension handshake or extension message. */
        BAD_EXTENSION_MESSAGE,
        /**
         * A {@code have none} (BEP 6) that is not the peer's first message after the handshakes,
         * or a later {@code bitfield} (BEP 3) that takes back pieces the peer announced.
         */
        LATE_ANNOUNCEMENT,
        /** Not the peer's fault on the wire: it was proven to send data that fails its hash (smart ban). */
        BANNED
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the connection closes
     * @param message what the peer sent, for the log
     */
    public PeerProtocolException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason why the connection closes
     * @param message what the peer sent, for the log
     * @param cause the error that revealed it
     */
    public PeerProtocolException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /**
     * Returns why the connection closes.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
