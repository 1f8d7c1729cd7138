package io.torrentine.internal.peer.extension;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A BEP 11 ut_pex message; IPv4 and IPv6 peers together (the codec splits them into
 * {@code added}/{@code added6} and {@code dropped}/{@code dropped6}).
 *
 * @param added peers the sender connected to since its last message
 * @param dropped peers the sender disconnected from
 */
public record PexMessage(List<PexPeer> added, List<InetSocketAddress> dropped) {
    /**
     * The most peers BEP 11 allows in each of the added and dropped lists (IPv4 and IPv6
     * together) of every message but the first to a peer.
     */
    public static final int MAX_PEERS_PER_LIST = 50;
    /**
     * The most peers we put in each list of the first message to a peer, which BEP 11 leaves
     * unbounded; libtorrent's figure ({@code max_peer_entries}).
     */
    public static final int MAX_PEERS_INITIAL = 100;

    /**
     * Copies the lists.
     *
     * @param added the added peers
     * @param dropped the dropped peers
     */
    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
    }
}
