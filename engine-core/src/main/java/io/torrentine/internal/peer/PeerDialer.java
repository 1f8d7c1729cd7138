package io.torrentine.internal.peer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens outgoing TCP peer connections with a connect timeout. */
public final class PeerDialer {
    private final EventLoopGroup group;
    private final PeerConnectionConfig config;

    /**
     * Creates a dialer.
     *
     * @param group the event loops connections run on (NIO)
     * @param config the connection settings
     */
    public PeerDialer(EventLoopGroup group, PeerConnectionConfig config) {
        this.group = group;
        this.config = config;
    }

    /**
     * Dials a peer for a torrent. Does not block.
     *
     * @param address the peer's address
     * @param torrent the torrent
     * @param connectTimeout how long the TCP connect may take
     * @return completes with the connection once TCP is connected (its handshake is on its way:
     *     see {@link PeerConnection#handshakeFuture()}), or exceptionally if the connect fails
     */
    public CompletableFuture<PeerConnection> dial(InetSocketAddress address, PeerTorrent torrent,
                                                  Duration connectTimeout) {
        CompletableFuture<PeerConnection> result = new CompletableFuture<>();
        PeerConnection[] connection = new PeerConnection[1];
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connection[0] = PeerPipeline.outgoing(ch, config, torrent);
                    }
                });
        ChannelFuture connect = bootstrap.connect(address);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                result.complete(connection[0]);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }
}
