package io.torrentine.internal.tracker;

import io.torrentine.metainfo.Sha1Hash;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A tracker's answer to a scrape (BEP 48, and BEP 15 over UDP), keyed by the raw 20-byte
 * info-hash, never by a text form of it.
 *
 * @param files the counts per info-hash; a hash the tracker does not know is simply absent
 * @param minRequestInterval the tracker's {@code flags/min_request_interval} in seconds, if given
 */
public record ScrapeResponse(Map<Sha1Hash, ScrapeCounts> files, OptionalInt minRequestInterval) {

    /**
     * The numbers for one torrent.
     *
     * @param seeds peers with the whole torrent ({@code complete})
     * @param completed how many times it was downloaded ({@code downloaded})
     * @param leechers peers still downloading ({@code incomplete})
     */
    public record ScrapeCounts(long seeds, long completed, long leechers) {
    }

    /**
     * Copies.
     *
     * @param files the counts per info-hash
     * @param minRequestInterval the minimum scrape interval
     */
    public ScrapeResponse {
        files = Map.copyOf(files);
        Objects.requireNonNull(minRequestInterval, "minRequestInterval");
    }
}
