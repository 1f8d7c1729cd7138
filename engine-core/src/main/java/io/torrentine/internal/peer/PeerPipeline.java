package io.torrentine.internal.peer;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.torrentine.internal.net.BandwidthLimits;
import io.torrentine.internal.net.RateLimitHandler;
import io.torrentine.internal.net.ReadGate;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.internal.peer.wire.PeerWireEncoder;

/**
 * Builds a peer connection's pipeline: byte counter, rate limiter (when limits are given),
 * decoder, encoder, state machine.
 *
 * <p>The byte counter is nearest the socket and the rate limiter next to it: both see raw bytes,
 * and the counter counts an upload when the limiter lets it go, not when it is queued.
 */
public final class PeerPipeline {
    private PeerPipeline() {
    }

    /**
     * Installs the handlers for a connection we dial.
     *
     * @param channel the channel, before it connects
     * @param config the settings
     * @param torrent the torrent we dial for
     * @return the connection handler
     */
    public static PeerConnection outgoing(Channel channel, PeerConnectionConfig config, PeerTorrent torrent) {
        TrafficCounter traffic = new TrafficCounter(config.rateWindow());
        PeerConnection connection = PeerConnection.outgoing(config, traffic, torrent);
        install(channel, config, traffic, torrent.pieceCount(), connection, null);
        return connection;
    }

    /**
     * Installs the handlers for a connection we dial, with rate limits.
     *
     * @param channel the channel, before it connects
     * @param config the settings
     * @param torrent the torrent we dial for
     * @param download the chain reads are charged to (session, torrent)
     * @param upload the chain writes are charged to
     * @return the connection handler
     */
    public static PeerConnection outgoing(Channel channel, PeerConnectionConfig config, PeerTorrent torrent,
                                          BandwidthLimits download, BandwidthLimits upload) {
        TrafficCounter traffic = new TrafficCounter(config.rateWindow());
        PeerConnection connection = PeerConnection.outgoing(config, traffic, torrent);
        install(channel, config, traffic, torrent.pieceCount(), connection,
                new RateLimitHandler(download, upload, ReadGate.of(channel)));
        return connection;
    }

    /**
     * Installs the handlers for a connection a peer opened.
     *
     * @param channel the accepted channel
     * @param config the settings
     * @param resolver routes the handshake's info-hash to a torrent
     * @return the connection handler
     */
    public static PeerConnection incoming(Channel channel, PeerConnectionConfig config, TorrentResolver resolver) {
        TrafficCounter traffic = new TrafficCounter(config.rateWindow());
        PeerConnection connection = PeerConnection.incoming(config, traffic, resolver);
        install(channel, config, traffic, PeerWireDecoder.UNKNOWN_PIECE_COUNT, connection, null);
        return connection;
    }

    /**
     * Installs the handlers for a connection a peer opened, with rate limits. The torrent is not
     * known before the handshake, so these are the session's chains; once the handshake names
     * the torrent, the engine adds the torrent's buckets with
     * {@link RateLimitHandler#limits} ({@link #rateLimiter(Channel)} finds the handler).
     *
     * @param channel the accepted channel
     * @param config the settings
     * @param resolver routes the handshake's info-hash to a torrent
     * @param download the chain reads are charged to
     * @param upload the chain writes are charged to
     * @return the connection handler
     */
    public static PeerConnection incoming(Channel channel, PeerConnectionConfig config, TorrentResolver resolver,
                                          BandwidthLimits download, BandwidthLimits upload) {
        TrafficCounter traffic = new TrafficCounter(config.rateWindow());
        PeerConnection connection = PeerConnection.incoming(config, traffic, resolver);
        install(channel, config, traffic, PeerWireDecoder.UNKNOWN_PIECE_COUNT, connection,
                new RateLimitHandler(download, upload, ReadGate.of(channel)));
        return connection;
    }

    /**
     * The channel's rate limiter.
     *
     * @param channel a channel built here
     * @return the handler, or null if the pipeline was built without limits
     */
    public static RateLimitHandler rateLimiter(Channel channel) {
        return channel.pipeline().get(RateLimitHandler.class);
    }

    private static void install(Channel channel, PeerConnectionConfig config, TrafficCounter traffic, int pieceCount,
                                PeerConnection connection, RateLimitHandler rateLimiter) {
        // The disk layer's allocator, so that blocks read from peers and from disk share one pool.
        // Netty's default (adaptive) allocator switches to a low-memory mode when the heap is at
        // most 512 MiB, and there every buffer above 16,896 bytes, a 64 KiB socket read among them,
        // is a new zeroed direct buffer: a measurable cost at hundreds of MB/s.
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        channel.pipeline().addLast("traffic", traffic);
        if (rateLimiter != null) {
            channel.pipeline().addLast(RateLimitHandler.NAME, rateLimiter);
        }
        channel.pipeline()
                .addLast("decoder", new PeerWireDecoder(config.wireLimits(), pieceCount, true))
                .addLast("encoder", PeerWireEncoder.INSTANCE)
                .addLast("connection", connection);
    }
}
