package io.torrentine.alert;

/** Why a peer connection was closed, as {@link PeerDisconnectedAlert} reports it. */
public enum DisconnectReason {
    /** The peer closed the connection (or reset it). */
    CLOSED_BY_PEER,
    /** The peer broke the wire protocol (BEP 3, BEP 10 ...): a malformed or unexpected message. */
    PROTOCOL_ERROR,
    /** Nothing came from the peer for too long, or a handshake did not finish in time. */
    TIMEOUT,
    /** The peer was banned ({@link PeerBannedAlert}). */
    BANNED,
    /** The torrent was removed or paused. */
    TORRENT_REMOVED,
    /** The connection limit was reached, and this connection was the one to go. */
    TOO_MANY_CONNECTIONS,
    /** The session is closing. */
    SESSION_CLOSED,
    /** An outgoing connection could not be made (refused, unreachable, timed out). */
    CONNECT_FAILED,
    /** Any other reason; the alert's detail says more. */
    OTHER
}
