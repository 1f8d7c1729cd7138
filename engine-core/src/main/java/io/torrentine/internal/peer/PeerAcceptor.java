package io.torrentine.internal.peer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Accepts incoming TCP peer connections; each one's handshake is routed to its torrent by a
 * {@link TorrentResolver}.
 */
public final class PeerAcceptor implements AutoCloseable {
    private final Channel serverChannel;

    private PeerAcceptor(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /**
     * Binds a listening socket. Does not block.
     *
     * @param group the event loops (NIO) for the listening socket and its connections
     * @param address where to listen (port 0 picks a free port)
     * @param config the connection settings
     * @param resolver routes incoming handshakes
     * @param accepted told of each accepted connection before its handshake arrives (on its loop)
     * @return completes with the bound acceptor, or exceptionally if binding fails
     */
    public static CompletableFuture<PeerAcceptor> bind(EventLoopGroup group, InetSocketAddress address,
                                                       PeerConnectionConfig config, TorrentResolver resolver,
                                                       Consumer<PeerConnection> accepted) {
        CompletableFuture<PeerAcceptor> result = new CompletableFuture<>();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.accept(PeerPipeline.incoming(ch, config, resolver));
                    }
                });
        bootstrap.bind(address).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(new PeerAcceptor(((io.netty.channel.ChannelFuture) f).channel()));
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /**
     * The bound address.
     *
     * @return the local address, with the actual port
     */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Stops listening; accepted connections stay open. Off the event loop it waits until the
     * socket is closed, so that the port is free when it returns; on the loop it never blocks.
     */
    @Override
    public void close() {
        io.netty.channel.ChannelFuture closed = serverChannel.close();
        if (!serverChannel.eventLoop().inEventLoop()) {
            closed.awaitUninterruptibly();
        }
    }
}
