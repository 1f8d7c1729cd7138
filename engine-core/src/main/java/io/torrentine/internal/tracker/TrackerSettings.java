package io.torrentine.internal.tracker;

import java.time.Duration;
import java.util.Objects;

/**
 * How trackers are talked to and when. {@link #DEFAULTS} follows libtorrent where it has a
 * setting of the same meaning; the two URL rules of libtorrent's security audit are on.
 *
 * @param onlyHttpAndUdp accept only {@code http}, {@code https} and {@code udp} tracker URLs; others
 *     are refused when the tracker list is built (when off they are kept and fail on announce)
 * @param localTrackersNeedAnnouncePath an HTTP(S) tracker on a loopback, private or link-local
 *     address must have a path ending in {@code /announce} (SSRF mitigation)
 * @param httpTimeout how long an HTTP request may take in all, redirects and body included
 * @param stopTimeout how long a {@code stopped} announce may take (best effort)
 * @param maxResponseBytes the largest HTTP body or UDP datagram read; more fails the request
 * @param maxRedirects how many HTTP redirects are followed
 * @param udpRetransmitBase BEP 15's 15 s: the wait before retransmission {@code n} is base × 2^n
 * @param udpMaxRetransmits after this many retransmissions the request times out (BEP 15: at most 8)
 * @param udpConnectionIdLifetime how long a UDP connection id is reused (BEP 15: one minute)
 * @param announceToAllTiers announce to one tracker in every tier, not only the first that works
 * @param announceToAllTrackers announce to every tracker of every tier
 * @param numWant how many peers to ask for
 * @param retryBase the first back-off after a failure, positive; it doubles with every failure in a row
 * @param retryMax the longest back-off
 * @param minAnnounceInterval the shortest regular interval honoured, whatever a tracker says
 * @param maxPeersPerResponse peers kept from one reply; more are dropped
 * @param maxUdpRequestsInFlight UDP requests outstanding at once; more fail with {@code BUSY}
 */
public record TrackerSettings(boolean onlyHttpAndUdp, boolean localTrackersNeedAnnouncePath,
                              Duration httpTimeout, Duration stopTimeout, int maxResponseBytes,
                              int maxRedirects, Duration udpRetransmitBase, int udpMaxRetransmits,
                              Duration udpConnectionIdLifetime, boolean announceToAllTiers,
                              boolean announceToAllTrackers, int numWant, Duration retryBase,
                              Duration retryMax, Duration minAnnounceInterval,
                              int maxPeersPerResponse, int maxUdpRequestsInFlight) {

    /**
     * The defaults: both URL rules on, 1 MiB responses, BEP 15's 15 s × 2^n but only up to n = 2
     * (gives up after 105 s instead of the BEP's two hours, so that BEP 12 fall-through to the
     * next tracker is not held up; up to 8 may be set).
     */
    public static final TrackerSettings DEFAULTS = new TrackerSettings(true, true,
            Duration.ofSeconds(30), Duration.ofSeconds(2), 1 << 20, 5, Duration.ofSeconds(15), 2,
            Duration.ofSeconds(60), false, false, 200, Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofSeconds(60), 2000, 1024);

    /**
     * Checks ranges.
     *
     * @param onlyHttpAndUdp scheme rule
     * @param localTrackersNeedAnnouncePath local path rule
     * @param httpTimeout HTTP timeout
     * @param stopTimeout stop timeout
     * @param maxResponseBytes response limit
     * @param maxRedirects redirect limit
     * @param udpRetransmitBase UDP base
     * @param udpMaxRetransmits UDP retransmissions
     * @param udpConnectionIdLifetime connection id lifetime
     * @param announceToAllTiers all tiers
     * @param announceToAllTrackers all trackers
     * @param numWant peers wanted
     * @param retryBase first back-off
     * @param retryMax longest back-off
     * @param minAnnounceInterval shortest interval
     * @param maxPeersPerResponse peers per reply
     * @param maxUdpRequestsInFlight UDP requests in flight
     * @throws IllegalArgumentException if a value is out of range
     */
    public TrackerSettings {
        for (Duration d : new Duration[] {httpTimeout, stopTimeout, udpRetransmitBase,
                udpConnectionIdLifetime, retryBase, retryMax, minAnnounceInterval}) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration " + d);
            }
        }
        if (httpTimeout.isZero() || stopTimeout.isZero() || udpRetransmitBase.isZero() || retryBase.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxResponseBytes < 64 || maxRedirects < 0 || udpMaxRetransmits < 0 || udpMaxRetransmits > 8
                || numWant < -1 || maxPeersPerResponse < 0 || maxUdpRequestsInFlight < 1) {
            throw new IllegalArgumentException("tracker setting out of range");
        }
    }

    /**
     * These settings with the local-address path rule on or off.
     *
     * @param on whether the rule applies
     * @return the new settings
     */
    public TrackerSettings withLocalTrackersNeedAnnouncePath(boolean on) {
        return new TrackerSettings(onlyHttpAndUdp, on, httpTimeout, stopTimeout, maxResponseBytes,
                maxRedirects, udpRetransmitBase, udpMaxRetransmits, udpConnectionIdLifetime,
                announceToAllTiers, announceToAllTrackers, numWant, retryBase, retryMax,
                minAnnounceInterval, maxPeersPerResponse, maxUdpRequestsInFlight);
    }

    /**
     * These settings with other request limits.
     *
     * @param timeout the HTTP timeout
     * @param responseBytes the response size limit
     * @param redirects the redirect limit
     * @return the new settings
     */
    public TrackerSettings withHttpLimits(Duration timeout, int responseBytes, int redirects) {
        return new TrackerSettings(onlyHttpAndUdp, localTrackersNeedAnnouncePath, timeout, stopTimeout,
                responseBytes, redirects, udpRetransmitBase, udpMaxRetransmits, udpConnectionIdLifetime,
                announceToAllTiers, announceToAllTrackers, numWant, retryBase, retryMax,
                minAnnounceInterval, maxPeersPerResponse, maxUdpRequestsInFlight);
    }

    /**
     * These settings with another UDP retransmission schedule.
     *
     * @param base the wait before the first retransmission
     * @param maxRetransmits retransmissions before giving up
     * @return the new settings
     */
    public TrackerSettings withUdpRetransmits(Duration base, int maxRetransmits) {
        return new TrackerSettings(onlyHttpAndUdp, localTrackersNeedAnnouncePath, httpTimeout, stopTimeout,
                maxResponseBytes, maxRedirects, base, maxRetransmits, udpConnectionIdLifetime,
                announceToAllTiers, announceToAllTrackers, numWant, retryBase, retryMax,
                minAnnounceInterval, maxPeersPerResponse, maxUdpRequestsInFlight);
    }

    /**
     * These settings with other multitracker rules (BEP 12).
     *
     * @param allTiers announce to one tracker per tier
     * @param allTrackers announce to every tracker
     * @return the new settings
     */
    public TrackerSettings withAnnounceToAll(boolean allTiers, boolean allTrackers) {
        return new TrackerSettings(onlyHttpAndUdp, localTrackersNeedAnnouncePath, httpTimeout, stopTimeout,
                maxResponseBytes, maxRedirects, udpRetransmitBase, udpMaxRetransmits,
                udpConnectionIdLifetime, allTiers, allTrackers, numWant, retryBase, retryMax,
                minAnnounceInterval, maxPeersPerResponse, maxUdpRequestsInFlight);
    }

    /**
     * These settings with another UDP connection id lifetime.
     *
     * @param lifetime how long a connection id is reused
     * @return the new settings
     */
    public TrackerSettings withUdpConnectionIdLifetime(Duration lifetime) {
        return new TrackerSettings(onlyHttpAndUdp, localTrackersNeedAnnouncePath, httpTimeout, stopTimeout,
                maxResponseBytes, maxRedirects, udpRetransmitBase, udpMaxRetransmits, lifetime,
                announceToAllTiers, announceToAllTrackers, numWant, retryBase, retryMax,
                minAnnounceInterval, maxPeersPerResponse, maxUdpRequestsInFlight);
    }
}
