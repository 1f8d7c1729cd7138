package io.torrentine.internal.peerlist;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link PeerList}.
 *
 * @param maxSize most entries the list holds (libtorrent's {@code max_peerlist_size} is 3000;
 *     we use 4000); also the bound of the ban list
 * @param maxFailCount failures (failed connects and protocol-error disconnects) after which a
 *     peer is dropped, unless the user added it
 * @param minReconnect the back-off unit: after a failed connect or a disconnect a peer is not
 *     dialled again before {@code minReconnect × (failCount + 1)} (at most ten units)
 * @param allowMultipleConnectionsPerIp false (libtorrent's default): one entry per IP address,
 *     and a ban covers the IP; true: entries and bans are per IP and port (loopback tests, where
 *     every peer is 127.0.0.1)
 * @param listenAddress our listen address: refused as a peer, and our side of the BEP 40
 *     priority until {@link PeerList#ourAddress} gives the external address
 */
public record PeerListSettings(int maxSize, int maxFailCount, Duration minReconnect,
        boolean allowMultipleConnectionsPerIp, InetSocketAddress listenAddress) {

    /**
     * Checks the values.
     *
     * @param maxSize most entries (and bans)
     * @param maxFailCount failures before a peer is dropped
     * @param minReconnect the back-off unit
     * @param allowMultipleConnectionsPerIp entries and bans per endpoint instead of per IP
     * @param listenAddress our listen address
     * @throws IllegalArgumentException if a count is below 1, the back-off is negative or the
     *     listen address is unresolved
     */
    public PeerListSettings {
        Objects.requireNonNull(minReconnect, "minReconnect");
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (maxSize < 1 || maxFailCount < 1 || minReconnect.isNegative() || listenAddress.isUnresolved()) {
            throw new IllegalArgumentException("maxSize " + maxSize + ", maxFailCount " + maxFailCount
                    + ", minReconnect " + minReconnect + ", listenAddress " + listenAddress);
        }
    }

    /**
     * 4000 entries, dropped after 3 failures, a 60-second back-off unit, one connection per IP.
     *
     * @param listenAddress our listen address
     * @return the defaults
     */
    public static PeerListSettings defaults(InetSocketAddress listenAddress) {
        return new PeerListSettings(4000, 3, Duration.ofSeconds(60), false, listenAddress);
    }

    /**
     * A copy that allows several connections per IP (and bans single endpoints).
     *
     * @param allow see {@link #allowMultipleConnectionsPerIp()}
     * @return the copy
     */
    public PeerListSettings withAllowMultipleConnectionsPerIp(boolean allow) {
        return new PeerListSettings(maxSize, maxFailCount, minReconnect, allow, listenAddress);
    }

    /**
     * A copy with another bound.
     *
     * @param size see {@link #maxSize()}
     * @return the copy
     */
    public PeerListSettings withMaxSize(int size) {
        return new PeerListSettings(size, maxFailCount, minReconnect, allowMultipleConnectionsPerIp, listenAddress);
    }
}
