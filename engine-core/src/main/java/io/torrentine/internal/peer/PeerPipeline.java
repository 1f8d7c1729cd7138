package io.torrentine.internal.peer;

import io.netty.channel.Channel;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.internal.peer.wire.PeerWireEncoder;

/** Builds a peer connection's pipeline: byte counter, decoder, encoder, state machine. */
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
        install(channel, config, traffic, torrent.pieceCount(), connection);
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
        install(channel, config, traffic, PeerWireDecoder.UNKNOWN_PIECE_COUNT, connection);
        return connection;
    }

    private static void install(Channel channel, PeerConnectionConfig config, TrafficCounter traffic, int pieceCount,
                                PeerConnection connection) {
        channel.pipeline().addLast("traffic", traffic)
                .addLast("decoder", new PeerWireDecoder(config.wireLimits(), pieceCount, true))
                .addLast("encoder", PeerWireEncoder.INSTANCE)
                .addLast("connection", connection);
    }
}
