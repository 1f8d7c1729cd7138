package io.torrentine.internal.tracker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP trackers (BEP 15, with BEP 41 URL data) on a datagram channel of its own.
 *
 * <p>All protocol state (transactions in flight, connection ids) lives on the channel's event
 * loop and is touched only there. A request resolves its host off the loop, then: connect
 * unless a connection id for that tracker address is younger than the configured lifetime
 * (BEP 15: a minute), then announce or scrape. Each packet is retransmitted with the same random
 * transaction id after {@code base × 2^n} (n = 0, 1, ...) until {@code udpMaxRetransmits}; a
 * datagram whose transaction id is not in flight, or that comes from another address than the
 * one asked, is ignored. Announce peers are 6-byte entries, or 18-byte ones when the tracker was
 * reached over IPv6 (BEP 15).
 */
public final class UdpTrackerClient implements TrackerClient, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTrackerClient.class);
    /** Connection ids remembered; the least recently used goes when full. */
    private static final int MAX_CONNECTION_IDS = 256;
    /** The largest datagram read: the largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_507;

    private final EventLoop loop;
    private final ChannelFactory<? extends DatagramChannel> channelFactory;
    private final TrackerHostResolver resolver;
    private final TrackerSettings settings;
    private final Random random;
    private final LongSupplier nanoTime;
    private final Map<Integer, Request> inFlight = new HashMap<>();
    private final Map<InetSocketAddress, ConnectionId> connectionIds =
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, ConnectionId> eldest) {
                    return size() > MAX_CONNECTION_IDS;
                }
            };
    private ChannelFuture bound;
    private boolean closed;
    private long connectsSent;

    /**
     * Creates a client on an NIO datagram channel.
     *
     * @param group the event loops (NIO); one loop is taken
     * @param resolver the off-loop DNS resolver
     * @param settings the retransmission schedule and limits
     */
    public UdpTrackerClient(EventLoopGroup group, TrackerHostResolver resolver, TrackerSettings settings) {
        this(group, NioDatagramChannel::new, resolver, settings, new SecureRandom(), System::nanoTime);
    }

    /**
     * Creates a client.
     *
     * @param group the event loops; one loop is taken
     * @param channelFactory makes the datagram channel (its transport must match the group)
     * @param resolver the off-loop DNS resolver
     * @param settings the retransmission schedule and limits
     * @param random the source of transaction ids, used on the loop only
     * @param nanoTime the clock for connection id ages
     */
    public UdpTrackerClient(EventLoopGroup group, ChannelFactory<? extends DatagramChannel> channelFactory,
                            TrackerHostResolver resolver, TrackerSettings settings, Random random,
                            LongSupplier nanoTime) {
        this.loop = group.next();
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request, Optional<Duration> deadline) {
        return this.<AnnounceResponse>submit(url, UdpTrackerPackets.ANNOUNCE, request, List.of(), deadline);
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(String url, List<Sha1Hash> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > UdpTrackerPackets.MAX_SCRAPE_HASHES) {
            return CompletableFuture.failedFuture(new TrackerException(Reason.SCRAPE_NOT_SUPPORTED, url,
                    "a UDP scrape carries 1 to " + UdpTrackerPackets.MAX_SCRAPE_HASHES + " info-hashes"));
        }
        return this.<ScrapeResponse>submit(url, UdpTrackerPackets.SCRAPE, null, List.copyOf(infoHashes),
                Optional.empty());
    }

    /**
     * How many connect requests this client has sent (retransmissions included): lets tests see
     * connection ids being reused.
     *
     * @return a future of the count, read on the loop
     */
    public CompletableFuture<Long> connectsSent() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(connectsSent));
        return f;
    }

    /**
     * Fails every request in flight with {@code SHUTDOWN} and closes the channel.
     */
    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            for (Request r : new ArrayList<>(inFlight.values())) {
                r.fail(new TrackerException(Reason.SHUTDOWN, r.url, "client closed"));
            }
            if (bound != null) {
                bound.channel().close();
            }
        });
    }

    private <T> CompletableFuture<T> submit(String url, int action, AnnounceRequest announce,
                                            List<Sha1Hash> hashes, Optional<Duration> deadline) {
        CompletableFuture<T> result = new CompletableFuture<>();
        URI uri;
        try {
            uri = TrackerUrls.parse(url);
        } catch (TrackerException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!TrackerUrls.isUdp(uri)) {
            return CompletableFuture.failedFuture(new TrackerException(Reason.UNSUPPORTED_SCHEME, url, "not udp"));
        }
        String pathAndQuery = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        resolver.resolve(url, uri.getHost()).whenComplete((addresses, error) -> {
            if (error != null) {
                result.completeExceptionally(HttpTrackerClient.toTrackerException(url, error));
                return;
            }
            InetSocketAddress target = new InetSocketAddress(addresses.get(0), uri.getPort());
            long deadlineNanos = deadline.map(d -> nanoTime.getAsLong() + d.toNanos()).orElse(Long.MAX_VALUE);
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> untyped = (CompletableFuture<Object>) result;
            Request r = new Request(url, target, action, announce, hashes, HttpQuery.bytes(pathAndQuery),
                    untyped, deadlineNanos);
            try {
                loop.execute(() -> start(r));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new TrackerException(Reason.SHUTDOWN, url, "event loop shut down", e));
            }
        });
        return result;
    }

    private void start(Request r) {
        if (closed) {
            r.fail(new TrackerException(Reason.SHUTDOWN, r.url, "client closed"));
            return;
        }
        if (inFlight.size() >= settings.maxUdpRequestsInFlight()) {
            r.fail(new TrackerException(Reason.BUSY, r.url, inFlight.size() + " UDP tracker requests in flight"));
            return;
        }
        if (bound == null) {
            bound = new Bootstrap().group(loop).channelFactory(channelFactory)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT) // as peer channels: one pool
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                    .handler(new Reader())
                    .bind(0);
        }
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                r.fail(new TrackerException(Reason.CONNECTION_FAILED, r.url, "cannot open a UDP socket", f.cause()));
                return;
            }
            r.stage = validConnectionId(r.target).isPresent() ? r.action : UdpTrackerPackets.CONNECT;
            r.attempt = 0;
            r.transactionId = newTransactionId();
            inFlight.put(r.transactionId, r);
            send(r);
        });
    }

    private Optional<Long> validConnectionId(InetSocketAddress target) {
        ConnectionId id = connectionIds.get(target);
        if (id == null || nanoTime.getAsLong() - id.obtainedNanos >= settings.udpConnectionIdLifetime().toNanos()) {
            return Optional.empty();
        }
        return Optional.of(id.value);
    }

    private int newTransactionId() {
        int id;
        do {
            id = random.nextInt();
        } while (inFlight.containsKey(id));
        return id;
    }

    private void send(Request r) {
        Channel ch = bound.channel();
        ByteBuf out = ch.alloc().buffer(128);
        if (r.stage == UdpTrackerPackets.CONNECT) {
            UdpTrackerPackets.writeConnect(out, r.transactionId);
            connectsSent++;
        } else {
            Optional<Long> id = validConnectionId(r.target);
            if (id.isEmpty()) {
                // The id expired while we waited: connect again, under the same transaction.
                out.release();
                r.stage = UdpTrackerPackets.CONNECT;
                send(r);
                return;
            }
            if (r.stage == UdpTrackerPackets.ANNOUNCE) {
                UdpTrackerPackets.writeAnnounce(out, id.get(), r.transactionId, r.announce, r.urlData);
            } else {
                UdpTrackerPackets.writeScrape(out, id.get(), r.transactionId, r.hashes);
            }
        }
        ch.writeAndFlush(new DatagramPacket(out, r.target)).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("UDP tracker packet to {} not sent: {}", r.target, f.cause().toString());
            }
        });
        long wait = settings.udpRetransmitBase().toNanos() << r.attempt;
        long remaining = r.deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : r.deadlineNanos - nanoTime.getAsLong();
        r.timer = loop.schedule(() -> retransmit(r), Math.max(0, Math.min(wait, remaining)), TimeUnit.NANOSECONDS);
    }

    private void retransmit(Request r) {
        if (r.future.isDone()) {
            return;
        }
        if (r.attempt >= settings.udpMaxRetransmits() || nanoTime.getAsLong() >= r.deadlineNanos) {
            r.fail(new TrackerException(Reason.TIMEOUT, r.url, "no answer after " + (r.attempt + 1) + " packets"));
            return;
        }
        r.attempt++;
        send(r);
    }

    private void received(InetSocketAddress sender, byte[] packet) {
        OptionalInt id = UdpTrackerPackets.transactionId(packet);
        Request r = id.isPresent() ? inFlight.get(id.getAsInt()) : null;
        if (r == null || !sameEndpoint(sender, r.target)) {
            LOG.debug("ignored a {}-byte datagram from {}: no such transaction", packet.length, sender);
            return;
        }
        UdpTrackerPackets.Reply reply;
        try {
            reply = UdpTrackerPackets.parse(packet, r.stage, r.target.getAddress() instanceof Inet6Address,
                    r.hashes, r.url, settings.maxPeersPerResponse());
        } catch (TrackerException e) {
            r.fail(e);
            return;
        }
        if (reply instanceof UdpTrackerPackets.Failed failed) {
            // The tracker may have forgotten our connection id: ask for a new one next time.
            connectionIds.remove(r.target);
            r.fail(new TrackerException(Reason.FAILURE_REASON, r.url, failed.message()));
        } else if (reply instanceof UdpTrackerPackets.Connected connected) {
            connectionIds.put(r.target, new ConnectionId(connected.connectionId(), nanoTime.getAsLong()));
            r.timer.cancel(false);
            inFlight.remove(r.transactionId);
            r.stage = r.action;
            r.attempt = 0;
            r.transactionId = newTransactionId();
            inFlight.put(r.transactionId, r);
            send(r);
        } else if (reply instanceof UdpTrackerPackets.Announced announced) {
            r.succeed(announced.response());
        } else if (reply instanceof UdpTrackerPackets.Scraped scraped) {
            r.succeed(scraped.response());
        }
    }

    private static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && normalize(a.getAddress()).equals(normalize(b.getAddress()));
    }

    private static InetAddress normalize(InetAddress a) {
        byte[] raw = a.getAddress();
        if (raw.length == 16) {
            boolean mapped = raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = raw[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]});
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    /** A connection id and when we got it. */
    private record ConnectionId(long value, long obtainedNanos) {
    }

    /** One announce or scrape, through its connect stage; touched on the loop only. */
    private final class Request {
        final String url;
        final InetSocketAddress target;
        final int action;
        final AnnounceRequest announce;
        final List<Sha1Hash> hashes;
        final byte[] urlData;
        final CompletableFuture<Object> future;
        final long deadlineNanos;
        int stage;
        int attempt;
        int transactionId;
        ScheduledFuture<?> timer;

        Request(String url, InetSocketAddress target, int action, AnnounceRequest announce, List<Sha1Hash> hashes,
                byte[] urlData, CompletableFuture<Object> future, long deadlineNanos) {
            this.url = url;
            this.target = target;
            this.action = action;
            this.announce = announce;
            this.hashes = hashes;
            this.urlData = urlData;
            this.future = future;
            this.deadlineNanos = deadlineNanos;
        }

        void fail(TrackerException e) {
            finish();
            future.completeExceptionally(e);
        }

        void succeed(Object value) {
            finish();
            future.complete(value);
        }

        private void finish() {
            inFlight.remove(transactionId, this);
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Hands each datagram's bytes to the client; Netty releases the packet after. */
    private final class Reader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            received(msg.sender(), ByteBufUtil.getBytes(msg.content()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A UDP socket error (e.g. ICMP unreachable on some systems) concerns one packet only.
            LOG.debug("UDP tracker socket error: {}", cause.toString());
        }
    }
}
