package io.torrentine.internal.torrent;

import io.netty.channel.Channel;
import io.torrentine.internal.net.BandwidthLimits;
import io.torrentine.internal.net.RateLimitHandler;
import io.torrentine.internal.net.ReadGate;
import io.torrentine.internal.net.TokenBucket;

/**
 * Puts a connection under its session's and its torrent's rate limits once its handshake names
 * the torrent, and under the disk layer's back-pressure (GUIDE.md: when the bytes queued for
 * disk pass the high-water mark, peers stop reading). Both act through the channel's {@link
 * ReadGate}, so the two reasons to stop reading never undo each other.
 */
final class BandwidthWiring {
    private BandwidthWiring() {
    }

    static void attach(Channel channel, TorrentHost host, TokenBucket torrentDownload, TokenBucket torrentUpload) {
        BandwidthLimits down = BandwidthLimits.of(host.globalDownload(), torrentDownload);
        BandwidthLimits up = BandwidthLimits.of(host.globalUpload(), torrentUpload);
        RateLimitHandler existing = channel.pipeline().get(RateLimitHandler.class);
        if (existing != null) {
            existing.limits(down, up);
        } else {
            RateLimitHandler.install(channel, down, up);
        }
        if (host.disk().isReadingStopped()) {
            ReadGate.of(channel).block(ReadGate.Reason.DISK_BACKPRESSURE);
        }
    }

    static void diskBackPressure(Channel channel, boolean stop) {
        ReadGate gate = ReadGate.of(channel);
        if (stop) {
            gate.block(ReadGate.Reason.DISK_BACKPRESSURE);
        } else {
            gate.unblock(ReadGate.Reason.DISK_BACKPRESSURE);
        }
    }
}
