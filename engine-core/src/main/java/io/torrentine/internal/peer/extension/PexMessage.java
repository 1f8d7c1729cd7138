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
    /** The most peers BEP 11 allows in each of the added and dropped lists of one message. */
    public static final int MAX_PEERS_PER_LIST = 50;

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
