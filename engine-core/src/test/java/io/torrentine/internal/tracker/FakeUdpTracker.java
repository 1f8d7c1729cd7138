package io.torrentine.internal.tracker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM UDP tracker (BEP 15) that can misbehave: drop the first packets, answer once with a
 * wrong transaction id, answer announces with an error (action 3). It records every packet.
 */
final class FakeUdpTracker implements AutoCloseable {
    /** One packet as received. */
    record Received(int action, int transactionId, long connectionId, byte[] bytes) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger dropFirst = new AtomicInteger();
    final AtomicInteger wrongTransactionIds = new AtomicInteger();
    volatile String announceError;
    /** Compact peers of the tracker's family, sent in announce responses. */
    volatile byte[] compactPeers = new byte[0];
    private final long connectionId = 0x0102030405060708L;
    private final Channel channel;

    FakeUdpTracker(EventLoopGroup group, InetAddress bindTo) throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        handle(ctx, msg);
                    }
                }).bind(new InetSocketAddress(bindTo, 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private void handle(ChannelHandlerContext ctx, DatagramPacket msg) {
        byte[] bytes = ByteBufUtil.getBytes(msg.content());
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long first = b.getLong();
        int action = b.getInt();
        int tx = b.getInt();
        received.add(new Received(action, tx, first, bytes));
        if (dropFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
        }
        if (wrongTransactionIds.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            tx ^= 0x5A5A5A5A;
        }
        ByteBuf out = ctx.alloc().buffer();
        if (action == UdpTrackerPackets.CONNECT && first == UdpTrackerPackets.PROTOCOL_ID) {
            out.writeInt(0).writeInt(tx).writeLong(connectionId);
        } else if (first != connectionId) {
            out.writeInt(3).writeInt(tx).writeBytes("bad connection id".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else if (action == UdpTrackerPackets.ANNOUNCE && announceError != null) {
            out.writeInt(3).writeInt(tx).writeBytes(announceError.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (action == UdpTrackerPackets.ANNOUNCE) {
            out.writeInt(1).writeInt(tx).writeInt(1800).writeInt(2).writeInt(1).writeBytes(compactPeers);
        } else if (action == UdpTrackerPackets.SCRAPE) {
            out.writeInt(2).writeInt(tx);
            for (int off = 16; off + 20 <= bytes.length; off += 20) {
                out.writeInt(5).writeInt(7).writeInt(9);
            }
        } else {
            out.writeInt(3).writeInt(tx).writeBytes("unknown action".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        ctx.writeAndFlush(new DatagramPacket(out, msg.sender()));
    }

    /** The received packets of one action. */
    List<Received> of(int action) {
        return received.stream().filter(r -> r.action() == action
                && (action != UdpTrackerPackets.CONNECT || r.connectionId() == UdpTrackerPackets.PROTOCOL_ID)).toList();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
