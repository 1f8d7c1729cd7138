package io.torrentine.internal.lsd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.torrentine.metainfo.Sha1Hash;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BEP 14 local service discovery for a whole session: one datagram channel per address family,
 * bound to the group's port (with {@code SO_REUSEADDR}, so other clients on the machine can
 * listen too), joined to the group on one interface, sending from that interface.
 *
 * <p><b>Announcing.</b> {@link #announce} queues info-hashes (at most
 * {@link LsdSettings#maxPending()}; an info-hash announced less than
 * {@link LsdSettings#hashInterval()} ago is skipped). Queued hashes go out together, as many per
 * datagram as fit in 1400 bytes, at most once per {@link LsdSettings#messageInterval()} (BEP 14:
 * no more than one announce a minute); the first announce goes out at once. The session calls
 * {@code announce} when a public torrent starts and every 5 minutes for every running public torrent
 * (BEP 14's period); private torrents (BEP 27) are never announced.
 *
 * <p><b>Receiving.</b> Datagrams are parsed by {@link LsdCodec} (malformed ones are ignored with a
 * debug log); an announce with our own cookie is ours, looped back, and ignored. Each info-hash
 * with the sender's IP address and announced port is reported to the {@link PeerFoundListener} on
 * the executor given, at most once per {@link LsdSettings#repeatWindow()} for the same pair (1024
 * pairs remembered) and within a rate of {@link LsdSettings#foundPerSecond()}: more is dropped.
 *
 * <p><b>Threads.</b> All state lives on one event loop of the group. {@link #announce} and
 * {@link #close} may be called from any thread. {@link #start} picks the interface (a quick
 * system call) on the calling thread.
 *
 * <p><b>Limits.</b> One interface per family; IPv6 multicast does not work on Linux's loopback
 * interface, so only the IPv4 side is tested between two instances on one machine.
 */
public final class LocalServiceDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServiceDiscovery.class);
    private static final int REMEMBERED_PAIRS = 1024;

    private final EventLoop loop;
    private final Function<SocketProtocolFamily, DatagramChannel> channelFactory;
    private final LsdSettings settings;
    private final int listenPort;
    private final PeerFoundListener listener;
    private final Executor callbackExecutor;
    private final LongSupplier nanoTime;
    private final String cookie;

    // Loop state.
    private final List<Family> families = new ArrayList<>();
    private final Set<Sha1Hash> pending = new LinkedHashSet<>();
    private final Map<Sha1Hash, Long> lastAnnounced = lru(REMEMBERED_PAIRS);
    private final Map<Found, Long> lastReported = lru(REMEMBERED_PAIRS);
    private boolean sentAny;
    private long lastSentNanos;
    private ScheduledFuture<?> flushTimer;
    private double foundTokens;
    private long foundRefilledNanos;
    private boolean started;
    private boolean closed;
    private final AtomicInteger datagramsSent = new AtomicInteger();

    /**
     * Creates the service on NIO datagram channels, with a random cookie and the system clock.
     *
     * @param group the session's event loops (NIO); one loop is taken
     * @param settings groups, interface and limits
     * @param listenPort our BitTorrent listen port, announced in {@code Port}
     * @param listener told of the peers found
     * @param callbackExecutor where the listener runs (never the event loop)
     */
    public LocalServiceDiscovery(EventLoopGroup group, LsdSettings settings, int listenPort, PeerFoundListener listener,
                                 Executor callbackExecutor) {
        this(group, NioDatagramChannel::new, settings, listenPort, listener, callbackExecutor, new SecureRandom(),
                System::nanoTime);
    }

    /**
     * Creates the service.
     *
     * @param group the session's event loops; one loop is taken
     * @param channelFactory makes a datagram channel of a family (its transport must match the group)
     * @param settings groups, interface and limits
     * @param listenPort our BitTorrent listen port, announced in {@code Port}
     * @param listener told of the peers found
     * @param callbackExecutor where the listener runs (never the event loop)
     * @param random the source of our cookie
     * @param nanoTime the clock of the rate limits
     * @throws IllegalArgumentException if the port is not 1 to 65535
     */
    public LocalServiceDiscovery(EventLoopGroup group, Function<SocketProtocolFamily, DatagramChannel> channelFactory,
                                 LsdSettings settings, int listenPort, PeerFoundListener listener,
                                 Executor callbackExecutor, Random random, LongSupplier nanoTime) {
        if (listenPort < 1 || listenPort > 65_535) {
            throw new IllegalArgumentException("listen port " + listenPort);
        }
        this.loop = group.next();
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listenPort = listenPort;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        // libtorrent's cookie is a random number in hex; ours too, 64 bits so that two sessions on
        // one host never share one.
        this.cookie = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        this.foundTokens = settings.foundBurst();
        this.foundRefilledNanos = nanoTime.getAsLong();
    }

    /**
     * Our cookie: announces that carry it are ours and are ignored.
     *
     * @return the cookie
     */
    public String cookie() {
        return cookie;
    }

    /**
     * Opens and joins the channels: one per configured group. Call once.
     *
     * @return a future that completes, on the event loop, when every family that could start has
     *     started; it fails if none could (no interface, the port taken without
     *     {@code SO_REUSEADDR}, no multicast); a family that fails while another works is logged
     *     and left off
     * @throws IllegalStateException if called twice
     */
    public CompletableFuture<Void> start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
        }
        List<CompletableFuture<Boolean>> opened = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        settings.ipv4Group().ifPresent(g -> opened.add(open(SocketProtocolFamily.INET, g, errors)));
        settings.ipv6Group().ifPresent(g -> opened.add(open(SocketProtocolFamily.INET6, g, errors)));
        return CompletableFuture.allOf(opened.toArray(new CompletableFuture<?>[0])).thenCompose(ignored -> {
            boolean any = opened.stream().anyMatch(CompletableFuture::join);
            if (any) {
                return CompletableFuture.completedFuture(null);
            }
            IllegalStateException e = new IllegalStateException("local service discovery could not start");
            errors.forEach(e::addSuppressed);
            return CompletableFuture.failedFuture(e);
        });
    }

    /**
     * Queues info-hashes to announce; they go out at once if no announce went out in the last
     * {@link LsdSettings#messageInterval()}, else together when it has passed.
     *
     * @param infoHashes the v1 info-hashes of running public torrents
     */
    public void announce(Collection<Sha1Hash> infoHashes) {
        List<Sha1Hash> copy = List.copyOf(infoHashes);
        try {
            loop.execute(() -> enqueue(copy));
        } catch (RejectedExecutionException e) {
            LOG.debug("LSD announce after shutdown ignored");
        }
    }

    /**
     * How many announce datagrams were sent (over both families): for tests and statistics.
     *
     * @return the count
     */
    public int datagramsSent() {
        return datagramsSent.get();
    }

    /**
     * For tests: how many info-hashes wait to be announced, read on the loop after every call
     * made before it.
     *
     * @return a future of the count
     */
    CompletableFuture<Integer> pendingCount() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(pending.size()));
        return f;
    }

    /** Closes the channels (leaving the groups) and drops what is queued. */
    @Override
    public void close() {
        try {
            loop.execute(() -> {
                closed = true;
                pending.clear();
                if (flushTimer != null) {
                    flushTimer.cancel(false);
                }
                for (Family f : families) {
                    f.channel.close();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("LSD closed after its event loop");
        }
    }

    private CompletableFuture<Boolean> open(SocketProtocolFamily family, InetSocketAddress group,
                                            List<Throwable> errors) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        NetworkInterface nif;
        try {
            nif = pickInterface(family);
        } catch (SocketException | IllegalArgumentException e) {
            errors.add(e);
            LOG.info("LSD over {} is off: {}", family, e.getMessage());
            result.complete(false);
            return result;
        }
        InetAddress wildcard;
        try {
            wildcard = InetAddress.getByAddress(new byte[family == SocketProtocolFamily.INET ? 4 : 16]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        ChannelFuture bound = new Bootstrap().group(loop)
                .channelFactory(() -> channelFactory.apply(family))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT) // as peer channels: one pool
                .option(ChannelOption.IP_MULTICAST_IF, nif)
                .option(ChannelOption.IP_MULTICAST_TTL, settings.multicastTtl())
                // Other clients on this host must hear us; our own copies are recognised by the cookie.
                .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LsdCodec.MAX_DATAGRAM + 1))
                .handler(new Reader())
                .bind(new InetSocketAddress(wildcard, group.getPort()));
        bound.addListener(b -> {
            if (!b.isSuccess()) {
                fail(family, b.cause(), errors, result);
                return;
            }
            DatagramChannel ch = (DatagramChannel) bound.channel();
            ch.joinGroup(group, nif).addListener(j -> {
                if (!j.isSuccess()) {
                    ch.close();
                    fail(family, j.cause(), errors, result);
                    return;
                }
                if (closed) {
                    ch.close();
                    result.complete(false);
                    return;
                }
                families.add(new Family(ch, group, LsdCodec.host(group)));
                LOG.debug("LSD joined {} on {}", group, nif.getName());
                result.complete(true);
                flush();
            });
        });
        return result;
    }

    private static void fail(SocketProtocolFamily family, Throwable cause, List<Throwable> errors,
                             CompletableFuture<Boolean> result) {
        errors.add(cause);
        LOG.info("LSD over {} is off: {}", family, cause.toString());
        result.complete(false);
    }

    private NetworkInterface pickInterface(SocketProtocolFamily family) throws SocketException {
        Class<? extends InetAddress> type = family == SocketProtocolFamily.INET ? Inet4Address.class
                : Inet6Address.class;
        if (settings.networkInterface().isPresent()) {
            String name = settings.networkInterface().get();
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null || !hasAddress(nif, type)) {
                throw new IllegalArgumentException("no interface " + name + " with an " + family + " address");
            }
            return nif;
        }
        Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
        while (all != null && all.hasMoreElements()) {
            NetworkInterface nif = all.nextElement();
            if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback() && !nif.isVirtual()
                    && hasAddress(nif, type)) {
                return nif;
            }
        }
        throw new IllegalArgumentException("no multicast interface with an " + family + " address");
    }

    private static boolean hasAddress(NetworkInterface nif, Class<? extends InetAddress> type) {
        return Collections.list(nif.getInetAddresses()).stream().anyMatch(type::isInstance);
    }

    private void enqueue(List<Sha1Hash> hashes) {
        if (closed) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (Sha1Hash h : hashes) {
            Long last = lastAnnounced.get(h);
            if (last != null && now - last < settings.hashInterval().toNanos()) {
                continue;
            }
            if (pending.size() >= settings.maxPending() && !pending.contains(h)) {
                LOG.debug("LSD queue full ({}), {} not queued", pending.size(), h);
                continue;
            }
            pending.add(h);
        }
        flush();
    }

    private void flush() {
        if (closed || pending.isEmpty() || families.isEmpty()) {
            return;
        }
        long now = nanoTime.getAsLong();
        long wait = sentAny ? lastSentNanos + settings.messageInterval().toNanos() - now : 0;
        if (wait > 0) {
            if (flushTimer == null || flushTimer.isDone()) {
                flushTimer = loop.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
            }
            return;
        }
        // One datagram per family and interval (BEP 14: at most one announce a minute), with as
        // many info-hashes as fit in every family's datagram (the IPv6 Host header is longer).
        List<Sha1Hash> queued = new ArrayList<>(pending);
        int fit = queued.size();
        for (Family f : families) {
            fit = Math.min(fit, LsdCodec.hashesPerDatagram(f.host, listenPort, cookie));
        }
        List<Sha1Hash> batch = queued.subList(0, fit);
        for (Family f : families) {
            byte[] datagram = LsdCodec.format(f.host, listenPort, batch, cookie).get(0);
            f.channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), f.group)).addListener(w -> {
                if (!w.isSuccess()) {
                    LOG.debug("LSD announce to {} not sent: {}", f.group, w.cause().toString());
                }
            });
            datagramsSent.incrementAndGet();
        }
        for (Sha1Hash h : batch) {
            pending.remove(h);
            lastAnnounced.put(h, now);
        }
        sentAny = true;
        lastSentNanos = now;
        if (!pending.isEmpty()) {
            flushTimer = loop.schedule(this::flush, settings.messageInterval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void received(InetSocketAddress sender, byte[] datagram) {
        LsdAnnounce announce;
        try {
            announce = LsdCodec.parse(datagram);
        } catch (LsdMessageException e) {
            LOG.debug("LSD datagram from {} ignored: {}", sender, e.getMessage());
            return;
        }
        if (announce.cookie().isPresent() && announce.cookie().get().equals(cookie)) {
            return;
        }
        long now = nanoTime.getAsLong();
        InetSocketAddress peer = new InetSocketAddress(sender.getAddress(), announce.port());
        for (Sha1Hash h : announce.infoHashes()) {
            Found key = new Found(h, peer);
            Long last = lastReported.get(key);
            if (last != null && now - last < settings.repeatWindow().toNanos()) {
                continue;
            }
            if (!takeFoundToken(now)) {
                LOG.debug("LSD rate limit: {} for {} dropped", peer, h);
                return;
            }
            lastReported.put(key, now);
            try {
                callbackExecutor.execute(() -> listener.peerFound(h, peer));
            } catch (RejectedExecutionException e) {
                LOG.debug("LSD callback executor refused {}", peer);
            }
        }
    }

    private boolean takeFoundToken(long now) {
        double seconds = Math.max(0, now - foundRefilledNanos) / 1e9;
        foundTokens = Math.min(settings.foundBurst(), foundTokens + seconds * settings.foundPerSecond());
        foundRefilledNanos = now;
        if (foundTokens < 1) {
            return false;
        }
        foundTokens--;
        return true;
    }

    private static <K> Map<K, Long> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
                return size() > max;
            }
        };
    }

    /** A family's channel and its group. */
    private record Family(DatagramChannel channel, InetSocketAddress group, String host) {
    }

    /** A peer reported for an info-hash. */
    private record Found(Sha1Hash infoHash, InetSocketAddress peer) {
    }

    /** Hands each datagram to the service; Netty releases the packet after. */
    private final class Reader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            if (msg.content().readableBytes() > LsdCodec.MAX_DATAGRAM) {
                LOG.debug("LSD datagram of {}+ bytes from {} ignored", msg.content().readableBytes(), msg.sender());
                return;
            }
            received(msg.sender(), ByteBufUtil.getBytes(msg.content()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A socket error concerns one datagram; the service keeps running.
            LOG.debug("LSD socket error: {}", cause.toString());
        }
    }
}
