package io.torrentine.internal.pex;

import io.torrentine.internal.peer.extension.PexMessage;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link PexTracker}.
 *
 * @param messageInterval the least time between two messages to one connection (BEP 11: "no more
 *     than 1 PEX message per minute")
 * @param maxAddedPerMessage the most added peers (IPv4 and IPv6 together) in a message after the
 *     first (BEP 11: 50)
 * @param maxDroppedPerMessage the most dropped peers in a message after the first (BEP 11: 50)
 * @param maxInitialPeers the most added (and dropped) peers in the first message to a connection,
 *     which BEP 11 leaves unbounded; libtorrent sends up to 100
 * @param maxConnections the most connections tracked; {@link PexTracker#connected} ignores more
 *     (a torrent has far fewer connections than this)
 * @param floodWindow the window of the flood rule
 * @param maxMessagesPerWindow the most ut_pex messages a connection may send within
 *     {@code floodWindow}; one more is a protocol error (libtorrent disconnects the 4th within
 *     60 s, {@code too_frequent_pex})
 * @param peerBurst the most peers taken from one connection at once (its first message); also
 *     the capacity of its peer budget
 * @param peersPerInterval how many peers a connection's budget regains per
 *     {@code messageInterval}: the steady rate at which one connection can feed the peer list
 * @param ignoreDuplicateIps BEP 11 security advice: keep only the first of several entries with
 *     the same IP in one message; false for swarms on one machine, where every peer is 127.0.0.1
 *     (set it from the peer list's {@code allowMultipleConnectionsPerIp})
 */
public record PexSettings(Duration messageInterval, int maxAddedPerMessage, int maxDroppedPerMessage,
        int maxInitialPeers, int maxConnections, Duration floodWindow, int maxMessagesPerWindow, int peerBurst,
        int peersPerInterval, boolean ignoreDuplicateIps) {

    /**
     * Checks the values.
     *
     * @param messageInterval the least time between messages to one connection
     * @param maxAddedPerMessage the most added peers in a later message
     * @param maxDroppedPerMessage the most dropped peers in a later message
     * @param maxInitialPeers the most peers in each list of the first message
     * @param maxConnections the most connections tracked
     * @param floodWindow the window of the flood rule
     * @param maxMessagesPerWindow the most messages per window from one connection
     * @param peerBurst the most peers taken from one connection at once
     * @param peersPerInterval the peers a connection's budget regains per interval
     * @param ignoreDuplicateIps keep one entry per IP in a message
     * @throws IllegalArgumentException if a duration is not positive, a count below 1, or a
     *     message limit above what {@link io.torrentine.internal.peer.extension.UtPexCodec} encodes
     */
    public PexSettings {
        Objects.requireNonNull(messageInterval, "messageInterval");
        Objects.requireNonNull(floodWindow, "floodWindow");
        if (messageInterval.isNegative() || messageInterval.isZero() || floodWindow.isNegative()
                || floodWindow.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (maxAddedPerMessage < 1 || maxDroppedPerMessage < 1 || maxInitialPeers < 1 || maxConnections < 1
                || maxMessagesPerWindow < 1 || peerBurst < 1 || peersPerInterval < 1) {
            throw new IllegalArgumentException("counts must be at least 1");
        }
        if (maxAddedPerMessage > PexMessage.MAX_PEERS_PER_LIST || maxDroppedPerMessage > PexMessage.MAX_PEERS_PER_LIST
                || maxInitialPeers > PexMessage.MAX_PEERS_INITIAL) {
            throw new IllegalArgumentException("at most " + PexMessage.MAX_PEERS_PER_LIST + " peers per list ("
                    + PexMessage.MAX_PEERS_INITIAL + " in the first message)");
        }
    }

    /**
     * BEP 11 and libtorrent figures: a message a minute per connection, 50 added and 50 dropped
     * (100 in the first message), 1000 connections, at most 3 messages from a connection in 60 s,
     * 100 peers from a connection at once then 50 a minute, one entry per IP in a message.
     *
     * @return the defaults
     */
    public static PexSettings defaults() {
        return new PexSettings(Duration.ofMinutes(1), PexMessage.MAX_PEERS_PER_LIST, PexMessage.MAX_PEERS_PER_LIST,
                PexMessage.MAX_PEERS_INITIAL, 1000, Duration.ofMinutes(1), 3, PexMessage.MAX_PEERS_INITIAL,
                PexMessage.MAX_PEERS_PER_LIST, true);
    }

    /**
     * A copy with another duplicate-IP rule.
     *
     * @param ignore see {@link #ignoreDuplicateIps()}
     * @return the copy
     */
    public PexSettings withIgnoreDuplicateIps(boolean ignore) {
        return new PexSettings(messageInterval, maxAddedPerMessage, maxDroppedPerMessage, maxInitialPeers,
                maxConnections, floodWindow, maxMessagesPerWindow, peerBurst, peersPerInterval, ignore);
    }

    /**
     * A copy with another connection bound.
     *
     * @param connections see {@link #maxConnections()}
     * @return the copy
     */
    public PexSettings withMaxConnections(int connections) {
        return new PexSettings(messageInterval, maxAddedPerMessage, maxDroppedPerMessage, maxInitialPeers,
                connections, floodWindow, maxMessagesPerWindow, peerBurst, peersPerInterval, ignoreDuplicateIps);
    }
}
