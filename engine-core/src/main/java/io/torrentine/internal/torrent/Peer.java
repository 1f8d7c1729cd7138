package io.torrentine.internal.torrent;

import io.torrentine.internal.peer.PeerConnection;
import io.torrentine.internal.picker.PiecePicker;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a torrent keeps about one connected peer, beside the connection's own protocol state.
 * It is also the peer's identity for the piece picker, so blocks and smart-ban records point at
 * it even after the connection closed. Event loop only.
 */
final class Peer {
    /** Requests per peer when its {@code reqq} is unknown: what libtorrent assumes. */
    static final int DEFAULT_REQQ = 250;

    final PeerConnection connection;
    final InetSocketAddress address;
    final boolean incoming;
    /** Blocks we requested from it and it has not delivered, in request order. */
    final Set<PiecePicker.Block> requested = new LinkedHashSet<>();
    /** The pieces this peer added to the picker's availability (exactly what is taken away when it leaves). */
    final BitSet counted = new BitSet();
    /** Whether it is counted as a seed (BEP 6 have-all) in the picker rather than per piece. */
    boolean countedSeed;
    /** BEP 6: pieces it lets us request while it chokes us. */
    final BitSet allowedFast = new BitSet();
    /** Pieces it has that we want and lack: we are interested while this is above 0. */
    int interestingPieces;
    /** The most requests it accepts (its BEP 10 {@code reqq}), bounded by our own maximum. */
    int maxRequests = DEFAULT_REQQ;
    /** Whether it offered ut_metadata with a size we accept. */
    boolean metadataCapable;
    String client = "";
    long downloaded;
    long uploaded;
    long unchokedAtNanos = Long.MIN_VALUE;
    long uploadedAtUnchoke;
    boolean closed;

    Peer(PeerConnection connection, InetSocketAddress address, boolean incoming) {
        this.connection = connection;
        this.address = address;
        this.incoming = incoming;
    }

    boolean isSeed(int pieceCount) {
        return countedSeed || (pieceCount > 0 && counted.cardinality() == pieceCount);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
