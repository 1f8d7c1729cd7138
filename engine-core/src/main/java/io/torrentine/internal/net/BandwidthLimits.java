package io.torrentine.internal.net;

import java.util.List;
import java.util.Objects;

/**
 * The buckets one direction of a connection draws from, in order: typically the session's
 * bucket, then its torrent's (libtorrent's {@code upload_rate_limit} and
 * {@code torrent_handle::set_upload_limit}), possibly a peer's own. Immutable; the buckets'
 * rates change at run time, the chain does not (a connection whose torrent becomes known later
 * gets a new chain, see {@link RateLimitHandler#limits}).
 *
 * <p>All or nothing, with debt: a transfer may start when <em>every</em> limited bucket has
 * quota ({@link #hasQuota}), and is then charged in full to every bucket ({@link #take}),
 * possibly into debt. Messages are never split to fit a partial grant: splitting would cost a
 * write and a TCP segment per fragment, and the debt already makes the long-run rate exact.
 * Thread-safe as its buckets are.
 */
public final class BandwidthLimits {
    private static final BandwidthLimits UNLIMITED = new BandwidthLimits(new TokenBucket[0]);

    private final TokenBucket[] buckets;

    private BandwidthLimits(TokenBucket[] buckets) {
        this.buckets = buckets;
    }

    /**
     * A chain of buckets.
     *
     * @param buckets the buckets, e.g. session then torrent; none means unlimited forever
     * @return the chain
     */
    public static BandwidthLimits of(TokenBucket... buckets) {
        TokenBucket[] copy = buckets.clone();
        for (TokenBucket b : copy) {
            Objects.requireNonNull(b, "bucket");
        }
        return copy.length == 0 ? UNLIMITED : new BandwidthLimits(copy);
    }

    /**
     * The chain with no bucket, which never limits.
     *
     * @return the chain
     */
    public static BandwidthLimits unlimited() {
        return UNLIMITED;
    }

    /**
     * The buckets, in order.
     *
     * @return an unmodifiable list
     */
    public List<TokenBucket> buckets() {
        return List.of(buckets);
    }

    /**
     * Whether no bucket limits anything now: the fast path, one volatile read per bucket.
     *
     * @return true if every bucket's rate is 0
     */
    public boolean isUnlimited() {
        for (TokenBucket b : buckets) {
            if (!b.isUnlimited()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a transfer may start now.
     *
     * @return true if every bucket is unlimited or has at least one byte of tokens
     */
    public boolean hasQuota() {
        for (TokenBucket b : buckets) {
            if (b.available() <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Charges a transfer to every bucket, into debt where needed.
     *
     * @param bytes how many bytes, not negative
     * @return whether {@link #hasQuota} is still true afterwards, answered without a second pass
     */
    public boolean take(long bytes) {
        boolean quota = true;
        for (TokenBucket b : buckets) {
            quota &= b.take(bytes) > 0;
        }
        return quota;
    }

    /**
     * How long until {@link #hasQuota} can be true: the longest wait of the buckets for one byte.
     * Another connection sharing a bucket may take the quota first, so the caller checks again.
     *
     * @return nanoseconds, 0 if there is quota now
     */
    public long nanosUntilQuota() {
        long wait = 0;
        for (TokenBucket b : buckets) {
            wait = Math.max(wait, b.nanosUntilAvailable(1));
        }
        return wait;
    }

    @Override
    public String toString() {
        return "BandwidthLimits" + List.of(buckets);
    }
}
