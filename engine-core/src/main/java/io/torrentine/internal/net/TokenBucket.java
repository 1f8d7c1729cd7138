package io.torrentine.internal.net;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A rate limit in bytes per second: a token bucket that fills at the rate up to a burst capacity,
 * and that may go into debt.
 *
 * <p>A rate of 0 means unlimited (libtorrent's convention for {@code upload_rate_limit} and
 * {@code download_rate_limit}); the rate can change at any time from any thread. Tokens are kept
 * in nano-bytes (bytes × 10⁹) so that refilling {@code elapsed nanoseconds × rate} is exact
 * integer arithmetic with no rounding drift, whatever the rate.
 *
 * <p>Two ways to spend: {@link #tryTake} grants what is there and never goes below zero, for a
 * caller that can split its transfer; {@link #take} charges bytes already moved (a socket read
 * cannot be undone, a message is not split) and may leave the bucket in debt, which the refill
 * pays back before {@link #available()} is positive again. So the long-run rate is exact and a
 * transfer overshoots by at most its own size; libtorrent's quota also goes negative the same
 * way. Debt is bounded at {@link #MAX_CAPACITY} bytes (further charges are forgotten), far above
 * what the callers produce (one socket read or one message per connection).
 *
 * <p>Thread-safe: a session-wide bucket is shared by connections on several event loops. The
 * state is guarded by a plain monitor: a handful of arithmetic instructions, held for nanoseconds
 * and taken once per socket read or message write; the unlimited case reads one volatile field
 * and takes no lock. {@code RateLimitBenchmark} in engine-examples measures both.
 */
public final class TokenBucket {
    /** The largest rate, bytes per second: 4 GiB/s (libtorrent's limits are 32-bit ints, 2 GiB/s). */
    public static final long MAX_RATE = 1L << 32;
    /** The largest burst and the largest debt, bytes; keeps every product below 2⁶³. */
    public static final long MAX_CAPACITY = 1L << 32;
    /** One second of the rate: see {@code docs/rate-limits.md} for why. */
    public static final Duration DEFAULT_BURST = Duration.ofSeconds(1);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_BURST_NANOS = Duration.ofMinutes(1).toNanos();

    private final LongSupplier nanoTime;
    private final long burstNanos;
    /** Bytes per second, 0 = unlimited. Written under the lock, read without it by the fast paths. */
    private volatile long rate;
    // Guarded by this.
    private long capacity;
    private long tokens;
    private long lastRefill;

    /**
     * Creates a bucket that starts full.
     *
     * @param rate bytes per second, 0 for unlimited, at most {@link #MAX_RATE}
     * @param burst how many seconds of the rate the bucket holds (at least one byte is held);
     *     positive, at most a minute
     * @param nanoTime the clock, in nanoseconds (e.g. {@code System::nanoTime}; tests pass a fake)
     * @throws IllegalArgumentException if the rate or the burst is out of range
     */
    public TokenBucket(long rate, Duration burst, LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        if (burst.isNegative() || burst.isZero() || burst.toNanos() > MAX_BURST_NANOS) {
            throw new IllegalArgumentException("burst " + burst);
        }
        this.burstNanos = burst.toNanos();
        checkRate(rate);
        synchronized (this) {
            this.lastRefill = nanoTime.getAsLong();
            this.capacity = capacityFor(rate);
            this.tokens = capacity;
            this.rate = rate;
        }
    }

    /**
     * A bucket with the default burst (one second of the rate) on {@code System.nanoTime}.
     *
     * @param rate bytes per second, 0 for unlimited
     * @return the bucket
     * @throws IllegalArgumentException if the rate is out of range
     */
    public static TokenBucket of(long rate) {
        return new TokenBucket(rate, DEFAULT_BURST, System::nanoTime);
    }

    private static void checkRate(long rate) {
        if (rate < 0 || rate > MAX_RATE) {
            throw new IllegalArgumentException("rate " + rate + " bytes/s, expected 0 (unlimited) to " + MAX_RATE);
        }
    }

    /** Capacity in nano-bytes for a rate: the burst's worth of bytes, at least one byte. */
    private long capacityFor(long newRate) {
        if (newRate == 0) {
            return 0;
        }
        // rate ≤ 2^32 and burst ≤ 6e10 ns: the double product is exact enough and cannot overflow.
        long bytes = (long) ((double) newRate * burstNanos / NANOS_PER_SECOND);
        return Math.min(Math.max(bytes, 1), MAX_CAPACITY) * NANOS_PER_SECOND;
    }

    /**
     * The rate.
     *
     * @return bytes per second, 0 if unlimited
     */
    public long rate() {
        return rate;
    }

    /**
     * Whether this bucket limits nothing (rate 0). One volatile read.
     *
     * @return true if unlimited
     */
    public boolean isUnlimited() {
        return rate == 0;
    }

    /**
     * The burst capacity at the current rate.
     *
     * @return bytes, or {@link Long#MAX_VALUE} if unlimited
     */
    public synchronized long capacity() {
        return rate == 0 ? Long.MAX_VALUE : capacity / NANOS_PER_SECOND;
    }

    /**
     * Changes the rate, effective at once. Tokens already earned are kept (up to the new
     * capacity) and debt stays to be paid back at the new rate; a bucket that was unlimited
     * starts full.
     *
     * @param newRate bytes per second, 0 for unlimited, at most {@link #MAX_RATE}
     * @throws IllegalArgumentException if the rate is out of range
     */
    public synchronized void setRate(long newRate) {
        checkRate(newRate);
        long now = nanoTime.getAsLong();
        long old = rate;
        if (old == newRate) {
            return;
        }
        refill(now);
        capacity = capacityFor(newRate);
        if (old == 0 || newRate == 0) {
            // From unlimited: start full. To unlimited: debt is forgiven, there is nothing to pay it to.
            tokens = capacity;
        } else {
            tokens = Math.min(tokens, capacity);
        }
        lastRefill = now;
        rate = newRate;
    }

    /**
     * Tokens now.
     *
     * @return whole bytes available, negative while in debt; {@link Long#MAX_VALUE} if unlimited
     */
    public long available() {
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        synchronized (this) {
            if (rate == 0) {
                return Long.MAX_VALUE;
            }
            refill(nanoTime.getAsLong());
            return Math.floorDiv(tokens, NANOS_PER_SECOND);
        }
    }

    /**
     * Takes up to {@code bytes} tokens without going into debt.
     *
     * @param bytes how many are wanted, not negative
     * @return how many were granted, from 0 to {@code bytes}; all of them if unlimited
     */
    public long tryTake(long bytes) {
        checkBytes(bytes);
        if (rate == 0 || bytes == 0) {
            return bytes;
        }
        synchronized (this) {
            if (rate == 0) {
                return bytes;
            }
            refill(nanoTime.getAsLong());
            long granted = Math.min(bytes, Math.max(0, tokens / NANOS_PER_SECOND));
            tokens -= granted * NANOS_PER_SECOND;
            return granted;
        }
    }

    /**
     * Charges bytes that were (or are about to be) transferred, going into debt if there are
     * not enough tokens. Does nothing if unlimited.
     *
     * @param bytes how many, not negative
     * @return the tokens left, as {@link #available()} would say, in the same lock: negative
     *     while in debt, {@link Long#MAX_VALUE} if unlimited
     */
    public long take(long bytes) {
        checkBytes(bytes);
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        synchronized (this) {
            if (rate == 0) {
                return Long.MAX_VALUE;
            }
            refill(nanoTime.getAsLong());
            long floor = -MAX_CAPACITY * NANOS_PER_SECOND;
            long charge = Math.min(bytes, MAX_CAPACITY) * NANOS_PER_SECOND;
            // tokens ≥ floor and charge ≤ 2^32·10^9: the difference stays far from overflow.
            tokens = Math.max(floor, tokens - charge);
            return Math.floorDiv(tokens, NANOS_PER_SECOND);
        }
    }

    /**
     * How long until {@code bytes} tokens are available, counting from now.
     *
     * @param bytes how many; more than the capacity waits only for a full bucket
     * @return nanoseconds, 0 if available now or unlimited
     */
    public long nanosUntilAvailable(long bytes) {
        checkBytes(bytes);
        if (rate == 0 || bytes == 0) {
            return 0;
        }
        synchronized (this) {
            long r = rate;
            if (r == 0) {
                return 0;
            }
            refill(nanoTime.getAsLong());
            long need = Math.min(bytes, capacity / NANOS_PER_SECOND) * NANOS_PER_SECOND - tokens;
            if (need <= 0) {
                return 0;
            }
            // Rounded up: waking a nanosecond early would find the tokens one short.
            return (need + r - 1) / r;
        }
    }

    private static void checkBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes " + bytes);
        }
    }

    /** Adds what the time since the last refill earned, up to the capacity. Holds the lock. */
    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed <= 0) {
            return;
        }
        lastRefill = now;
        long r = rate;
        long room = capacity - tokens;
        if (r == 0 || room <= 0) {
            return;
        }
        // room ≤ 2 × MAX_CAPACITY × 10^9 < 2^63 - rate, so the product below is checked small enough.
        if (elapsed >= room / r + 1) {
            tokens = capacity;
        } else {
            tokens += elapsed * r;
        }
    }

    @Override
    public String toString() {
        long r = rate;
        return r == 0 ? "TokenBucket[unlimited]" : "TokenBucket[" + r + " B/s, " + available() + " B]";
    }
}
