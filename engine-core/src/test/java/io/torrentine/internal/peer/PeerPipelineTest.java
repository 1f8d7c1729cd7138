package io.torrentine.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.torrentine.internal.net.BandwidthLimits;
import io.torrentine.internal.net.RateLimitHandler;
import io.torrentine.internal.net.TokenBucket;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.metainfo.Sha1Hash;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeerPipelineTest {
    private final MockTicker ticker = Ticker.newMockTicker();
    private final PeerConnectionConfig config = PeerConnectionConfig.defaults(PeerId.generate(new Random(1)));
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private PeerTorrent torrent() {
        return new PeerTorrent(Sha1Hash.of(new byte[20]), 40, OptionalInt.of(1234), new RecordingListener());
    }

    @Test
    void withoutLimitsThereIsNoLimiter() {
        channel = new EmbeddedChannel();
        PeerPipeline.outgoing(channel, config, torrent());
        assertThat(channel.pipeline().names()).startsWith("traffic", "decoder", "encoder", "connection");
        assertThat(PeerPipeline.rateLimiter(channel)).isNull();
    }

    @Test
    void theLimiterSitsBetweenTheByteCounterAndTheDecoderAndChargesTheHandshake() {
        channel = EmbeddedChannel.builder().ticker(ticker).build();
        TokenBucket session = new TokenBucket(0, Duration.ofSeconds(1), ticker::nanoTime);
        TokenBucket torrentUp = new TokenBucket(10_000, Duration.ofSeconds(1), ticker::nanoTime);
        PeerPipeline.outgoing(channel, config, torrent(), BandwidthLimits.of(session),
                BandwidthLimits.of(session, torrentUp));
        assertThat(channel.pipeline().names())
                .startsWith("traffic", RateLimitHandler.NAME, "decoder", "encoder", "connection");
        RateLimitHandler limiter = PeerPipeline.rateLimiter(channel);
        assertThat(limiter).isNotNull();

        channel.pipeline().fireChannelActive();
        // BEP 3 handshake: 68 bytes, charged to the torrent's upload bucket on its way out.
        long sent = 0;
        for (Object o; (o = channel.readOutbound()) != null; ) {
            sent += ((ByteBuf) o).readableBytes();
            ((ByteBuf) o).release();
        }
        assertThat(sent).isGreaterThanOrEqualTo(68);
        assertThat(torrentUp.available()).isEqualTo(10_000 - sent);
    }

    @Test
    void anIncomingConnectionGetsTheSessionChainFirst() {
        channel = EmbeddedChannel.builder().ticker(ticker).build();
        TokenBucket session = new TokenBucket(1000, Duration.ofSeconds(1), ticker::nanoTime);
        PeerPipeline.incoming(channel, config, h -> Optional.empty(), BandwidthLimits.of(session),
                BandwidthLimits.of(session));
        assertThat(PeerPipeline.rateLimiter(channel).download().buckets()).containsExactly(session);
    }
}
