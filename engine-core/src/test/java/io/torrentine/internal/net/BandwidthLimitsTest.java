package io.torrentine.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BandwidthLimitsTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong();
    private final TokenBucket global = new TokenBucket(0, Duration.ofSeconds(1), clock::get);
    private final TokenBucket torrent = new TokenBucket(0, Duration.ofSeconds(1), clock::get);
    private final BandwidthLimits chain = BandwidthLimits.of(global, torrent);

    @Test
    void unlimitedUntilAnyBucketHasARate() {
        assertThat(chain.isUnlimited()).isTrue();
        assertThat(chain.hasQuota()).isTrue();
        assertThat(chain.nanosUntilQuota()).isZero();
        torrent.setRate(1000);
        assertThat(chain.isUnlimited()).isFalse();
        torrent.setRate(0);
        assertThat(chain.isUnlimited()).isTrue();
        assertThat(BandwidthLimits.unlimited().isUnlimited()).isTrue();
        assertThat(BandwidthLimits.of().buckets()).isEmpty();
        assertThat(chain.buckets()).containsExactly(global, torrent);
    }

    @Test
    void aTransferIsChargedInFullToEveryBucket() {
        global.setRate(10_000);
        torrent.setRate(1_000);
        assertThat(chain.take(1_500)).isFalse();
        assertThat(global.available()).isEqualTo(8_500);
        assertThat(torrent.available()).isEqualTo(-500);
        assertThat(chain.hasQuota()).isFalse();
        // The torrent is the narrower: it decides the wait.
        assertThat(chain.nanosUntilQuota()).isEqualTo(SECOND / 2 + SECOND / 1000);
        clock.addAndGet(SECOND / 2 + SECOND / 1000);
        assertThat(chain.hasQuota()).isTrue();
    }

    @Test
    void theSessionBucketStopsEveryTorrentSharingIt() {
        global.setRate(1_000);
        TokenBucket other = new TokenBucket(0, Duration.ofSeconds(1), clock::get);
        BandwidthLimits otherChain = BandwidthLimits.of(global, other);
        assertThat(chain.take(1_000)).isFalse();
        assertThat(chain.hasQuota()).isFalse();
        assertThat(otherChain.hasQuota()).isFalse();
        assertThat(otherChain.nanosUntilQuota()).isEqualTo(SECOND / 1000);
    }
}
