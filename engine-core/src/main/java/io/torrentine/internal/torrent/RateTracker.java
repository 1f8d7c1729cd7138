package io.torrentine.internal.torrent;

import io.netty.channel.EventLoop;
import io.torrentine.internal.peer.RateMeter;
import java.time.Duration;

/** A torrent's payload rate in one direction, over the last five seconds, on the loop's clock. */
final class RateTracker {
    private final EventLoop loop;
    private final RateMeter meter;

    RateTracker(EventLoop loop) {
        this.loop = loop;
        this.meter = new RateMeter(Duration.ofSeconds(5), 10, now());
    }

    private long now() {
        return loop.ticker().nanoTime();
    }

    void add(long bytes) {
        meter.add(bytes, now());
    }

    double rate() {
        return meter.bytesPerSecond(now());
    }
}
