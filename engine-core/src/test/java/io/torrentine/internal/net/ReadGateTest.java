package io.torrentine.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.torrentine.internal.net.ReadGate.Reason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadGateTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void oneGatePerChannel() {
        assertThat(ReadGate.of(channel)).isSameAs(ReadGate.of(channel));
        assertThat(ReadGate.of(new EmbeddedChannel())).isNotSameAs(ReadGate.of(channel));
    }

    @Test
    void readingIsOffWhileAnyReasonRemains() {
        ReadGate gate = ReadGate.of(channel);
        assertThat(gate.isOpen()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();

        assertThat(gate.block(Reason.DISK_BACKPRESSURE)).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.block(Reason.RATE_LIMIT)).isTrue();
        assertThat(gate.block(Reason.RATE_LIMIT)).isFalse();
        assertThat(gate.reasons()).containsExactlyInAnyOrder(Reason.DISK_BACKPRESSURE, Reason.RATE_LIMIT);

        // The rate limit lifting must not undo the disk's stop: the point of the gate.
        assertThat(gate.unblock(Reason.RATE_LIMIT)).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.isBlocked(Reason.DISK_BACKPRESSURE)).isTrue();
        assertThat(gate.isBlocked(Reason.RATE_LIMIT)).isFalse();
        assertThat(gate.unblock(Reason.RATE_LIMIT)).isFalse();

        assertThat(gate.unblock(Reason.DISK_BACKPRESSURE)).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.reasons()).isEmpty();
    }

    @Test
    void refusesCallsOffTheEventLoop() throws Exception {
        // EmbeddedChannel's loop reports every thread as its own; a real loop does not.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            NioSocketChannel real = new NioSocketChannel();
            group.register(real).sync();
            ReadGate gate = ReadGate.of(real);
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread offLoop = new Thread(() -> {
                try {
                    gate.block(Reason.PAUSED);
                    thrown.complete(null);
                } catch (IllegalStateException e) {
                    thrown.complete(e);
                }
            });
            offLoop.start();
            assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            boolean onLoop = real.eventLoop().submit(() -> gate.block(Reason.PAUSED)).get(10, TimeUnit.SECONDS);
            assertThat(onLoop).isTrue();
            assertThat(real.config().isAutoRead()).isFalse();
            real.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
    }
}
