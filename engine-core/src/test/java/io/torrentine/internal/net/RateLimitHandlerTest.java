package io.torrentine.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.torrentine.internal.net.ReadGate.Reason;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler on an {@link EmbeddedChannel} whose clock, shared with the buckets, only moves when the test says. */
class RateLimitHandlerTest {
    private final MockTicker ticker = Ticker.newMockTicker();
    private final TokenBucket down = new TokenBucket(0, Duration.ofSeconds(1), ticker::nanoTime);
    private final TokenBucket up = new TokenBucket(0, Duration.ofSeconds(1), ticker::nanoTime);
    private final List<ByteBuf> created = new ArrayList<>();
    private EmbeddedChannel channel;
    private RateLimitHandler handler;

    private void start() {
        start(RateLimitHandler.DEFAULT_MAX_QUEUED_BYTES);
    }

    private void start(long maxQueuedBytes) {
        channel = EmbeddedChannel.builder().ticker(ticker).build();
        handler = new RateLimitHandler(BandwidthLimits.of(down), BandwidthLimits.of(up), ReadGate.of(channel),
                maxQueuedBytes, 100);
        channel.pipeline().addFirst(RateLimitHandler.NAME, handler);
    }

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf b : created) {
            assertThat(b.refCnt()).as("every buffer released").isZero();
        }
    }

    /** A buffer of {@code size} bytes whose first byte is {@code tag}. */
    private ByteBuf buffer(int size, int tag) {
        ByteBuf b = Unpooled.buffer(size).writeZero(size).setByte(0, tag);
        created.add(b);
        return b;
    }

    private void advanceMillis(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private int readOutboundTag() {
        ByteBuf b = channel.readOutbound();
        try {
            return b.getByte(0);
        } finally {
            b.release();
        }
    }

    private void readAndReleaseInbound() {
        ByteBuf b = channel.readInbound();
        b.release();
    }

    @Test
    void withoutLimitsEverythingPassesAndNothingIsCounted() {
        start();
        assertThat(channel.writeInbound(buffer(5000, 1))).isTrue();
        readAndReleaseInbound();
        channel.writeAndFlush(buffer(5000, 2));
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(handler.queuedBytes()).isZero();
        // Unlimited buckets are not charged: a limit set later starts from a full bucket.
        down.setRate(100);
        assertThat(down.available()).isEqualTo(100);
    }

    @Test
    void spentDownloadQuotaTurnsAutoReadOffUntilTheDebtIsPaid() {
        down.setRate(1000);
        start();
        channel.writeInbound(buffer(600, 1));
        readAndReleaseInbound();
        assertThat(channel.config().isAutoRead()).isTrue();
        // Bytes already read are delivered, and charged: 1,500 of 1,000 leaves a debt of 500.
        channel.writeInbound(buffer(900, 2));
        readAndReleaseInbound();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(ReadGate.of(channel).isBlocked(Reason.RATE_LIMIT)).isTrue();

        advanceMillis(400);
        assertThat(channel.config().isAutoRead()).isFalse();
        advanceMillis(101); // 501 ms: the debt is paid and one byte earned
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(ReadGate.of(channel).reasons()).isEmpty();
    }

    @Test
    void theRateLimitDoesNotReopenReadingTheDiskStopped() {
        down.setRate(1000);
        start();
        ReadGate gate = ReadGate.of(channel);
        channel.writeInbound(buffer(1500, 1));
        readAndReleaseInbound();
        gate.block(Reason.DISK_BACKPRESSURE);
        advanceMillis(1000);
        assertThat(gate.reasons()).containsExactly(Reason.DISK_BACKPRESSURE);
        assertThat(channel.config().isAutoRead()).isFalse();
        gate.unblock(Reason.DISK_BACKPRESSURE);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void liftingTheDownloadLimitReopensReadingWithinTheRecheckInterval() {
        down.setRate(10); // 1,000 bytes of debt: 100 s to wait
        start();
        channel.writeInbound(buffer(1010, 1));
        readAndReleaseInbound();
        assertThat(channel.config().isAutoRead()).isFalse();
        down.setRate(0);
        advanceMillis(TimeUnit.NANOSECONDS.toMillis(RateLimitHandler.MAX_RECHECK_NANOS));
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void writesBeyondTheQuotaWaitAndLeaveInOrderAsQuotaComes() {
        up.setRate(1000);
        start();
        ChannelFuture first = channel.writeAndFlush(buffer(600, 1));
        ChannelFuture second = channel.writeAndFlush(buffer(600, 2)); // 400 left: passes, 200 in debt
        ChannelFuture third = channel.writeAndFlush(buffer(300, 3));
        ChannelFuture fourth = channel.writeAndFlush(buffer(100, 4));
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
        assertThat(third.isDone()).isFalse();
        assertThat(handler.queuedBytes()).isEqualTo(400);
        assertThat(readOutboundTag()).isEqualTo(1);
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat((Object) channel.readOutbound()).isNull();

        advanceMillis(200); // the debt is paid, no byte earned yet
        assertThat((Object) channel.readOutbound()).isNull();
        advanceMillis(1); // one byte: the third goes, 299 in debt again
        assertThat(third.isSuccess()).isTrue();
        assertThat(fourth.isDone()).isFalse();
        assertThat(readOutboundTag()).isEqualTo(3);
        advanceMillis(300);
        assertThat(fourth.isSuccess()).isTrue();
        assertThat(readOutboundTag()).isEqualTo(4);
        assertThat(handler.queuedBytes()).isZero();
    }

    @Test
    void aWriteQueuedBehindOthersWaitsEvenWithQuota() {
        up.setRate(1000);
        start();
        channel.writeAndFlush(buffer(1500, 1));
        channel.writeAndFlush(buffer(10, 2));
        advanceMillis(1000); // 500 tokens now, the queued write not yet drained by a timer
        channel.writeAndFlush(buffer(10, 3));
        assertThat(readOutboundTag()).isEqualTo(1);
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat(readOutboundTag()).isEqualTo(3);
    }

    @Test
    void queuedBytesCountTowardWritability() {
        up.setRate(1000);
        start();
        // PendingWriteQueue counts each message's bytes plus an overhead (64 by default): 214 for 150.
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(100, 250));
        channel.writeAndFlush(buffer(1001, 1));
        assertThat(channel.isWritable()).isTrue();
        channel.writeAndFlush(buffer(150, 2));
        assertThat(channel.isWritable()).isTrue();
        channel.writeAndFlush(buffer(150, 3));
        assertThat(channel.isWritable()).isFalse();
        advanceMillis(2000);
        assertThat(channel.isWritable()).isTrue();
        assertThat(readOutboundTag()).isEqualTo(1);
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat(readOutboundTag()).isEqualTo(3);
    }

    @Test
    void queuedWritesAreReleasedAndFailedWhenTheChannelCloses() {
        up.setRate(1000);
        start();
        channel.writeAndFlush(buffer(2000, 1));
        ByteBuf waiting = buffer(500, 2);
        ChannelFuture queued = channel.writeAndFlush(waiting);
        ChannelFuture holder = channel.writeAndFlush(new DefaultByteBufHolder(buffer(500, 3)));
        assertThat(handler.queuedBytes()).isEqualTo(1000);
        channel.close();
        assertThat(queued.cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(holder.cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(waiting.refCnt()).isZero();
        assertThat(handler.queuedBytes()).isZero();
        assertThat(readOutboundTag()).isEqualTo(1);
    }

    @Test
    void aWriteBeyondTheQueueBoundFailsAndIsReleased() {
        up.setRate(1000);
        start(1000);
        channel.writeAndFlush(buffer(1500, 1));
        ChannelFuture fits = channel.writeAndFlush(buffer(1000, 2));
        ByteBuf tooMuch = buffer(1, 3);
        ChannelFuture refused = channel.writeAndFlush(tooMuch);
        assertThat(fits.isDone()).isFalse();
        assertThat(refused.cause()).isInstanceOf(WriteQueueFullException.class);
        assertThat(((WriteQueueFullException) refused.cause()).queuedBytes()).isEqualTo(1000);
        assertThat(tooMuch.refCnt()).isZero();
        advanceMillis(1501);
        assertThat(fits.isSuccess()).isTrue();
    }

    @Test
    void liftingTheUploadLimitDrainsTheQueueWithinTheRecheckInterval() {
        up.setRate(1);
        start();
        channel.writeAndFlush(buffer(100, 1));
        ChannelFuture queued = channel.writeAndFlush(buffer(100, 2));
        up.setRate(0);
        advanceMillis(TimeUnit.NANOSECONDS.toMillis(RateLimitHandler.MAX_RECHECK_NANOS));
        assertThat(queued.isSuccess()).isTrue();
        // And with the limit gone, writes take the fast path again.
        channel.writeAndFlush(buffer(100, 3));
        assertThat(readOutboundTag()).isEqualTo(1);
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat(readOutboundTag()).isEqualTo(3);
    }

    @Test
    void newChainsApplyAtOnce() {
        up.setRate(1);
        down.setRate(1);
        start();
        channel.writeInbound(buffer(100, 1));
        readAndReleaseInbound();
        channel.writeAndFlush(buffer(100, 2));
        ChannelFuture queued = channel.writeAndFlush(buffer(100, 3));
        assertThat(channel.config().isAutoRead()).isFalse();
        // An incoming connection's torrent becomes known: its chain replaces the session-only one.
        TokenBucket torrent = new TokenBucket(1_000_000, Duration.ofSeconds(1), ticker::nanoTime);
        handler.limits(BandwidthLimits.of(torrent), BandwidthLimits.of(torrent));
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(queued.isSuccess()).isTrue();
        assertThat(handler.download().buckets()).containsExactly(torrent);
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat(readOutboundTag()).isEqualTo(3);
    }

    @Test
    void removingTheHandlerPassesQueuedWritesOnAndReopensReading() {
        up.setRate(1);
        down.setRate(1);
        start();
        channel.writeInbound(buffer(100, 1));
        readAndReleaseInbound();
        channel.writeAndFlush(buffer(100, 2));
        ChannelFuture queued = channel.writeAndFlush(buffer(100, 3));
        channel.pipeline().remove(handler);
        assertThat(queued.isSuccess()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(readOutboundTag()).isEqualTo(2);
        assertThat(readOutboundTag()).isEqualTo(3);
    }

    @Test
    void installPutsTheHandlerFirst() {
        channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        handler = RateLimitHandler.install(channel, BandwidthLimits.of(down), BandwidthLimits.unlimited());
        assertThat(channel.pipeline().first()).isSameAs(handler);
        assertThat(channel.pipeline().get(RateLimitHandler.NAME)).isSameAs(handler);
        assertThat(handler.upload().isUnlimited()).isTrue();
    }

    @Test
    void countsBuffersAndHoldersOnly() {
        ByteBuf b = buffer(42, 0);
        b.readerIndex(2);
        assertThat(RateLimitHandler.sizeOf(b)).isEqualTo(40);
        DefaultByteBufHolder holder = new DefaultByteBufHolder(buffer(7, 0));
        assertThat(RateLimitHandler.sizeOf(holder)).isEqualTo(7);
        assertThat(RateLimitHandler.sizeOf("not bytes")).isZero();
        b.release();
        holder.release();
    }
}
