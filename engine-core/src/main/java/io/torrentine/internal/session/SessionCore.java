package io.torrentine.internal.session;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.torrentine.internal.alert.AlertQueue;
import io.torrentine.internal.disk.DiskIoConfig;
import io.torrentine.internal.disk.DiskIoThreadPool;
import io.torrentine.internal.net.TokenBucket;
import io.torrentine.internal.peer.PeerAcceptor;
import io.torrentine.internal.peer.PeerConnectionConfig;
import io.torrentine.internal.peer.PeerTorrent;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.internal.torrent.Torrent;
import io.torrentine.internal.torrent.TorrentHost;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.SessionSettings;
import io.torrentine.spi.StorageFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link io.torrentine.session.Session}: the network event loops, the disk
 * threads, the checking threads, the listening socket, the alert queue and the torrents by
 * info-hash. Thread-safe.
 */
public final class SessionCore implements TorrentHost {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCore.class);

    private volatile SessionSettings settings;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final DiskIoThreadPool disk;
    private final ExecutorService checking;
    private final boolean ownsChecking;
    private final Executor callbacks;
    private final StorageFactory storageFactory;
    private final AlertQueue alerts;
    private final Clock clock;
    private final PeerId peerId;
    private final PeerConnectionConfig connectionConfig;
    private final ConcurrentMap<Sha1Hash, Torrent> byHash = new ConcurrentHashMap<>();
    private final List<Torrent> torrents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final TokenBucket globalDownload;
    private final TokenBucket globalUpload;
    private final SessionTrackers trackers;
    private volatile io.torrentine.internal.lsd.LocalServiceDiscovery lsd;
    private volatile io.netty.util.concurrent.ScheduledFuture<?> lsdTimer;
    private volatile PeerAcceptor acceptor;
    private volatile InetSocketAddress listenAddress;
    private volatile boolean closed;

    /**
     * The resources a session is built from; null ones are created (and then owned) by the session.
     *
     * @param settings the settings
     * @param group the network loops, or null
     * @param checkingExecutor where storages are opened and data checked, or null
     * @param callbackExecutor where command futures complete, or null for the common pool
     * @param storageFactory the storage, or null for files
     * @param clock the clock, or null for the system clock
     */
    public record Resources(SessionSettings settings, EventLoopGroup group, ExecutorService checkingExecutor,
                            Executor callbackExecutor, StorageFactory storageFactory, Clock clock) {
    }

    private SessionCore(Resources r) {
        this.settings = Objects.requireNonNull(r.settings());
        this.ownsGroup = r.group() == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(settings.networkThreads(),
                new DefaultThreadFactory("torrentine-net", true), NioIoHandler.newFactory()) : r.group();
        this.ownsChecking = r.checkingExecutor() == null;
        this.checking = ownsChecking ? Executors.newFixedThreadPool(Math.max(2, settings.checkingThreads()),
                threads("torrentine-check")) : r.checkingExecutor();
        this.callbacks = r.callbackExecutor() != null ? r.callbackExecutor() : ForkJoinPool.commonPool();
        this.storageFactory = r.storageFactory() != null ? r.storageFactory() : StorageFactory.files();
        this.clock = r.clock() != null ? r.clock() : Clock.systemUTC();
        this.disk = new DiskIoThreadPool(DiskIoConfig.builder().threads(settings.diskThreads()).build());
        this.alerts = new AlertQueue(settings.alertQueueSize(), settings.alertCategories(), this.clock,
                this::onEventLoop);
        this.peerId = PeerId.generate(new SecureRandom());
        this.connectionConfig = PeerConnectionConfig.defaults(peerId)
                .withRequestQueue(settings.requestQueue())
                .withTimers(Duration.ofMinutes(2), settings.peerTimeout(), settings.requestTimeout(), Duration.ofSeconds(1));
        this.trackers = new SessionTrackers(settings, group, checking);
        this.globalDownload = TokenBucket.of(settings.downloadRateLimit());
        this.globalUpload = TokenBucket.of(settings.uploadRateLimit());
    }

    private boolean onEventLoop() {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts a session: binds the listening socket.
     *
     * @param resources what to build it from
     * @return the session once it listens; fails if the address cannot be bound (the session's
     *     resources are then released)
     */
    public static CompletableFuture<SessionCore> start(Resources resources) {
        SessionCore core = new SessionCore(resources);
        return core.listen().handle((v, e) -> {
            if (e != null) {
                core.close();
                throw new java.util.concurrent.CompletionException(e);
            }
            return core;
        });
    }

    private CompletableFuture<Void> listen() {
        InetSocketAddress wanted = settings.listenAddress();
        return PeerAcceptor.bind(group, wanted, connectionConfig.withListenPort(wanted.getPort()),
                this::resolve, c -> { }).thenAccept(a -> {
                    acceptor = a;
                    listenAddress = a.localAddress();
                    alertsListening(a.localAddress());
                    startLocalDiscovery(a.localAddress().getPort());
                }).whenComplete((v, e) -> {
                    if (e != null) {
                        TorrentAlertsBridge.listenFailed(alerts, clock, wanted, e);
                    }
                });
    }

    /**
     * BEP 14: one multicast listener for the session; a peer found for one of our public
     * torrents goes to its peer list, and every running torrent is announced again every five
     * minutes. Failing to join the group only turns local discovery off.
     */
    private void startLocalDiscovery(int port) {
        if (!settings.localServiceDiscovery()) {
            return;
        }
        io.torrentine.internal.lsd.LsdSettings ls = io.torrentine.internal.lsd.LsdSettings.defaults();
        InetSocketAddress v4 = new InetSocketAddress(ls.ipv4Group().orElseThrow().getAddress(),
                settings.localServiceDiscoveryPort());
        InetSocketAddress v6 = new InetSocketAddress(ls.ipv6Group().orElseThrow().getAddress(),
                settings.localServiceDiscoveryPort());
        String nif = settings.localServiceDiscoveryInterface();
        ls = ls.withGroups(Optional.of(v4), Optional.of(v6), nif.isEmpty() ? Optional.empty() : Optional.of(nif));
        io.torrentine.internal.lsd.LocalServiceDiscovery d = new io.torrentine.internal.lsd.LocalServiceDiscovery(
                group, ls, port, (infoHash, peer) -> {
                    Torrent t = byHash.get(infoHash);
                    if (t != null) {
                        t.loop().execute(() -> t.addLocalPeer(peer));
                    }
                }, callbacks);
        lsd = d;
        d.start().whenComplete((v, e) -> {
            if (e != null) {
                LOG.info("local service discovery is off: {}", e.toString());
                d.close();
                lsd = null;
            }
        });
        lsdTimer = group.next().scheduleAtFixedRate(() -> {
            for (Torrent t : torrents) {
                t.loop().execute(t::reannounceLocally);
            }
        }, 5, 5, TimeUnit.MINUTES);
    }

    @Override
    public void announceLocally(Sha1Hash infoHash) {
        io.torrentine.internal.lsd.LocalServiceDiscovery d = lsd;
        if (d != null) {
            d.announce(List.of(infoHash));
        }
    }

    private void alertsListening(InetSocketAddress address) {
        TorrentAlertsBridge.listening(alerts, clock, address);
    }

    /** Routes an incoming handshake to its torrent (BEP 3; a v2 info-hash truncated, BEP 52). */
    private Optional<PeerTorrent> resolve(Sha1Hash infoHash) {
        Torrent t = byHash.get(infoHash);
        return t == null ? Optional.empty() : t.acceptingPeerTorrent();
    }

    /**
     * Adds a torrent.
     *
     * @param params what to add
     * @return the torrent once started (its files checked)
     */
    public CompletableFuture<Torrent> add(AddTorrentParams params) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the session is closed"));
        }
        if (params.torrent().isPresent() && !params.torrent().get().hasV1()) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "pure v2 torrents are not yet supported on the wire; add a v1 or hybrid torrent"));
        }
        InfoHashes hashes = params.infoHashes();
        EventLoop loop = group.next();
        Torrent torrent = new Torrent(this, loop, params);
        List<Sha1Hash> keys = keys(hashes);
        synchronized (byHash) {
            for (Sha1Hash k : keys) {
                if (byHash.containsKey(k)) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "the session already has torrent " + k.toHex()));
                }
            }
            for (Sha1Hash k : keys) {
                byHash.put(k, torrent);
            }
            torrents.add(torrent);
        }
        loop.execute(torrent::start);
        return CompletableFuture.completedFuture(torrent);
    }

    private static List<Sha1Hash> keys(InfoHashes hashes) {
        List<Sha1Hash> keys = new ArrayList<>(2);
        hashes.v1().ifPresent(keys::add);
        hashes.v2().ifPresent(v2 -> keys.add(v2.truncated()));
        if (keys.isEmpty()) {
            keys.add(hashes.id());
        }
        return keys;
    }

    /**
     * Finds a torrent by an info-hash (v1, or v2 truncated).
     *
     * @param infoHash the hash
     * @return the torrent
     */
    public Optional<Torrent> find(Sha1Hash infoHash) {
        return Optional.ofNullable(byHash.get(infoHash));
    }

    /**
     * The torrents, in the order they were added.
     *
     * @return a snapshot
     */
    public List<Torrent> torrents() {
        return List.copyOf(torrents);
    }

    @Override
    public void unregister(Torrent torrent) {
        synchronized (byHash) {
            byHash.values().removeIf(t -> t == torrent);
            torrents.remove(torrent);
        }
    }

    /**
     * Applies new settings: limits, slots and queue sizes take effect at once; the listen address,
     * thread counts and alert queue size only in a new session.
     *
     * @param next the settings
     */
    public void applySettings(SessionSettings next) {
        settings = Objects.requireNonNull(next);
        globalDownload.setRate(next.downloadRateLimit());
        globalUpload.setRate(next.uploadRateLimit());
        for (Torrent t : torrents) {
            t.loop().execute(() -> t.applySettings(next));
        }
    }

    /**
     * Closes the session: torrents are stopped, connections closed, disk writes finished, within
     * the shutdown timeout; only resources the session created are shut down.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        PeerAcceptor a = acceptor;
        if (a != null) {
            a.close();
        }
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (Torrent t : torrents()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                t.loop().execute(() -> t.remove(false).whenComplete((v, e) -> done.complete(null)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                done.complete(null);
            }
            removals.add(done);
        }
        try {
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("torrents did not stop within the shutdown timeout");
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("stopping torrents failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trackers.close();
        if (lsdTimer != null) {
            lsdTimer.cancel(false);
        }
        io.torrentine.internal.lsd.LocalServiceDiscovery d = lsd;
        if (d != null) {
            d.close();
        }
        disk.close();
        disk.awaitShutdown();
        if (ownsChecking) {
            checking.shutdownNow();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, Math.max(1, remaining(deadline) / 1_000_000), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
        }
        alerts.close();
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    // ---- TorrentHost ----

    @Override
    public SessionSettings settings() {
        return settings;
    }

    @Override
    public PeerConnectionConfig connectionConfig() {
        InetSocketAddress l = listenAddress;
        return l == null ? connectionConfig : connectionConfig.withListenPort(l.getPort());
    }

    @Override
    public DiskIoThreadPool disk() {
        return disk;
    }

    @Override
    public Executor checkingExecutor() {
        return checking;
    }

    @Override
    public Executor callbackExecutor() {
        return callbacks;
    }

    @Override
    public StorageFactory storageFactory() {
        return storageFactory;
    }

    @Override
    public AlertQueue alerts() {
        return alerts;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public InetSocketAddress listenAddress() {
        InetSocketAddress l = listenAddress;
        return l != null ? l : settings.listenAddress();
    }

    @Override
    public boolean tryReserveConnection() {
        int max = settings.maxConnections();
        while (true) {
            int n = connections.get();
            if (n >= max) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    @Override
    public void releaseConnection() {
        connections.decrementAndGet();
    }

    @Override
    public io.torrentine.internal.tracker.TrackerClient trackers() {
        return trackers;
    }

    @Override
    public io.torrentine.internal.tracker.TrackerSettings trackerSettings() {
        return trackers.settings();
    }

    @Override
    public TokenBucket globalDownload() {
        return globalDownload;
    }

    @Override
    public TokenBucket globalUpload() {
        return globalUpload;
    }
}
