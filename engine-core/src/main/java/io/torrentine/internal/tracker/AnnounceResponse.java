package io.torrentine.internal.tracker;

import io.torrentine.metainfo.PeerAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tracker's successful answer to an announce, HTTP or UDP.
 *
 * @param interval seconds until the next regular announce (BEP 3 {@code interval})
 * @param minInterval the shortest allowed re-announce interval in seconds, if the tracker gave one
 * @param peers the peers, IPv4 and IPv6 (BEP 23 compact {@code peers}, the dictionary model,
 *     and BEP 7 {@code peers6}); DNS names from the dictionary model are kept unresolved
 * @param seeds the seeds the tracker counts ({@code complete}), if it said
 * @param leechers the downloaders it counts ({@code incomplete}), if it said
 * @param trackerId the {@code tracker id} to send back next time, if any (raw bytes)
 * @param warning the {@code warning message}, if any
 * @param externalIp our address as the tracker sees it (BEP 24 {@code external ip}), if given
 */
public record AnnounceResponse(int interval, OptionalInt minInterval, List<PeerAddress> peers,
                               OptionalInt seeds, OptionalInt leechers, Optional<byte[]> trackerId,
                               Optional<String> warning, Optional<InetAddress> externalIp) {

    /**
     * Checks and copies.
     *
     * @param interval seconds until the next announce, at least 0
     * @param minInterval the minimum interval
     * @param peers the peers
     * @param seeds the seeds
     * @param leechers the downloaders
     * @param trackerId the tracker id
     * @param warning the warning
     * @param externalIp our external address
     */
    public AnnounceResponse {
        if (interval < 0) {
            throw new IllegalArgumentException("negative interval");
        }
        Objects.requireNonNull(minInterval, "minInterval");
        peers = List.copyOf(peers);
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(leechers, "leechers");
        trackerId = trackerId.map(byte[]::clone);
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(externalIp, "externalIp");
    }

    /**
     * The tracker id.
     *
     * @return a copy
     */
    @Override
    public Optional<byte[]> trackerId() {
        return trackerId.map(byte[]::clone);
    }
}
