package io.torrentine.examples.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.torrentine.internal.net.BandwidthLimits;
import io.torrentine.internal.net.RateLimitHandler;
import io.torrentine.internal.net.TokenBucket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a rate limit costs per socket read or message write (see {@code docs/rate-limits.md}):
 * the chain's checks alone, a shared bucket under two threads, and one 16 KiB buffer read
 * through an {@link EmbeddedChannel} pipeline with no limiter, an unlimited one and a limited
 * one (the difference is the handler's cost). Nanoseconds per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateLimitBenchmark {
    private static final int BLOCK_MESSAGE = 16_384 + 13;

    /** A clock that moves a second per reading, so a limited bucket always has quota: the common case, measured alone. */
    private static LongSupplier fastClock() {
        long[] now = {0};
        return () -> now[0] += 1_000_000_000L;
    }

    /** Per-thread chains and pipelines. */
    @State(Scope.Thread)
    public static class Local {
        BandwidthLimits unlimited;
        BandwidthLimits limited;
        BandwidthLimits limitedSystemClock;
        ByteBuf block;
        EmbeddedChannel noLimiter;
        EmbeddedChannel unlimitedLimiter;
        EmbeddedChannel limitedLimiter;

        /** Builds the chains (session then torrent) and the channels. */
        @Setup(Level.Trial)
        public void setUp() {
            unlimited = BandwidthLimits.of(TokenBucket.of(0), TokenBucket.of(0));
            LongSupplier clock = fastClock();
            limited = BandwidthLimits.of(new TokenBucket(100L << 20, Duration.ofSeconds(1), clock),
                    new TokenBucket(10L << 20, Duration.ofSeconds(1), clock));
            limitedSystemClock = BandwidthLimits.of(new TokenBucket(TokenBucket.MAX_RATE, Duration.ofSeconds(1),
                    System::nanoTime), new TokenBucket(TokenBucket.MAX_RATE, Duration.ofSeconds(1), System::nanoTime));
            block = Unpooled.directBuffer(BLOCK_MESSAGE).writeZero(BLOCK_MESSAGE);
            noLimiter = new EmbeddedChannel();
            unlimitedLimiter = new EmbeddedChannel();
            RateLimitHandler.install(unlimitedLimiter, unlimited, unlimited);
            limitedLimiter = new EmbeddedChannel();
            RateLimitHandler.install(limitedLimiter, limited, limited);
        }

        /** Releases the buffer and the channels. */
        @TearDown(Level.Trial)
        public void tearDown() {
            noLimiter.finishAndReleaseAll();
            unlimitedLimiter.finishAndReleaseAll();
            limitedLimiter.finishAndReleaseAll();
            block.release();
        }
    }

    /** One bucket shared by every thread, as the session's bucket is shared by event loops. */
    @State(Scope.Benchmark)
    public static class Shared {
        TokenBucket session;

        /** Creates the bucket on the system clock at the highest rate. */
        @Setup(Level.Trial)
        public void setUp() {
            session = new TokenBucket(TokenBucket.MAX_RATE, Duration.ofSeconds(1), System::nanoTime);
        }
    }

    /**
     * The fast path's check: both buckets of the chain unlimited.
     *
     * @param s the chains
     * @return the answer, so that it is not eliminated
     */
    @Benchmark
    public boolean chainUnlimitedCheck(Local s) {
        return s.unlimited.isUnlimited();
    }

    /**
     * The limited path: is there quota, and charge one block message to both buckets.
     *
     * @param s the chains
     * @return the answer, so that it is not eliminated
     */
    @Benchmark
    public boolean chainLimitedTake(Local s) {
        boolean quota = s.limited.hasQuota();
        s.limited.take(BLOCK_MESSAGE);
        return quota;
    }

    /**
     * The limited path with {@code System.nanoTime} as the clock (two readings per bucket).
     *
     * @param s the chains
     * @return the answer, so that it is not eliminated
     */
    @Benchmark
    public boolean chainLimitedTakeSystemClock(Local s) {
        boolean quota = s.limitedSystemClock.hasQuota();
        s.limitedSystemClock.take(BLOCK_MESSAGE);
        return quota;
    }

    /**
     * One shared bucket taken from by two threads at once.
     *
     * @param s the bucket
     * @return what is left, so that it is not eliminated
     */
    @Benchmark
    @Threads(2)
    public long sharedBucketTwoThreads(Shared s) {
        s.session.take(BLOCK_MESSAGE);
        return s.session.available();
    }

    /**
     * One shared bucket, one thread: the uncontended monitor.
     *
     * @param s the bucket
     * @return what is left, so that it is not eliminated
     */
    @Benchmark
    public long sharedBucketOneThread(Shared s) {
        s.session.take(BLOCK_MESSAGE);
        return s.session.available();
    }

    private static int readThrough(EmbeddedChannel channel, ByteBuf block) {
        channel.writeInbound(block.retainedDuplicate());
        ByteBuf read = channel.readInbound();
        int n = read.readableBytes();
        read.release();
        return n;
    }

    /**
     * A read through a pipeline with no limiter: the baseline.
     *
     * @param s the pipelines
     * @return the bytes read
     */
    @Benchmark
    public int readNoLimiter(Local s) {
        return readThrough(s.noLimiter, s.block);
    }

    /**
     * A read through an installed limiter whose chains are unlimited.
     *
     * @param s the pipelines
     * @return the bytes read
     */
    @Benchmark
    public int readUnlimitedLimiter(Local s) {
        return readThrough(s.unlimitedLimiter, s.block);
    }

    /**
     * A read through a limiter with limits and quota.
     *
     * @param s the pipelines
     * @return the bytes read
     */
    @Benchmark
    public int readLimitedLimiter(Local s) {
        return readThrough(s.limitedLimiter, s.block);
    }
}
