package io.torrentine.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.PendingWriteQueue;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Applies a connection's download and upload limits to its raw bytes. It sits at the head side
 * of the pipeline (only a byte counter between it and the socket), so it sees every byte the
 * peer wire moves, handshakes and keep-alives included.
 *
 * <p><b>Download.</b> Every buffer read is charged to the download chain (bytes already read
 * cannot be refused). When that leaves a bucket without quota, the {@link ReadGate} gets
 * {@link ReadGate.Reason#RATE_LIMIT} (auto-read off) and a timer on the channel's event loop
 * removes it once the chain has quota again.
 *
 * <p><b>Upload.</b> A write passes at once when the chain has quota, and is charged in full.
 * Otherwise it waits, in order, in a {@link PendingWriteQueue} (whose bytes count toward the
 * channel's writability, so a writer that honours {@code isWritable()} stops adding) and is
 * written and flushed by a timer when quota comes. The queue is bounded (bytes and messages); a
 * write beyond the bound fails with {@link WriteQueueFullException} and its message is released.
 * Queued writes are failed and released when the channel closes, or passed on if the handler is
 * removed from an open channel.
 *
 * <p><b>Cost.</b> With both chains unlimited, a read or write costs one volatile read per bucket
 * (plus an empty-queue check for writes). Timers re-check at least every
 * {@link #MAX_RECHECK_NANOS}, so raising or lifting a limit at run time frees a waiting
 * connection within that time even if its computed wait was longer.
 *
 * <p>Not sharable: one per channel, used on its event loop (the buckets may be shared).
 */
public final class RateLimitHandler extends ChannelDuplexHandler {
    /** The handler's name in the pipeline. */
    public static final String NAME = "rate-limit";
    /** The longest a waiting connection goes without checking its limits again: 250 ms. */
    public static final long MAX_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Default bound of queued upload bytes: 8 MiB, above a full pipeline of requested blocks. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 8L << 20;
    /** Default bound of queued upload messages. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 16_384;

    private final ReadGate gate;
    private final long maxQueuedBytes;
    private final int maxQueuedMessages;
    private BandwidthLimits download;
    private BandwidthLimits upload;

    private ChannelHandlerContext ctx;
    private PendingWriteQueue queue;
    /** Token bytes of the queued messages (a FileRegion counts its length, unlike Netty's estimate). */
    private long queuedBytes;
    private ScheduledFuture<?> readTimer;
    private ScheduledFuture<?> writeTimer;

    /**
     * Creates a handler with the default queue bounds.
     *
     * @param download the chain reads are charged to
     * @param upload the chain writes are charged to
     * @param gate the channel's read gate ({@link ReadGate#of})
     */
    public RateLimitHandler(BandwidthLimits download, BandwidthLimits upload, ReadGate gate) {
        this(download, upload, gate, DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_MESSAGES);
    }

    /**
     * Creates a handler.
     *
     * @param download the chain reads are charged to
     * @param upload the chain writes are charged to
     * @param gate the channel's read gate ({@link ReadGate#of})
     * @param maxQueuedBytes the most upload bytes held back, positive
     * @param maxQueuedMessages the most upload messages held back, positive
     */
    public RateLimitHandler(BandwidthLimits download, BandwidthLimits upload, ReadGate gate,
                            long maxQueuedBytes, int maxQueuedMessages) {
        this.download = Objects.requireNonNull(download, "download");
        this.upload = Objects.requireNonNull(upload, "upload");
        this.gate = Objects.requireNonNull(gate, "gate");
        if (maxQueuedBytes <= 0 || maxQueuedMessages <= 0) {
            throw new IllegalArgumentException("queue bounds " + maxQueuedBytes + " B, " + maxQueuedMessages);
        }
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxQueuedMessages = maxQueuedMessages;
    }

    /**
     * Installs a handler first in the channel's pipeline, with the channel's {@link ReadGate}.
     *
     * @param channel the channel, registered or not
     * @param download the chain reads are charged to
     * @param upload the chain writes are charged to
     * @return the handler
     */
    public static RateLimitHandler install(Channel channel, BandwidthLimits download, BandwidthLimits upload) {
        return install(channel, download, upload, ReadGate.of(channel));
    }

    /**
     * Installs a handler first in the channel's pipeline.
     *
     * @param channel the channel, registered or not
     * @param download the chain reads are charged to
     * @param upload the chain writes are charged to
     * @param gate the channel's read gate
     * @return the handler
     */
    public static RateLimitHandler install(Channel channel, BandwidthLimits download, BandwidthLimits upload,
                                           ReadGate gate) {
        RateLimitHandler handler = new RateLimitHandler(download, upload, gate);
        channel.pipeline().addFirst(NAME, handler);
        return handler;
    }

    /**
     * Replaces the chains, e.g. when an incoming connection's handshake names its torrent and
     * the torrent's buckets join the session's. Debt already charged stays with the old buckets.
     * Call on the channel's event loop.
     *
     * @param newDownload the chain reads are charged to from now on
     * @param newUpload the chain writes are charged to from now on
     */
    public void limits(BandwidthLimits newDownload, BandwidthLimits newUpload) {
        this.download = Objects.requireNonNull(newDownload, "download");
        this.upload = Objects.requireNonNull(newUpload, "upload");
        if (ctx != null) {
            // Let the timers decide with the new chains now rather than after a wait computed for the old ones.
            if (readTimer != null) {
                readTimer.cancel(false);
                readTimer = null;
                checkReading();
            }
            if (writeTimer != null) {
                writeTimer.cancel(false);
                writeTimer = null;
                drain();
            }
        }
    }

    /**
     * The download chain.
     *
     * @return the chain
     */
    public BandwidthLimits download() {
        return download;
    }

    /**
     * The upload chain.
     *
     * @return the chain
     */
    public BandwidthLimits upload() {
        return upload;
    }

    /**
     * Upload bytes held back now. Event loop only.
     *
     * @return bytes queued
     */
    public long queuedBytes() {
        return queuedBytes;
    }

    // ---- lifecycle ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.queue = new PendingWriteQueue(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimers();
        gate.unblock(ReadGate.Reason.RATE_LIMIT);
        if (!queue.isEmpty()) {
            queuedBytes = 0;
            if (ctx.channel().isActive()) {
                // Removed from a live channel: the limit no longer applies, so the writes go on in order.
                queue.removeAndWriteAll();
                ctx.flush();
            } else {
                queue.removeAndFailAll(new ClosedChannelException());
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimers();
        failQueued();
        ctx.fireChannelInactive();
    }

    private void cancelTimers() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
        if (writeTimer != null) {
            writeTimer.cancel(false);
            writeTimer = null;
        }
    }

    private void failQueued() {
        if (!queue.isEmpty()) {
            queuedBytes = 0;
            queue.removeAndFailAll(new ClosedChannelException());
        }
    }

    // ---- download ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BandwidthLimits limits = download;
        if (!limits.isUnlimited()) {
            long bytes = sizeOf(msg);
            if (bytes > 0) {
                boolean quota = limits.take(bytes);
                if (!quota && readTimer == null) {
                    gate.block(ReadGate.Reason.RATE_LIMIT);
                    scheduleReadCheck(limits.nanosUntilQuota());
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void scheduleReadCheck(long nanos) {
        readTimer = ctx.executor().schedule(this::readCheckDue, clampWait(nanos), TimeUnit.NANOSECONDS);
    }

    private void readCheckDue() {
        readTimer = null;
        checkReading();
    }

    /** Reopens reading if the chain has quota (or no limit any more), else waits again. */
    private void checkReading() {
        if (!ctx.channel().isOpen()) {
            return;
        }
        BandwidthLimits limits = download;
        if (limits.isUnlimited() || limits.hasQuota()) {
            gate.unblock(ReadGate.Reason.RATE_LIMIT);
        } else {
            scheduleReadCheck(limits.nanosUntilQuota());
        }
    }

    // ---- upload ----

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (queue.isEmpty()) {
            BandwidthLimits limits = upload;
            if (limits.isUnlimited()) {
                ctx.write(msg, promise);
                return;
            }
            if (limits.hasQuota() || !ctx.channel().isActive()) {
                // A closed channel fails and releases the write itself; there is nothing to limit.
                limits.take(sizeOf(msg));
                ctx.write(msg, promise);
                return;
            }
        }
        long bytes = sizeOf(msg);
        if (queue.size() >= maxQueuedMessages || queuedBytes + bytes > maxQueuedBytes) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new WriteQueueFullException(queuedBytes, queue.size()));
            return;
        }
        queue.add(msg, promise);
        queuedBytes += bytes;
        if (writeTimer == null) {
            scheduleDrain(upload.nanosUntilQuota());
        }
    }

    private void scheduleDrain(long nanos) {
        writeTimer = ctx.executor().schedule(this::drainDue, clampWait(nanos), TimeUnit.NANOSECONDS);
    }

    private void drainDue() {
        writeTimer = null;
        drain();
    }

    /** Writes queued messages, oldest first, while there is quota; then flushes, and waits again if any are left. */
    private void drain() {
        boolean wrote = false;
        while (!queue.isEmpty()) {
            BandwidthLimits limits = upload;
            if (!limits.isUnlimited()) {
                if (!limits.hasQuota()) {
                    break;
                }
            }
            long bytes = sizeOf(queue.current());
            limits.take(bytes);
            queuedBytes -= bytes;
            queue.removeAndWrite();
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (!queue.isEmpty() && writeTimer == null) {
            scheduleDrain(upload.nanosUntilQuota());
        }
    }

    /** Clamped to [0, MAX_RECHECK_NANOS]: see the class comment. */
    private static long clampWait(long nanos) {
        return Math.max(0, Math.min(nanos, MAX_RECHECK_NANOS));
    }

    /**
     * The bytes a message puts on the wire, as the limits count them.
     *
     * @param msg a message at the head of the pipeline
     * @return its length, 0 if not a buffer or a file region
     */
    static long sizeOf(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes();
        }
        if (msg instanceof FileRegion r) {
            return r.count() - r.transferred();
        }
        return 0;
    }
}
