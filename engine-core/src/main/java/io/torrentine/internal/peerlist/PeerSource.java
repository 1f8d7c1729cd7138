package io.torrentine.internal.peerlist;

/** Where the {@link PeerList} learned of a peer. An entry remembers every source that named it. */
public enum PeerSource {
    /** Added by the user (or the application): tried first, never dropped for failures. */
    USER,
    /** A tracker's announce response. */
    TRACKER,
    /** The DHT (BEP 5). */
    DHT,
    /** Peer exchange (BEP 11). */
    PEX,
    /** Local service discovery (BEP 14). */
    LSD,
    /** The peer connected to us; its port is not a listen port until it tells us one. */
    INCOMING,
    /** The peers saved in resume data. */
    RESUME_DATA
}
