package io.torrentine.internal.peer;

import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.PexMessage;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.PeerMessage;
import java.util.Optional;

/**
 * Receives one torrent's connection events. Every method is called on the connection's event
 * loop and must not block.
 */
public interface PeerConnectionListener {
    /**
     * The message announcing our pieces, sent right after our handshake (BEP 3 {@code bitfield},
     * or BEP 6 {@code have all} / {@code have none} when the Fast extension was negotiated).
     *
     * @param connection the connection
     * @return the message, or empty to send none (we have nothing)
     */
    default Optional<PeerMessage> announcement(PeerConnection connection) {
        return Optional.empty();
    }

    /**
     * Whether our extension handshake offers ut_pex (BEP 11): not for a private torrent (BEP 27).
     *
     * @return whether to offer it
     */
    default boolean offersPex() {
        return true;
    }

    /**
     * Both handshakes are exchanged and checked; our announcement and extension handshake are sent.
     *
     * @param connection the connection
     */
    void onConnected(PeerConnection connection);

    /**
     * The peer's BEP 10 extension handshake arrived.
     *
     * @param connection the connection
     * @param handshake the handshake
     */
    default void onExtensionHandshake(PeerConnection connection, ExtensionHandshake handshake) {
    }

    /**
     * A BEP 3 / BEP 6 / BEP 52 message, after the connection updated its state. A
     * {@link PeerMessage.Piece} is passed only if it answers one of our outstanding requests, and
     * the listener then owns it and releases it exactly once. Extended messages are decoded by the
     * connection and arrive through the other methods.
     *
     * @param connection the connection
     * @param message the message
     */
    void onMessage(PeerConnection connection, PeerMessage message);

    /**
     * A {@code piece} message that answers one of our outstanding requests; the listener owns it
     * and releases it exactly once. Its own method, apart from {@link #onMessage}, because it is
     * the one hot path of a download: the JIT compiles it alone, small, instead of inside a
     * dispatcher of every message kind. By default it goes to {@link #onMessage}.
     *
     * @param connection the connection
     * @param piece the block
     */
    default void onPiece(PeerConnection connection, PeerMessage.Piece piece) {
        onMessage(connection, piece);
    }

    /**
     * A BEP 9 ut_metadata message.
     *
     * @param connection the connection
     * @param message the decoded message
     */
    default void onMetadataMessage(PeerConnection connection, UtMetadataMessage message) {
    }

    /**
     * A BEP 11 ut_pex message.
     *
     * @param connection the connection
     * @param message the decoded message
     */
    default void onPex(PeerConnection connection, PexMessage message) {
    }

    /**
     * A BEP 54 lt_donthave: the peer no longer has a piece (already cleared from its pieces).
     *
     * @param connection the connection
     * @param piece the piece index
     */
    default void onDontHave(PeerConnection connection, int piece) {
    }

    /**
     * A request we sent got no answer within the request timeout; it is no longer outstanding.
     *
     * @param connection the connection
     * @param request the request
     */
    default void onRequestTimedOut(PeerConnection connection, PeerMessage.Request request) {
    }

    /**
     * The connection closed; called once, and only if it got as far as knowing its torrent.
     *
     * @param connection the connection
     * @param cause why, empty for an orderly close ({@link
     *     io.torrentine.internal.peer.wire.PeerProtocolException} for a protocol violation)
     */
    void onClosed(PeerConnection connection, Optional<Throwable> cause);
}
