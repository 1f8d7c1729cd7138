package io.torrentine.internal.tracker;

import io.torrentine.session.TrackerException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trackers of one torrent in BEP 12 tiers: each tier shuffled once when the list is built,
 * and a tracker that answered moved to the front of its tier. Touched on the torrent's executor
 * only.
 */
final class TrackerList {
    /** The most trackers one torrent keeps; further ones are dropped with a log line. */
    static final int MAX_TRACKERS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(TrackerList.class);

    private final List<List<TrackerEntry>> tiers = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    /**
     * Builds the list.
     *
     * @param urlTiers the tiers of URLs in the torrent's order (announce-list, or announce alone)
     * @param settings whether to refuse URLs of other schemes
     * @param random the shuffle
     */
    TrackerList(List<List<String>> urlTiers, TrackerSettings settings, Random random) {
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (List<String> urls : urlTiers) {
            List<TrackerEntry> tier = new ArrayList<>();
            for (String url : urls) {
                String u = url.strip();
                if (u.isEmpty() || !seen.add(u)) {
                    continue;
                }
                if (count == MAX_TRACKERS) {
                    LOG.warn("more than {} trackers; {} dropped", MAX_TRACKERS, u);
                    continue;
                }
                TrackerEntry entry = new TrackerEntry(u, tiers.size());
                try {
                    TrackerUrls.parse(u);
                } catch (TrackerException e) {
                    if (settings.onlyHttpAndUdp()) {
                        refused.add(u);
                        continue;
                    }
                    entry.disabled = true;
                    entry.lastError = java.util.Optional.of(e.detail());
                }
                tier.add(entry);
                count++;
            }
            if (!tier.isEmpty()) {
                Collections.shuffle(tier, random);
                tiers.add(tier);
            }
        }
    }

    /** The tiers, first first; each tier in its current order. */
    List<List<TrackerEntry>> tiers() {
        return tiers;
    }

    /** URLs refused by the scheme rule, for the torrent's log. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    /** Every entry, tier by tier. */
    List<TrackerEntry> all() {
        List<TrackerEntry> all = new ArrayList<>();
        tiers.forEach(all::addAll);
        return all;
    }

    /** BEP 12: a tracker that answered goes to the front of its tier. */
    void moveToFront(TrackerEntry entry) {
        for (List<TrackerEntry> tier : tiers) {
            if (tier.remove(entry)) {
                tier.add(0, entry);
                return;
            }
        }
    }
}
