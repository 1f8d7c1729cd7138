package io.torrentine.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real TCP on 127.0.0.1 with NIO event loops and the system clock: bytes pushed as fast as the
 * socket takes them must arrive at the limited rate. The machine is shared and loaded, so the
 * bounds are ±20 %; lateness of the loops can only make a transfer slower, and the burst (250 ms
 * of rate) absorbs timer lateness up to that long.
 */
class RateLimitLoopbackTest {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitLoopbackTest.class);
    private static final int MIB = 1 << 20;
    private static final Duration BURST = Duration.ofMillis(250);

    private EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        for (Channel c : channels) {
            c.close().await(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoConnectionsSharingASessionDownloadLimitTogetherStayWithinIt() throws Exception {
        long rate = MIB;
        TokenBucket session = new TokenBucket(rate, BURST, System::nanoTime);
        int perConnection = MIB;
        Channel server = listen(ch -> ch.pipeline().addLast(new Pump(perConnection)));

        Meter meter = new Meter(2L * perConnection, session);
        for (int i = 0; i < 2; i++) {
            TokenBucket torrent = new TokenBucket(0, BURST, System::nanoTime); // unlimited: the session decides
            connect(server, ch -> {
                RateLimitHandler.install(ch, BandwidthLimits.of(session, torrent), BandwidthLimits.unlimited());
                ch.pipeline().addLast(meter);
            });
        }
        double measured = meter.done.get(20, TimeUnit.SECONDS);
        LOG.info("limit {} B/s, measured {} B/s", rate, Math.round(measured));
        assertThat(measured).as("bytes/s after the burst").isBetween(rate * 0.8, rate * 1.2);
        assertThat(meter.bytes).isEqualTo(2L * perConnection);
    }

    @Test
    void anUploadLimitHoldsAWriterThatHonoursWritability() throws Exception {
        long rate = 2L * MIB;
        TokenBucket torrent = new TokenBucket(rate, BURST, System::nanoTime);
        long total = 3L * MIB;
        Meter meter = new Meter(total, torrent);
        Channel server = listen(ch -> ch.pipeline().addLast(meter));
        connect(server, ch -> {
            RateLimitHandler.install(ch, BandwidthLimits.unlimited(), BandwidthLimits.of(torrent));
            ch.pipeline().addLast(new Pump(total));
        });
        double measured = meter.done.get(20, TimeUnit.SECONDS);
        LOG.info("limit {} B/s, measured {} B/s", rate, Math.round(measured));
        assertThat(measured).as("bytes/s after the burst").isBetween(rate * 0.8, rate * 1.2);
    }

    private Channel listen(Consumer<SocketChannel> init) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        init.accept(ch);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        channels.add(server);
        return server;
    }

    private void connect(Channel server, Consumer<SocketChannel> init) throws InterruptedException {
        Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        init.accept(ch);
                    }
                })
                .connect(server.localAddress()).sync().channel();
        channels.add(client);
    }

    /** Writes {@code total} bytes in 16 KiB buffers while the channel is writable, as an uploading peer would. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private long remaining;

        Pump(long total) {
            this.remaining = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        private void pump(ChannelHandlerContext ctx) {
            boolean wrote = false;
            while (remaining > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(16_384, remaining);
                ctx.write(ctx.alloc().buffer(n).writeZero(n));
                remaining -= n;
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }
    }

    /**
     * Counts the bytes read by every channel it is on and completes with the rate once
     * {@code expected} arrived: the bytes after the first burst over the time since the first byte.
     */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Meter extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Double> done = new CompletableFuture<>();
        private final long expected;
        private final long burstBytes;
        private long first;
        volatile long bytes;

        /** The bucket started full: its capacity arrived without waiting, so it is left out of the rate. */
        Meter(long expected, TokenBucket limit) {
            this.expected = expected;
            this.burstBytes = limit.capacity();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            long now = System.nanoTime();
            synchronized (this) {
                if (bytes == 0) {
                    first = now;
                }
                bytes += b.readableBytes();
                if (bytes >= expected) {
                    done.complete((bytes - burstBytes) / ((now - first) / 1e9));
                }
            }
            b.release();
        }
    }
}
