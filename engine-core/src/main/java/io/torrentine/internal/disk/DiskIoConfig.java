package io.torrentine.internal.disk;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a session's disk layer ({@link DiskIoThreadPool}). See {@code docs/disk-io.md}
 * for why the defaults are what they are.
 *
 * @param threads the number of disk threads, at least 1
 * @param highWaterBytes when the bytes queued for writing (received, not yet written) exceed
 *     this, the network is told to stop reading from peers; libtorrent's
 *     {@code max_queued_disk_bytes}
 * @param lowWaterBytes once the bytes queued for writing fall to this or below, the network is
 *     told to resume; less than {@code highWaterBytes}
 * @param storeBufferLimitBytes the hard bound on blocks held for writing: queued ones plus those
 *     whose write failed and that a torrent has not yet retried or discarded; a write that would
 *     pass it is refused with {@link DiskOverloadException.Reason#STORE_BUFFER_FULL}; at least
 *     {@code highWaterBytes}
 * @param cleanCacheBytes how many bytes of blocks already written the session keeps in memory
 *     so that hashing their piece needs no re-read; past it the oldest are evicted
 * @param maxJobsPerTorrent the bound on one torrent's jobs not yet finished; a job past it is
 *     refused with {@link DiskOverloadException.Reason#JOB_QUEUE_FULL}
 * @param shutdownTimeout how long {@link DiskIoThreadPool#close()} waits for running jobs
 * @param allocator where the buffers returned by reads come from
 */
public record DiskIoConfig(
        int threads,
        long highWaterBytes,
        long lowWaterBytes,
        long storeBufferLimitBytes,
        long cleanCacheBytes,
        int maxJobsPerTorrent,
        Duration shutdownTimeout,
        ByteBufAllocator allocator) {

    /** 16 MiB: 1,024 blocks; see {@code docs/disk-io.md}, "Back-pressure". */
    public static final long DEFAULT_HIGH_WATER_BYTES = 16L << 20;
    /** Half the high-water mark, as libtorrent's low watermark. */
    public static final long DEFAULT_LOW_WATER_BYTES = DEFAULT_HIGH_WATER_BYTES / 2;
    /** Four times the high-water mark: room for what peers send after they were told to stop. */
    public static final long DEFAULT_STORE_BUFFER_LIMIT_BYTES = 4 * DEFAULT_HIGH_WATER_BYTES;
    /** 32 MiB of written blocks kept for hashing. */
    public static final long DEFAULT_CLEAN_CACHE_BYTES = 32L << 20;
    /** 8,192 jobs per torrent. */
    public static final int DEFAULT_MAX_JOBS_PER_TORRENT = 8192;
    /** Ten seconds. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Validates the settings.
     *
     * @param threads the number of disk threads
     * @param highWaterBytes the stop-reading mark
     * @param lowWaterBytes the resume-reading mark
     * @param storeBufferLimitBytes the hard bound on blocks held for writing
     * @param cleanCacheBytes the bound on written blocks kept for hashing
     * @param maxJobsPerTorrent the bound on one torrent's unfinished jobs
     * @param shutdownTimeout how long closing waits for running jobs
     * @param allocator where read buffers come from
     * @throws IllegalArgumentException if a value is out of range
     */
    public DiskIoConfig {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(allocator, "allocator");
        if (threads < 1) {
            throw new IllegalArgumentException("at least one disk thread, not " + threads);
        }
        if (highWaterBytes < 1 || lowWaterBytes < 0 || lowWaterBytes >= highWaterBytes) {
            throw new IllegalArgumentException("need 0 <= low water (" + lowWaterBytes + ") < high water ("
                    + highWaterBytes + ")");
        }
        if (storeBufferLimitBytes < highWaterBytes) {
            throw new IllegalArgumentException("the store buffer limit (" + storeBufferLimitBytes
                    + ") is below the high-water mark (" + highWaterBytes + ")");
        }
        if (cleanCacheBytes < 0) {
            throw new IllegalArgumentException("negative clean cache size " + cleanCacheBytes);
        }
        if (maxJobsPerTorrent < 1) {
            throw new IllegalArgumentException("at least one job per torrent, not " + maxJobsPerTorrent);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("negative shutdown timeout " + shutdownTimeout);
        }
    }

    /**
     * The defaults: one disk thread per core, at least 2 (so that one stalled storage does not
     * stop every torrent) and at most 8, and the {@code DEFAULT_*} values.
     *
     * @return the default settings
     */
    public static DiskIoConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.threads = threads;
        b.highWaterBytes = highWaterBytes;
        b.lowWaterBytes = lowWaterBytes;
        b.storeBufferLimitBytes = storeBufferLimitBytes;
        b.cleanCacheBytes = cleanCacheBytes;
        b.maxJobsPerTorrent = maxJobsPerTorrent;
        b.shutdownTimeout = shutdownTimeout;
        b.allocator = allocator;
        return b;
    }

    /** Builds a {@link DiskIoConfig}; every value starts at its default. */
    public static final class Builder {
        private int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        private long highWaterBytes = DEFAULT_HIGH_WATER_BYTES;
        private long lowWaterBytes = DEFAULT_LOW_WATER_BYTES;
        private long storeBufferLimitBytes = DEFAULT_STORE_BUFFER_LIMIT_BYTES;
        private long cleanCacheBytes = DEFAULT_CLEAN_CACHE_BYTES;
        private int maxJobsPerTorrent = DEFAULT_MAX_JOBS_PER_TORRENT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

        private Builder() {
        }

        /**
         * Sets the number of disk threads.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /**
         * Sets the back-pressure marks on the bytes queued for writing.
         *
         * @param high stop reading from peers above this
         * @param low resume at or below this
         * @return this builder
         */
        public Builder waterMarks(long high, long low) {
            highWaterBytes = high;
            lowWaterBytes = low;
            return this;
        }

        /**
         * Sets the hard bound on blocks held for writing.
         *
         * @param value bytes, at least the high-water mark
         * @return this builder
         */
        public Builder storeBufferLimitBytes(long value) {
            storeBufferLimitBytes = value;
            return this;
        }

        /**
         * Sets how many written bytes stay in memory for hashing.
         *
         * @param value bytes, 0 to keep none
         * @return this builder
         */
        public Builder cleanCacheBytes(long value) {
            cleanCacheBytes = value;
            return this;
        }

        /**
         * Sets the bound on one torrent's unfinished jobs.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxJobsPerTorrent(int value) {
            maxJobsPerTorrent = value;
            return this;
        }

        /**
         * Sets how long closing the pool waits for running jobs.
         *
         * @param value not negative
         * @return this builder
         */
        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = value;
            return this;
        }

        /**
         * Sets where read buffers come from.
         *
         * @param value the allocator
         * @return this builder
         */
        public Builder allocator(ByteBufAllocator value) {
            allocator = value;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if a value is out of range
         */
        public DiskIoConfig build() {
            return new DiskIoConfig(threads, highWaterBytes, lowWaterBytes, storeBufferLimitBytes,
                    cleanCacheBytes, maxJobsPerTorrent, shutdownTimeout, allocator);
        }
    }
}
