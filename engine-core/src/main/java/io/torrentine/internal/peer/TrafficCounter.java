package io.torrentine.internal.peer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;

/**
 * Counts the raw bytes of one connection both ways, at the head of its pipeline, so that the
 * rates and the idle and keep-alive clocks see every byte including handshakes and keep-alives.
 * One per channel; used on its event loop only.
 */
public final class TrafficCounter extends ChannelDuplexHandler {
    private final Duration window;
    private RateMeter received;
    private RateMeter sent;
    private long lastReceived;
    private long lastSent;

    /**
     * Creates a counter.
     *
     * @param window the window rates are averaged over
     */
    public TrafficCounter(Duration window) {
        this.window = window;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long now = now(ctx);
        received = new RateMeter(window, 5, now);
        sent = new RateMeter(window, 5, now);
        lastReceived = now;
        lastSent = now;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            long now = now(ctx);
            received.add(b.readableBytes(), now);
            lastReceived = now;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            long now = now(ctx);
            sent.add(b.readableBytes(), now);
            lastSent = now;
        }
        ctx.write(msg, promise);
    }

    static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }

    /**
     * Download rate.
     *
     * @param now the event loop's ticker time
     * @return bytes per second received over the window
     */
    public double receiveRate(long now) {
        return received.bytesPerSecond(now);
    }

    /**
     * Upload rate.
     *
     * @param now the event loop's ticker time
     * @return bytes per second sent over the window
     */
    public double sendRate(long now) {
        return sent.bytesPerSecond(now);
    }

    /**
     * When the last byte arrived (or when the counter was added).
     *
     * @return the ticker time
     */
    public long lastReceived() {
        return lastReceived;
    }

    /**
     * When the last byte was written (or when the counter was added).
     *
     * @return the ticker time
     */
    public long lastSent() {
        return lastSent;
    }
}
