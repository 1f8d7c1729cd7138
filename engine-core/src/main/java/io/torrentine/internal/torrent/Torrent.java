package io.torrentine.internal.torrent;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.torrentine.internal.choke.ChokeCandidate;
import io.torrentine.internal.choke.Choker;
import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.TorrentChecker;
import io.torrentine.internal.disk.TorrentDiskIo;
import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.internal.net.TokenBucket;
import io.torrentine.internal.peer.PeerConnection;
import io.torrentine.internal.peer.PeerConnectionListener;
import io.torrentine.internal.peer.PeerDialer;
import io.torrentine.internal.peer.PeerTorrent;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.ExtensionProtocolException;
import io.torrentine.internal.peer.extension.MetadataProvider;
import io.torrentine.internal.peer.extension.UtMetadataCodec;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.AllowedFastSet;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.internal.peer.wire.PeerProtocolException;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.internal.peerlist.PeerList;
import io.torrentine.internal.peerlist.PeerSource;
import io.torrentine.internal.picker.PiecePicker;
import io.torrentine.internal.resume.ResumedPieces;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.PeerInfo;
import io.torrentine.session.SessionSettings;
import io.torrentine.session.TorrentFlag;
import io.torrentine.session.TorrentState;
import io.torrentine.session.TorrentStatus;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent's engine. Everything here runs on the torrent's event loop ({@link #loop()}):
 * handles post their commands to it, connections call the {@link PeerConnectionListener}
 * methods on it (incoming connections are moved here after their handshake), and disk results
 * come back to it. No locks.
 *
 * <p>The data path (GUIDE.md): peers from the peer list are dialled; once a peer's pieces are
 * known we tell it whether we are interested; when it unchokes us the picker hands out blocks,
 * as many as cover the peer's rate times {@code request_queue_time}; each block goes to the
 * disk layer's store buffer; a piece whose blocks are all in is hashed; a pass is announced with
 * {@code have}, a failure re-picks the piece and scores the senders (smart ban).
 */
public final class Torrent implements PeerConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Torrent.class);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Requests kept outstanding to a peer whose rate is not measured yet. */
    private static final int MIN_REQUESTS = 32;
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration RECHOKE = Duration.ofSeconds(10);
    private static final long METADATA_REQUEST_TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    private final TorrentHost host;
    private final EventLoop loop;
    private final InfoHashes infoHashes;
    private final TorrentAlerts alerts;
    private final PeerDialer dialer;
    private final PeerList peerList;
    private final Choker choker;
    private final TokenBucket downloadBucket;
    private final TokenBucket uploadBucket;
    private final Map<PeerConnection, Peer> peers = new LinkedHashMap<>();
    private final SmartBan smartBan = new SmartBan();
    private final RateTracker downloadRate;
    private final RateTracker uploadRate;

    private AddTorrentParams params;
    private String name;
    private Path savePath;
    private TorrentInfo info;
    private FileLayout layout;
    private TorrentStorage storage;
    private TorrentDiskIo disk;
    private PiecePicker picker;
    private MetadataProvider metadataProvider;
    private MetadataFetcher metadataFetcher;
    private TorrentTrackers trackers;
    /** BEP 11 peer exchange; null for a private torrent (BEP 27) or when the session turned it off. */
    private io.torrentine.internal.pex.PexTracker pex;
    private volatile PeerTorrent peerTorrent;
    private List<Integer> filePriorities;
    private int[] piecePriorities;
    private int[] pendingWrites;
    /** Received blocks gathered into one disk write per run and loop turn; set with {@link #disk}. */
    private BlockWriteBatcher blockWrites;
    /** Peers' requests gathered into one disk read per run and loop turn; set with {@link #disk}. */
    private BlockReadBatcher<Peer> blockReads;
    private TorrentState state;
    private boolean paused;
    private boolean sequential;
    private boolean removed;
    private Exception error;
    private long totalDownloaded;
    private long totalUploaded;
    private long wastedBytes;
    private long blocksReceived;
    private long hashFailures;
    private int halfOpen;
    private long lastRechoke;
    private boolean flushScheduled;
    private ScheduledFuture<?> ticker;
    private AutoCloseable backPressure;
    private Instant completedTime;
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /**
     * Creates a torrent; {@link #start()} sets it going.
     *
     * @param host the session
     * @param loop the event loop it is bound to
     * @param params what to add
     */
    public Torrent(TorrentHost host, EventLoop loop, AddTorrentParams params) {
        this.host = Objects.requireNonNull(host);
        this.loop = Objects.requireNonNull(loop);
        this.params = Objects.requireNonNull(params);
        this.infoHashes = params.infoHashes();
        this.info = params.torrent().orElse(null);
        this.name = info != null ? info.name() : params.name().orElse(infoHashes.id().toHex());
        this.savePath = params.savePath();
        this.alerts = new TorrentAlerts(host.alerts(), host.clock(), infoHashes, () -> name);
        SessionSettings settings = host.settings();
        this.dialer = new PeerDialer(loop, host.connectionConfig());
        this.peerList = new PeerList(PeerListSettingsFactory.from(settings, host.listenAddress()));
        this.choker = new Choker(ChokerSettingsFactory.from(settings), new SecureRandom());
        this.downloadBucket = TokenBucket.of(0);
        this.uploadBucket = TokenBucket.of(0);
        this.downloadRate = new RateTracker(loop);
        this.uploadRate = new RateTracker(loop);
        this.paused = params.hasFlag(TorrentFlag.PAUSED);
        this.sequential = params.hasFlag(TorrentFlag.SEQUENTIAL_DOWNLOAD);
        this.totalDownloaded = params.totalDownloaded();
        this.totalUploaded = params.totalUploaded();
        this.completedTime = params.completedTime().orElse(null);
        this.state = info != null ? TorrentState.CHECKING_FILES : TorrentState.DOWNLOADING_METADATA;
        this.peerTorrent = new PeerTorrent(infoHashes.id(), info != null ? info.pieceCount()
                : PeerWireDecoder.UNKNOWN_PIECE_COUNT, info != null ? OptionalInt.of(info.infoDictionarySize())
                : OptionalInt.empty(), this, loop);
        if (settings.peerExchange() && !isPrivate()) {
            pex = new io.torrentine.internal.pex.PexTracker(io.torrentine.internal.pex.PexSettings.defaults()
                    .withIgnoreDuplicateIps(!settings.allowMultipleConnectionsPerIp()));
        }
        if (info == null) {
            metadataFetcher = new MetadataFetcher(infoHashes, host.connectionConfig().extensionLimits(),
                    METADATA_REQUEST_TIMEOUT);
        }
    }

    private boolean isPrivate() {
        return info != null && info.isPrivate();
    }

    @Override
    public boolean offersPex() {
        return pex != null;
    }

    /** Announces the torrent on the local network, unless it is private (BEP 27). */
    private void announceLocally() {
        if (!isPrivate() && !paused && !removed) {
            host.announceLocally(infoHashes.id());
        }
    }

    /**
     * Announces again on the local network; the session calls it every few minutes (BEP 14).
     * Call on the loop.
     */
    public void reannounceLocally() {
        if (state != TorrentState.CHECKING_FILES && state != TorrentState.ERROR) {
            announceLocally();
        }
    }

    // ---- identity, read from any thread ----

    /**
     * The info-hashes.
     *
     * @return the info-hashes
     */
    public InfoHashes infoHashes() {
        return infoHashes;
    }

    /**
     * The event loop this torrent runs on.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * What an incoming connection for this torrent needs, or empty if it takes none now
     * (paused, removed, or checking its files).
     *
     * @return the connection's view of the torrent
     */
    public Optional<PeerTorrent> acceptingPeerTorrent() {
        return paused || removed ? Optional.empty() : Optional.of(peerTorrent);
    }

    /**
     * Completes once the torrent has started: its files are checked (or it waits for metadata).
     *
     * @return the future, completed on the loop
     */
    public CompletableFuture<Void> started() {
        return started;
    }

    // ---- commands: every one runs on the loop; the returned future completes off it ----

    /**
     * Runs a command on the torrent's loop and completes the result on the session's callback
     * executor.
     *
     * @param command the command
     * @param <T> the result type
     * @return the result
     */
    public <T> CompletableFuture<T> call(Callable<T> command) {
        return compose(() -> CompletableFuture.completedFuture(command.call()));
    }

    /**
     * Runs an asynchronous command on the torrent's loop.
     *
     * @param command the command, returning a future
     * @param <T> the result type
     * @return the result, completed on the session's callback executor
     */
    public <T> CompletableFuture<T> compose(Callable<CompletableFuture<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                CompletableFuture<T> inner;
                try {
                    inner = removed ? CompletableFuture.failedFuture(new IllegalStateException("the torrent was removed"))
                            : command.call();
                } catch (Exception e) {
                    inner = CompletableFuture.failedFuture(e);
                }
                inner.whenComplete((v, e) -> host.callbackExecutor().execute(() -> {
                    if (e != null) {
                        result.completeExceptionally(unwrap(e));
                    } else {
                        result.complete(v);
                    }
                }));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the session is closed", e));
        }
        return result;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Starts the torrent: checks its files (or waits for metadata), then connects to peers. Call on the loop. */
    public void start() {
        long tick = TICK.toNanos();
        ticker = loop.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        backPressure = host.disk().addBackPressureListener(new io.torrentine.internal.disk.BackPressureListener() {
            @Override
            public void stopReading() {
                diskBackPressure(true);
            }

            @Override
            public void resumeReading() {
                diskBackPressure(false);
            }
        }, loop);
        for (PeerAddress p : params.peers()) {
            peerList.add(new InetSocketAddress(p.host(), p.port()), PeerSource.RESUME_DATA, false);
        }
        alerts.added();
        if (info != null) {
            openAndCheck(params);
        } else {
            started.complete(null);
            startTrackers();
            announceLocally();
            connectPeers();
        }
    }

    /**
     * Starts announcing, once: a magnet link at once (its trackers are how it finds peers for
     * the metadata), a torrent once its files are checked (libtorrent does the same).
     */
    private void startTrackers() {
        if (trackers == null) {
            List<List<String>> tiers = !params.trackers().isEmpty() ? params.trackers()
                    : info != null ? info.trackers() : List.of();
            if (tiers.isEmpty()) {
                return;
            }
            trackers = new TorrentTrackers(host, loop, infoHashes, () -> name, tiers, this::transferTotals,
                    (address, source) -> {
                        if (!removed) {
                            addPeer(address, source);
                        }
                    });
        }
        if (!paused && !removed) {
            trackers.start();
        }
    }

    private io.torrentine.internal.tracker.TrackerAnnouncer.TransferTotals transferTotals() {
        long left = picker == null ? 16 * 1024 : picker.wantedBytesLeft();
        return new io.torrentine.internal.tracker.TrackerAnnouncer.TransferTotals(totalUploaded, totalDownloaded, left);
    }

    private void openAndCheck(AddTorrentParams from) {
        setState(TorrentState.CHECKING_FILES);
        layout = new FileLayout(info);
        metadataProvider = new MetadataProvider(info);
        filePriorities = from.filePriorities().isEmpty()
                ? new ArrayList<>(java.util.Collections.nCopies(info.files().size(), StorageParams.DEFAULT_PRIORITY))
                : new ArrayList<>(padded(from.filePriorities(), info.files().size()));
        StorageParams storageParams = new StorageParams(info, savePath, filePriorities);
        CompletableFuture.supplyAsync(() -> host.storageFactory().open(storageParams), host.checkingExecutor())
                .thenCompose(opened -> {
                    storage = opened;
                    return havePieces(from, opened);
                })
                .whenCompleteAsync((have, failure) -> {
                    if (removed) {
                        return;
                    }
                    if (failure != null) {
                        fail(asException(unwrap(failure)));
                        started.completeExceptionally(unwrap(failure));
                        return;
                    }
                    disk = host.disk().attach(storage, layout, loop);
                    blockWrites = new BlockWriteBatcher(disk::writeRun, this::blocksWritten);
                    blockReads = new BlockReadBatcher<>(disk::read, new UploadDelivery());
                    picker = new PiecePicker(info.pieceCount(), layout::pieceSize, new SecureRandom());
                    pendingWrites = new int[info.pieceCount()];
                    piecePriorities = computePiecePriorities(from);
                    for (int i = 0; i < piecePriorities.length; i++) {
                        picker.setPiecePriority(i, piecePriorities[i]);
                    }
                    picker.setSequential(sequential);
                    for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
                        picker.weHave(i);
                    }
                    alerts.checked();
                    for (Peer p : peers.values()) {
                        p.connection.pieceCount(info.pieceCount());
                        countAvailability(p);
                    }
                    updateFinishedState(false);
                    started.complete(null);
                    startTrackers();
                    announceLocally();
                    for (Peer p : List.copyOf(peers.values())) {
                        updateInterest(p);
                        requestBlocks(p);
                    }
                    connectPeers();
                }, loop);
    }

    private static List<Integer> padded(List<Integer> priorities, int files) {
        List<Integer> out = new ArrayList<>(priorities.subList(0, Math.min(files, priorities.size())));
        while (out.size() < files) {
            out.add(StorageParams.DEFAULT_PRIORITY);
        }
        return out;
    }

    /**
     * Which pieces we have: the resume data's claim if a sample of it holds, else a full check.
     * A torrent without resume data is checked in full, so existing files are seeded.
     */
    private CompletableFuture<BitSet> havePieces(AddTorrentParams from, TorrentStorage opened) {
        if (from.havePieceCount() > 0) {
            return new ResumedPieces(host.checkingExecutor(), host.settings().checkingThreads(), new SecureRandom())
                    .resolve(from.toBuilder().torrent(info).build(), opened).thenApply(ResumedPieces.Outcome::have);
        }
        return new TorrentChecker(layout, opened, host.settings().checkingThreads(),
                host.checkingExecutor(), null).start().thenApply(TorrentChecker.Result::have);
    }

    private int[] computePiecePriorities(AddTorrentParams from) {
        int[] out = new int[info.pieceCount()];
        List<Integer> explicit = from.piecePriorities();
        for (int piece = 0; piece < out.length; piece++) {
            out[piece] = piece < explicit.size() ? explicit.get(piece) : priorityFromFiles(piece);
        }
        return out;
    }

    /** A piece's priority from its files: the highest of the files it overlaps (libtorrent). */
    private int priorityFromFiles(int piece) {
        int best = 0;
        boolean anyFile = false;
        for (var slice : layout.map(piece, 0, layout.pieceSize(piece))) {
            if (info.files().get(slice.fileIndex()).pad()) {
                continue;
            }
            anyFile = true;
            best = Math.max(best, filePriorities.get(slice.fileIndex()));
        }
        return anyFile ? best : 0;
    }

    /**
     * The disk layer's queue passed its high-water mark (stop) or drained below the low one:
     * every connection of this torrent stops or resumes reading. A notice may be collapsed for a
     * lagging listener, so the pool's current state decides, not the notice.
     */
    private void diskBackPressure(boolean stop) {
        boolean stopped = host.disk().isReadingStopped();
        if (stopped && stop) {
            alerts.performanceWarning(io.torrentine.alert.PerformanceWarning.DISK_QUEUE_FULL);
        }
        for (Peer p : peers.values()) {
            BandwidthWiring.diskBackPressure(p.connection.channel(), stopped);
        }
    }

    // ---- the timer ----

    private void tick() {
        if (removed) {
            return;
        }
        long now = System.nanoTime();
        if (trackers != null) {
            trackers.tick();
        }
        sendPex(now);
        connectPeers();
        if (now - lastRechoke >= RECHOKE.toNanos()) {
            lastRechoke = now;
            rechoke(now);
        }
        for (Peer p : List.copyOf(peers.values())) {
            if (metadataFetcher != null && info == null) {
                askMetadata(p, now);
            }
            requestBlocks(p);
        }
    }

    // ---- peers ----

    /**
     * Adds a peer to dial (a handle's {@code connectPeer}, a tracker reply, ...). Call on the loop.
     *
     * @param address the peer's address
     * @param source where it came from
     */
    public void addPeer(InetSocketAddress address, PeerSource source) {
        if (peerList.add(address, source, false)) {
            connectPeers();
        }
    }

    /**
     * A peer announced this torrent on the local network (BEP 14). Ignored for a private
     * torrent (BEP 27). Call on the loop.
     *
     * @param address the peer's listen address
     */
    public void addLocalPeer(InetSocketAddress address) {
        if (!isPrivate() && !removed) {
            addPeer(address, PeerSource.LSD);
        }
    }

    private void connectPeers() {
        if (paused || removed || state == TorrentState.CHECKING_FILES || state == TorrentState.ERROR) {
            return;
        }
        SessionSettings settings = host.settings();
        long now = System.nanoTime();
        while (peers.size() + halfOpen < settings.maxConnectionsPerTorrent()
                && halfOpen < settings.maxHalfOpenConnections()) {
            Optional<InetSocketAddress> next = peerList.nextToConnect(now, picker != null && picker.isSeed());
            if (next.isEmpty()) {
                return;
            }
            if (!host.tryReserveConnection()) {
                peerList.connectFailed(next.get(), now);
                return;
            }
            InetSocketAddress address = next.get();
            halfOpen++;
            dialer.dial(address, peerTorrent, settings.connectTimeout()).whenCompleteAsync((c, e) -> {
                halfOpen--;
                if (e != null) {
                    host.releaseConnection();
                    peerList.connectFailed(address, System.nanoTime());
                    LOG.debug("{}: connecting to {} failed: {}", name, address, e.toString());
                } else {
                    // The connection's handshake decides; onConnected or onClosed follows.
                    c.handshakeFuture().whenCompleteAsync((h, f) -> {
                        if (f != null && !peers.containsKey(c)) {
                            host.releaseConnection();
                            Throwable cause = unwrap(f);
                            if (cause instanceof PeerProtocolException p
                                    && p.reason() == PeerProtocolException.Reason.OWN_PEER_ID) {
                                // A tracker gave us our own address (opentracker does): never again.
                                peerList.markSelf(address);
                            } else {
                                peerList.connectFailed(address, System.nanoTime());
                            }
                        }
                    }, loop);
                }
            }, loop);
        }
    }

    @Override
    public Optional<PeerMessage> announcement(PeerConnection connection) {
        if (picker == null || picker.haveCount() == 0) {
            return Optional.of(PeerMessage.HaveNone.INSTANCE);
        }
        if (picker.isSeed()) {
            return Optional.of(PeerMessage.HaveAll.INSTANCE);
        }
        return Optional.of(new PeerMessage.Bitfield(
                io.torrentine.internal.disk.Bitfields.toBytes(picker.havePieces(), info.pieceCount())));
    }

    @Override
    public void onConnected(PeerConnection connection) {
        InetSocketAddress address = (InetSocketAddress) connection.channel().remoteAddress();
        boolean incoming = !connection.isOutgoing();
        if (removed || paused) {
            connection.channel().close();
            return;
        }
        if (incoming && !host.tryReserveConnection()) {
            connection.channel().close();
            return;
        }
        if (peerList.isBanned(address) || peers.size() >= host.settings().maxConnectionsPerTorrent()
                || duplicatePeerId(connection)) {
            host.releaseConnection();
            connection.channel().close();
            return;
        }
        Peer peer = new Peer(connection, address, incoming);
        peer.client = connection.remoteHandshake().flatMap(h -> h.peerId().client()).orElse("");
        peers.put(connection, peer);
        peerList.connected(address, incoming, System.nanoTime());
        BandwidthWiring.attach(connection.channel(), host, downloadBucket, uploadBucket);
        alerts.peerConnected(address, incoming, peer.client);
        grantAllowedFast(peer);
        trackForPex(peer, incoming ? 0 : address.getPort());
    }

    /**
     * Whether this new connection duplicates one we have with the same peer (same peer id).
     * When two peers dial each other at once, each side sees two connections; both must drop
     * the same one, or both are lost and each peer backs off the other. The connection dialled
     * by the side with the greater peer id is kept; if that is the new one, the old one is
     * closed instead.
     */
    private boolean duplicatePeerId(PeerConnection connection) {
        var id = connection.remoteHandshake().map(h -> h.peerId()).orElse(null);
        if (id == null) {
            return false;
        }
        for (Peer p : List.copyOf(peers.values())) {
            if (p.connection.remoteHandshake().map(h -> h.peerId()).filter(id::equals).isEmpty()) {
                continue;
            }
            boolean weAreGreater = java.util.Arrays.compareUnsigned(host.connectionConfig().ourPeerId().toByteArray(),
                    id.toByteArray()) > 0;
            // The connection to keep is the one the greater side dialled.
            boolean keepNew = connection.isOutgoing() == weAreGreater && p.connection.isOutgoing() != weAreGreater;
            if (keepNew) {
                p.connection.channel().close();
                return false;
            }
            return true;
        }
        return false;
    }

    /**
     * Tells peer exchange about a peer: its listen port is the port we dialled, or for an
     * incoming peer the {@code p} of its extension handshake (0 until then: not advertised).
     */
    private void trackForPex(Peer peer, int listenPort) {
        if (pex == null) {
            return;
        }
        boolean seed = info != null && peer.isSeed(info.pieceCount());
        pex.connected(peer, new InetSocketAddress(peer.address.getAddress(), listenPort),
                io.torrentine.internal.pex.PexTracker.flags(false, seed, false, false, !peer.incoming));
    }

    /** BEP 11: at most one message a minute to each peer that offered ut_pex. */
    private void sendPex(long now) {
        if (pex == null) {
            return;
        }
        for (Peer p : peers.values()) {
            if (p.connection.remoteExtensions().map(e -> e.idOf(ExtensionHandshake.UT_PEX).isPresent()).orElse(false)) {
                pex.messageFor(p, now).ifPresent(o -> p.connection.sendExtended(ExtensionHandshake.UT_PEX, o.encode()));
            }
        }
    }

    @Override
    public void onPex(PeerConnection connection, io.torrentine.internal.peer.extension.PexMessage message) {
        Peer peer = peers.get(connection);
        if (peer == null || pex == null) {
            return;
        }
        for (io.torrentine.internal.peer.extension.PexPeer found : pex.received(peer, message, System.nanoTime())) {
            peerList.add(found.address(), PeerSource.PEX,
                    found.has(io.torrentine.internal.peer.extension.PexPeer.SEED));
        }
        connectPeers();
    }

    /** BEP 6: a few pieces a choked peer may request anyway, computed from its address. */
    private void grantAllowedFast(Peer peer) {
        int k = host.settings().allowedFastSetSize();
        if (k == 0 || info == null || picker == null || picker.haveCount() == 0 || !peer.connection.fastExtension()
                || !(peer.address.getAddress() instanceof Inet4Address ip4)) {
            return;
        }
        List<Integer> granted = new ArrayList<>();
        for (int piece : AllowedFastSet.compute(ip4, infoHashes.id().toByteArray(), info.pieceCount(),
                Math.min(k, info.pieceCount()))) {
            if (picker.have(piece)) {
                granted.add(piece);
            }
        }
        if (!granted.isEmpty()) {
            peer.connection.allowFast(granted);
        }
    }

    @Override
    public void onExtensionHandshake(PeerConnection connection, ExtensionHandshake handshake) {
        Peer peer = peers.get(connection);
        if (peer == null) {
            return;
        }
        handshake.requestQueue().ifPresent(q -> peer.maxRequests = Math.max(1, q));
        handshake.client().ifPresent(c -> peer.client = c);
        if (peer.incoming && handshake.listenPort().isPresent()) {
            trackForPex(peer, handshake.listenPort().getAsInt());
        }
        if (metadataFetcher != null && info == null && handshake.idOf(ExtensionHandshake.UT_METADATA).isPresent()
                && handshake.metadataSize().isPresent()) {
            peer.metadataCapable = metadataFetcher.sizeAnnounced(handshake.metadataSize().getAsLong());
            askMetadata(peer, System.nanoTime());
        }
    }

    @Override
    public void onPiece(PeerConnection connection, PeerMessage.Piece piece) {
        Peer peer = peers.get(connection);
        if (peer == null) {
            piece.release();
            return;
        }
        onPiece(peer, piece);
    }

    @Override
    public void onMessage(PeerConnection connection, PeerMessage message) {
        Peer peer = peers.get(connection);
        if (peer == null) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof PeerMessage.Piece p) {
            onPiece(peer, p);
        } else if (message instanceof PeerMessage.Have h) {
            if (picker != null && !peer.countedSeed && !peer.counted.get(h.index())) {
                peer.counted.set(h.index());
                picker.peerHas(h.index());
                if (wanted(h.index())) {
                    peer.interestingPieces++;
                    updateInterest(peer);
                }
                checkSeedPeer(peer);
            }
        } else if (message instanceof PeerMessage.Bitfield || message instanceof PeerMessage.HaveAll
                || message instanceof PeerMessage.HaveNone) {
            if (picker != null) {
                countAvailability(peer);
                updateInterest(peer);
                checkSeedPeer(peer);
            }
        } else if (message instanceof PeerMessage.Unchoke) {
            requestBlocks(peer);
        } else if (message instanceof PeerMessage.Choke) {
            if (!connection.fastExtension()) {
                abortRequests(peer);
            }
        } else if (message instanceof PeerMessage.RejectRequest r) {
            PiecePicker.Block block = new PiecePicker.Block(r.index(), r.begin(), r.length());
            if (peer.requested.remove(block) && picker != null) {
                picker.abort(block, peer);
            }
        } else if (message instanceof PeerMessage.AllowedFast a) {
            peer.allowedFast.set(a.index());
            requestBlocks(peer);
        } else if (message instanceof PeerMessage.Interested) {
            unchokeIfSlotFree(peer);
        } else if (message instanceof PeerMessage.NotInterested) {
            if (!connection.amChoking()) {
                connection.send(PeerMessage.Choke.INSTANCE);
            }
        } else if (message instanceof PeerMessage.Request r) {
            serve(peer, r);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    /** Adds what a peer announced by bitfield, have-all or have-none to the picker, replacing what it added before. */
    private void countAvailability(Peer peer) {
        uncount(peer);
        PeerConnection c = peer.connection;
        if (c.peerHasAll()) {
            peer.countedSeed = true;
            picker.seedConnected();
        } else {
            BitSet pieces = c.peerPieces();
            peer.counted.or(pieces);
            picker.peerHasAll(pieces);
        }
        peer.interestingPieces = 0;
        int count = info.pieceCount();
        for (int i = 0; i < count; i++) {
            if ((peer.countedSeed || peer.counted.get(i)) && wanted(i)) {
                peer.interestingPieces++;
            }
        }
    }

    private void uncount(Peer peer) {
        if (peer.countedSeed) {
            picker.seedDisconnected();
            peer.countedSeed = false;
        }
        if (!peer.counted.isEmpty()) {
            picker.peerLostAll(peer.counted);
            peer.counted.clear();
        }
    }

    private boolean wanted(int piece) {
        return picker != null && !picker.have(piece) && picker.piecePriority(piece) > 0;
    }

    private void updateInterest(Peer peer) {
        boolean want = peer.interestingPieces > 0 && !paused;
        PeerConnection c = peer.connection;
        if (want && !c.amInterested()) {
            c.send(PeerMessage.Interested.INSTANCE);
        } else if (!want && c.amInterested()) {
            c.send(PeerMessage.NotInterested.INSTANCE);
        }
    }

    /** Two seeds have nothing to trade: a seed disconnects from seeds (libtorrent does too). */
    private void checkSeedPeer(Peer peer) {
        if (picker != null && picker.isSeed() && peer.isSeed(info.pieceCount())) {
            peer.connection.channel().close();
        }
    }

    @Override
    public void onDontHave(PeerConnection connection, int piece) {
        Peer peer = peers.get(connection);
        if (peer == null || picker == null) {
            return;
        }
        if (peer.countedSeed) {
            countAvailability(peer);
        } else if (peer.counted.get(piece)) {
            peer.counted.clear(piece);
            picker.peerLost(piece);
            if (wanted(piece)) {
                peer.interestingPieces--;
            }
        }
        updateInterest(peer);
    }

    // ---- downloading ----

    /** Keeps a peer's request pipeline full: its measured rate times request_queue_time. */
    private void requestBlocks(Peer peer) {
        PeerConnection c = peer.connection;
        if (picker == null || paused || removed || !c.amInterested() || peer.closed) {
            return;
        }
        boolean choked = c.peerChoking();
        if (choked && peer.allowedFast.isEmpty()) {
            return;
        }
        int want = requestTarget(peer) - peer.requested.size();
        if (want <= 0) {
            return;
        }
        List<PiecePicker.Block> blocks = new ArrayList<>(want);
        picker.pick(peer, c::peerHas, choked ? peer.allowedFast : null, want, blocks);
        if (blocks.isEmpty()) {
            return;
        }
        List<PeerMessage.Request> requests = new ArrayList<>(blocks.size());
        for (PiecePicker.Block b : blocks) {
            peer.requested.add(b);
            requests.add(new PeerMessage.Request(b.piece(), b.offset(), b.length()));
        }
        c.queueRequests(requests);
        scheduleFlush();
    }

    /**
     * After a block arrives: top the pipeline up only once an eighth of it is free, so requests
     * leave in batches (one write of many requests rather than one 17-byte write per block).
     */
    private void refill(Peer peer) {
        int target = requestTarget(peer);
        if (target - peer.requested.size() >= Math.max(1, target / 8)) {
            requestBlocks(peer);
        }
    }

    private int requestTarget(Peer peer) {
        SessionSettings s = host.settings();
        double rate = peer.connection.downloadRate();
        long byRate = (long) (rate * s.requestQueueTime().toNanos() / SECOND / PiecePicker.BLOCK_SIZE);
        int cap = Math.min(s.maxOutRequestQueue(), peer.maxRequests);
        return (int) Math.max(Math.min(MIN_REQUESTS, cap), Math.min(byRate, cap));
    }

    private void abortRequests(Peer peer) {
        if (picker != null) {
            picker.abortAll(peer);
        }
        peer.requested.clear();
    }

    @Override
    public void onRequestTimedOut(PeerConnection connection, PeerMessage.Request request) {
        Peer peer = peers.get(connection);
        if (peer == null || picker == null) {
            return;
        }
        PiecePicker.Block block = new PiecePicker.Block(request.index(), request.begin(), request.length());
        if (peer.requested.remove(block)) {
            picker.abort(block, peer);
        }
        // Ask someone else now rather than at the next tick: this is what unsticks the last pieces.
        for (Peer p : List.copyOf(peers.values())) {
            requestBlocks(p);
        }
    }

    private void onPiece(Peer peer, PeerMessage.Piece p) {
        int length = p.block().readableBytes();
        if (picker == null) {
            p.release();
            return;
        }
        PiecePicker.Block block = new PiecePicker.Block(p.index(), p.begin(), length);
        peer.requested.remove(block);
        PiecePicker.Received r = picker.received(block, peer);
        if (!r.accepted()) {
            wastedBytes += length;
            p.release();
            refill(peer);
            return;
        }
        peer.downloaded += length;
        blocksReceived++;
        totalDownloaded += length;
        downloadRate.add(length);
        for (Object other : r.cancelFrom()) {
            Peer o = (Peer) other;
            if (o.requested.remove(block) && !o.closed) {
                o.connection.send(new PeerMessage.Cancel(block.piece(), block.offset(), block.length()));
            }
        }
        int piece = block.piece();
        pendingWrites[piece]++;
        blockWrites.add(block, p.block());
        scheduleFlush();
        if (r.pieceComplete()) {
            blockWrites.flush(piece); // the hash must see every block
            hash(piece);
        }
        refill(peer);
    }

    /** The disk write of a run of received blocks ended (or was refused before it was queued). */
    private void blocksWritten(List<PiecePicker.Block> blocks, Throwable e, boolean refused) {
        for (PiecePicker.Block block : blocks) {
            pendingWrites[block.piece()]--;
        }
        if (removed) {
            return;
        }
        for (PiecePicker.Block block : blocks) {
            if (e == null) {
                picker.written(block);
            } else {
                picker.writeFailed(block);
            }
        }
        if (e == null) {
            return;
        }
        if (refused) {
            LOG.warn("{}: {} blocks from {} refused by the disk layer", name, blocks.size(), blocks.get(0), e);
            return;
        }
        Throwable cause = unwrap(e);
        if (!(cause instanceof io.torrentine.internal.disk.DiskOverloadException)) {
            fail(asException(cause));
        }
    }

    private void hash(int piece) {
        disk.hash(piece).whenComplete((result, e) -> {
            if (removed) {
                return;
            }
            if (e != null) {
                fail(asException(unwrap(e)));
                return;
            }
            if (result == PieceVerifier.Result.PASSED) {
                piecePassed(piece);
            } else {
                pieceFailed(piece);
            }
        });
    }

    private void piecePassed(int piece) {
        picker.hashPassed(piece);
        alerts.pieceFinished(piece);
        for (Peer p : List.copyOf(peers.values())) {
            // Every peer hears of it, also those that have it: a peer must be able to tell when we
            // became a seed (two seeds part), and PEX and the choker read what peers announce.
            p.connection.queue(new PeerMessage.Have(piece));
            if (p.countedSeed || p.counted.get(piece)) {
                if (picker.piecePriority(piece) > 0) {
                    p.interestingPieces--;
                }
                updateInterest(p);
            }
        }
        scheduleFlush();
        if (smartBan.isRecorded(piece)) {
            checkLiars(piece);
        }
        updateFinishedState(true);
    }

    private void pieceFailed(int piece) {
        alerts.hashFailed(piece);
        hashFailures++;
        wastedBytes += layout.pieceSize(piece);
        List<Object> senders = picker.blockSenders(piece);
        java.util.Set<Peer> distinct = new java.util.HashSet<>();
        for (Object s : senders) {
            if (s != null) {
                distinct.add((Peer) s);
            }
        }
        if (distinct.size() == 1) {
            // Every block came from one peer: it is proven to have sent bad data.
            ban(distinct.iterator().next().address, "sent every block of piece " + piece + ", which failed its hash");
        } else if (distinct.size() > 1 && smartBan.hasRoom() && !smartBan.isRecorded(piece)) {
            recordFailedBlocks(piece, senders);
        }
        // The reads above were queued first, so they see the bad data, not its replacement.
        picker.hashFailed(piece);
        for (Peer p : List.copyOf(peers.values())) {
            requestBlocks(p);
        }
    }

    private void recordFailedBlocks(int piece, List<Object> senders) {
        int blocks = layout.blockCount(piece);
        for (int b = 0; b < blocks; b++) {
            Peer sender = (Peer) senders.get(b);
            int block = b;
            InetSocketAddress address = sender == null ? null : sender.address;
            disk.read(piece, b * FileLayout.BLOCK_SIZE, layout.blockSize(piece, b)).whenComplete((buf, e) -> {
                if (e != null) {
                    return;
                }
                try {
                    smartBan.record(piece, block, blocks, address, crc(buf));
                } finally {
                    buf.release();
                }
            });
        }
    }

    private void checkLiars(int piece) {
        int blocks = layout.blockCount(piece);
        int[] good = new int[blocks];
        CompletableFuture<?>[] reads = new CompletableFuture<?>[blocks];
        for (int b = 0; b < blocks; b++) {
            int block = b;
            reads[b] = disk.read(piece, b * FileLayout.BLOCK_SIZE, layout.blockSize(piece, b)).thenAccept(buf -> {
                try {
                    good[block] = crc(buf);
                } finally {
                    buf.release();
                }
            });
        }
        CompletableFuture.allOf(reads).whenComplete((v, e) -> {
            SmartBan.BlockRecord[] records = smartBan.take(piece);
            if (e != null || records == null) {
                return;
            }
            for (InetSocketAddress liar : SmartBan.liars(records, good)) {
                ban(liar, "sent a block of piece " + piece + " that differs from the verified data");
            }
        });
    }

    private static int crc(io.netty.buffer.ByteBuf buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.nioBuffer());
        return (int) crc.getValue();
    }

    private void ban(InetSocketAddress address, String why) {
        peerList.ban(address);
        alerts.peerBanned(address, why);
        for (Peer p : List.copyOf(peers.values())) {
            if (peerList.isBanned(p.address)) {
                p.connection.fail(new PeerProtocolException(PeerProtocolException.Reason.BANNED, why));
            }
        }
    }

    private void updateFinishedState(boolean announce) {
        if (picker == null) {
            return;
        }
        TorrentState next = picker.isSeed() ? TorrentState.SEEDING
                : picker.isFinished() ? TorrentState.FINISHED : TorrentState.DOWNLOADING;
        if (next == state) {
            return;
        }
        boolean finishedNow = (next == TorrentState.SEEDING || next == TorrentState.FINISHED)
                && (state == TorrentState.DOWNLOADING);
        setState(next);
        if (finishedNow && announce) {
            completedTime = host.clock().instant();
            alerts.finished();
            if (trackers != null) {
                trackers.finished();
            }
        }
        if (next == TorrentState.SEEDING) {
            for (Peer p : List.copyOf(peers.values())) {
                checkSeedPeer(p);
            }
        }
    }

    private void setState(TorrentState next) {
        TorrentState previous = state;
        state = next;
        if (previous != next && previous != null) {
            alerts.stateChanged(previous, next);
        }
    }

    // ---- uploading ----

    private void unchokeIfSlotFree(Peer peer) {
        if (!peer.connection.amChoking()) {
            return;
        }
        int slots = host.settings().uploadSlots();
        long unchoked = peers.values().stream().filter(p -> !p.connection.amChoking()).count();
        // The optimistic slot counts within uploadSlots (docs/choking.md); a free slot is taken at
        // once rather than at the next rechoke, so a new peer never waits ten seconds for data.
        if (slots < 0 || unchoked < slots) {
            unchoke(peer, System.nanoTime());
        }
    }

    private void unchoke(Peer peer, long now) {
        peer.unchokedAtNanos = now;
        peer.uploadedAtUnchoke = peer.uploaded;
        peer.connection.send(PeerMessage.Unchoke.INSTANCE);
    }

    private void rechoke(long now) {
        if (peers.isEmpty()) {
            return;
        }
        List<ChokeCandidate> candidates = new ArrayList<>(peers.size());
        for (Peer p : peers.values()) {
            PeerConnection c = p.connection;
            candidates.add(new ChokeCandidate(p, c.peerInterested(), !c.amChoking(), c.downloadRate(),
                    c.uploadRate(), p.uploaded - p.uploadedAtUnchoke, p.unchokedAtNanos));
        }
        Set<Object> unchoke = choker.rechoke(candidates, picker != null && picker.isSeed(), now);
        for (Peer p : peers.values()) {
            boolean should = unchoke.contains(p);
            if (should && p.connection.amChoking()) {
                unchoke(p, now);
            } else if (!should && !p.connection.amChoking()) {
                p.connection.send(PeerMessage.Choke.INSTANCE);
            }
        }
    }

    private void serve(Peer peer, PeerMessage.Request r) {
        PeerConnection c = peer.connection;
        if (disk == null || !picker.have(r.index())) {
            if (c.fastExtension()) {
                c.send(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
            return;
        }
        if (r.begin() + (long) r.length() > layout.pieceSize(r.index())) {
            // BEP 3: a request lies within its piece. Checked here, before it joins a run whose
            // one read would fail for every request in it.
            c.fail(new PeerProtocolException(PeerProtocolException.Reason.BAD_BLOCK,
                    "request " + r + " beyond the end of its piece"));
            return;
        }
        blockReads.add(peer, r);
        scheduleFlush();
    }

    /** Hands blocks read for peers' requests to their connections. */
    private final class UploadDelivery implements BlockReadBatcher.Delivery<Peer> {
        @Override
        public void read(Peer peer, PeerMessage.Request r, ByteBuf block) {
            PeerConnection c = peer.connection;
            if (peer.closed || !c.isRequestQueued(r)) {
                block.release(); // cancelled meanwhile, or the peer left
                return;
            }
            peer.uploaded += r.length();
            totalUploaded += r.length();
            uploadRate.add(r.length());
            c.queue(new PeerMessage.Piece(r.index(), r.begin(), block));
            scheduleFlush();
        }

        @Override
        public void failed(Peer peer, PeerMessage.Request r, Throwable e) {
            LOG.debug("{}: reading {} for {} failed: {}", name, r, peer, e.toString());
            PeerConnection c = peer.connection;
            if (c.fastExtension() && c.isRequestQueued(r)) {
                c.send(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
        }
    }

    /** Coalesces the flushes of many blocks read in one turn of the loop into one per connection. */
    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        loop.execute(() -> {
            flushScheduled = false;
            if (disk != null) { // the batchers are made with the disk layer
                blockWrites.flushAll();
                blockReads.flushAll();
            }
            for (Peer p : peers.values()) {
                p.connection.flush();
            }
        });
    }

    // ---- metadata (BEP 9) ----

    @Override
    public void onMetadataMessage(PeerConnection connection, UtMetadataMessage message) {
        Peer peer = peers.get(connection);
        if (peer == null) {
            return;
        }
        if (message instanceof UtMetadataMessage.Request r) {
            UtMetadataMessage reply = metadataProvider != null ? metadataProvider.respond(r)
                    : new UtMetadataMessage.Reject(r.piece());
            connection.sendExtended(ExtensionHandshake.UT_METADATA, UtMetadataCodec.encode(reply));
        } else if (message instanceof UtMetadataMessage.Data d) {
            if (info != null || metadataFetcher == null) {
                return;
            }
            Optional<TorrentInfo> done;
            try {
                done = metadataFetcher.received(d);
            } catch (ExtensionProtocolException e) {
                LOG.debug("{}: metadata from {} refused: {}", name, peer, e.getMessage());
                return;
            }
            done.ifPresent(this::metadataReceived);
            if (done.isEmpty()) {
                askMetadata(peer, System.nanoTime());
            }
        } else if (message instanceof UtMetadataMessage.Reject r) {
            if (metadataFetcher != null) {
                metadataFetcher.rejected(peer, r.piece());
            }
        }
    }

    private void askMetadata(Peer peer, long now) {
        if (!peer.metadataCapable || info != null) {
            return;
        }
        for (int piece : metadataFetcher.piecesToAsk(peer, now, 4)) {
            peer.connection.sendExtended(ExtensionHandshake.UT_METADATA,
                    UtMetadataCodec.encode(new UtMetadataMessage.Request(piece)));
        }
    }

    private void metadataReceived(TorrentInfo torrent) {
        if (!torrent.hasV1()) {
            fail(new IllegalStateException("pure v2 torrents are not yet supported on the wire"));
            return;
        }
        info = torrent;
        name = torrent.name();
        metadataFetcher = null;
        if (torrent.isPrivate()) {
            pex = null; // BEP 27: a private torrent learns peers from its trackers only
        }
        peerTorrent = new PeerTorrent(infoHashes.id(), info.pieceCount(), OptionalInt.of(info.infoDictionarySize()),
                this, loop);
        alerts.metadataReceived();
        params = params.toBuilder().torrent(torrent).build();
        openAndCheck(params);
    }

    // ---- closing ----

    @Override
    public void onClosed(PeerConnection connection, Optional<Throwable> cause) {
        Peer peer = peers.remove(connection);
        if (peer == null) {
            return;
        }
        peer.closed = true;
        host.releaseConnection();
        if (picker != null) {
            picker.forgetPeer(peer);
        }
        peer.requested.clear();
        if (picker != null) {
            uncount(peer);
        }
        if (metadataFetcher != null) {
            metadataFetcher.peerGone(peer);
        }
        if (pex != null) {
            pex.disconnected(peer);
        }
        boolean protocolError = cause.filter(PeerProtocolException.class::isInstance).isPresent();
        peerList.disconnected(peer.address, System.nanoTime(), protocolError);
        alerts.peerDisconnected(peer.address, cause.orElse(null), removed);
        if (!peer.connection.amChoking()) {
            lastRechoke = 0; // a slot is free: rechoke at the next tick
        }
        for (Peer p : List.copyOf(peers.values())) {
            requestBlocks(p);
        }
    }

    private void fail(Exception e) {
        if (state == TorrentState.ERROR) {
            return;
        }
        LOG.warn("{}: stopped on an error", name, e);
        error = e;
        setState(TorrentState.ERROR);
        alerts.error(e);
        closeConnections();
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new IllegalStateException(t);
    }

    private void closeConnections() {
        for (Peer p : List.copyOf(peers.values())) {
            p.connection.channel().close();
        }
    }

    // ---- handle commands (on the loop) ----

    /**
     * Pauses: disconnects every peer and connects to none until resumed.
     */
    public void pause() {
        if (paused) {
            return;
        }
        paused = true;
        closeConnections();
        if (trackers != null) {
            trackers.stop();
        }
        alerts.paused();
    }

    /** Resumes a paused torrent (and one stopped on an error, which is cleared). */
    public void resume() {
        if (!paused && state != TorrentState.ERROR) {
            return;
        }
        paused = false;
        if (state == TorrentState.ERROR) {
            error = null;
            state = null;
            if (info != null && disk != null) {
                updateFinishedState(false);
                disk.retryFailedWrites();
            } else if (info != null) {
                openAndCheck(params);
            } else {
                state = TorrentState.DOWNLOADING_METADATA;
            }
        }
        alerts.resumed();
        peerList.clearBackoff();
        if (trackers != null && state != TorrentState.CHECKING_FILES) {
            trackers.start();
        }
        connectPeers();
    }

    /**
     * Checks every piece again, from the files.
     *
     * @return completes once checked
     */
    public CompletableFuture<Void> forceRecheck() {
        if (info == null || disk == null) {
            return CompletableFuture.completedFuture(null);
        }
        closeConnections();
        setState(TorrentState.CHECKING_FILES);
        return disk.releaseFiles().thenComposeAsync(v -> new TorrentChecker(layout, storage,
                host.settings().checkingThreads(), host.checkingExecutor(), null).start(), loop)
                .thenAcceptAsync(result -> {
                    BitSet have = result.have();
                    for (int i = 0; i < info.pieceCount(); i++) {
                        if (have.get(i) && !picker.have(i)) {
                            picker.weHave(i);
                        } else if (!have.get(i) && picker.have(i)) {
                            picker.weDontHave(i);
                        }
                    }
                    state = TorrentState.CHECKING_FILES;
                    alerts.checked();
                    updateFinishedState(false);
                    connectPeers();
                }, loop);
    }

    /**
     * A status snapshot.
     *
     * @return the status
     */
    public TorrentStatus status() {
        long totalSize = info == null ? 0 : info.totalSize();
        long wanted = 0;
        long wantedDone = 0;
        BitSet have = picker == null ? new BitSet() : picker.havePieces();
        double copies = 0;
        if (picker != null) {
            int minAvail = Integer.MAX_VALUE;
            int above = 0;
            for (int i = 0; i < info.pieceCount(); i++) {
                int size = layout.pieceSize(i);
                if (picker.piecePriority(i) > 0) {
                    wanted += size;
                    if (picker.have(i)) {
                        wantedDone += size;
                    }
                }
                int a = picker.availability(i);
                minAvail = Math.min(minAvail, a);
            }
            if (info.pieceCount() > 0) {
                for (int i = 0; i < info.pieceCount(); i++) {
                    if (picker.availability(i) > minAvail) {
                        above++;
                    }
                }
                copies = minAvail + (double) above / info.pieceCount();
            }
        }
        double progress = wanted == 0 ? (picker == null ? 0 : 1) : (double) wantedDone / wanted;
        double down = downloadRate.rate();
        Optional<Duration> eta = down > 0 && wanted > wantedDone
                ? Optional.of(Duration.ofSeconds((long) Math.ceil((wanted - wantedDone) / down))) : Optional.empty();
        int seeds = 0;
        for (Peer p : peers.values()) {
            if (info != null && p.isSeed(info.pieceCount())) {
                seeds++;
            }
        }
        return new TorrentStatus(infoHashes, name, state, paused, Optional.ofNullable(error), info != null, savePath,
                totalSize, wanted, wantedDone, progress, info == null ? 0 : info.pieceCount(), have.cardinality(),
                down, uploadRate.rate(), totalDownloaded, totalUploaded, wastedBytes, peers.size(), seeds,
                peerList.size(), copies, eta, sequential, have);
    }

    /**
     * The connected peers.
     *
     * @return one record per peer
     */
    public List<PeerInfo> peerInfos() {
        List<PeerInfo> out = new ArrayList<>(peers.size());
        int count = info == null ? 0 : info.pieceCount();
        for (Peer p : peers.values()) {
            PeerConnection c = p.connection;
            double progress = count == 0 ? 0 : c.peerHasAll() ? 1 : (double) c.peerPieceCount() / count;
            out.add(new PeerInfo(p.address, p.incoming, p.client, p.isSeed(count), progress, c.amChoking(),
                    c.amInterested(), c.peerChoking(), c.peerInterested(), c.downloadRate(), c.uploadRate(),
                    p.downloaded, p.uploaded, p.requested.size(), c.queuedPeerRequests()));
        }
        return out;
    }

    /**
     * Bytes of each file that are verified.
     *
     * @return one entry per file
     */
    public List<Long> fileProgress() {
        if (info == null) {
            return List.of();
        }
        long[] done = new long[info.files().size()];
        for (int piece = 0; piece < info.pieceCount(); piece++) {
            if (picker.have(piece)) {
                for (var slice : layout.map(piece, 0, layout.pieceSize(piece))) {
                    done[slice.fileIndex()] += slice.length();
                }
            }
        }
        List<Long> out = new ArrayList<>(done.length);
        for (long d : done) {
            out.add(d);
        }
        return out;
    }

    /**
     * Sets every file's priority (0 skips a file) and the pieces' priorities from them.
     *
     * @param priorities one per file, 0 to 7
     * @return completes when the storage knows them
     */
    public CompletableFuture<Void> setFilePriorities(List<Integer> priorities) {
        if (info == null) {
            params = params.toBuilder().filePriorities(priorities).build();
            return CompletableFuture.completedFuture(null);
        }
        if (priorities.size() != info.files().size()) {
            throw new IllegalArgumentException(priorities.size() + " priorities for " + info.files().size() + " files");
        }
        filePriorities = new ArrayList<>(priorities);
        int[] next = new int[info.pieceCount()];
        for (int piece = 0; piece < next.length; piece++) {
            next[piece] = priorityFromFiles(piece);
        }
        applyPiecePriorities(next);
        return disk == null ? CompletableFuture.completedFuture(null) : disk.setFilePriorities(filePriorities);
    }

    /**
     * The file priorities.
     *
     * @return one per file
     */
    public List<Integer> filePriorities() {
        return filePriorities == null ? params.filePriorities() : List.copyOf(filePriorities);
    }

    /**
     * Sets every piece's priority.
     *
     * @param priorities one per piece, 0 to 7
     */
    public void setPiecePriorities(List<Integer> priorities) {
        if (info == null || priorities.size() != info.pieceCount()) {
            throw new IllegalArgumentException("one priority per piece is needed");
        }
        int[] next = new int[priorities.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = checkPriority(priorities.get(i));
        }
        applyPiecePriorities(next);
    }

    /**
     * Sets one piece's priority.
     *
     * @param piece the piece
     * @param priority 0 to 7
     */
    public void setPiecePriority(int piece, int priority) {
        if (info == null) {
            throw new IllegalStateException("the torrent has no metadata yet");
        }
        Objects.checkIndex(piece, info.pieceCount());
        int[] next = piecePriorities.clone();
        next[piece] = checkPriority(priority);
        applyPiecePriorities(next);
    }

    private static int checkPriority(int p) {
        if (p < 0 || p > 7) {
            throw new IllegalArgumentException("a priority is 0 to 7, not " + p);
        }
        return p;
    }

    private void applyPiecePriorities(int[] next) {
        piecePriorities = next;
        if (picker == null) {
            return;
        }
        for (int i = 0; i < next.length; i++) {
            if (picker.piecePriority(i) != next[i]) {
                picker.setPiecePriority(i, next[i]);
            }
        }
        // Requests for pieces now skipped are cancelled; interest is recounted.
        for (Peer p : List.copyOf(peers.values())) {
            for (PiecePicker.Block b : List.copyOf(p.requested)) {
                if (next[b.piece()] == 0) {
                    p.requested.remove(b);
                    picker.abort(b, p);
                    p.connection.send(new PeerMessage.Cancel(b.piece(), b.offset(), b.length()));
                }
            }
            countAvailability(p);
            updateInterest(p);
        }
        updateFinishedState(true);
        for (Peer p : List.copyOf(peers.values())) {
            requestBlocks(p);
        }
    }

    /**
     * The piece priorities.
     *
     * @return one per piece, empty before metadata
     */
    public List<Integer> piecePriorities() {
        if (piecePriorities == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>(piecePriorities.length);
        for (int p : piecePriorities) {
            out.add(p);
        }
        return out;
    }

    /**
     * Turns sequential download on or off.
     *
     * @param on whether pieces go in index order
     */
    public void setSequential(boolean on) {
        sequential = on;
        if (picker != null) {
            picker.setSequential(on);
        }
    }

    /**
     * Sets a deadline for a piece (streaming): it goes before all others, earliest first.
     *
     * @param piece the piece
     * @param deadline from now
     */
    public void setPieceDeadline(int piece, Duration deadline) {
        if (picker == null) {
            throw new IllegalStateException("the torrent has no metadata yet");
        }
        Objects.checkIndex(piece, info.pieceCount());
        picker.setDeadline(piece, System.nanoTime() + deadline.toNanos());
        for (Peer p : List.copyOf(peers.values())) {
            requestBlocks(p);
        }
    }

    /**
     * Removes a piece's deadline.
     *
     * @param piece the piece
     */
    public void clearPieceDeadline(int piece) {
        if (picker != null) {
            Objects.checkIndex(piece, info.pieceCount());
            picker.clearDeadline(piece);
        }
    }

    /**
     * Sets this torrent's rate limits.
     *
     * @param download bytes per second, 0 for none
     * @param upload bytes per second, 0 for none
     */
    public void setRateLimits(long download, long upload) {
        downloadBucket.setRate(download);
        uploadBucket.setRate(upload);
    }

    /**
     * This torrent's rate limits.
     *
     * @return download and upload bytes per second, 0 for none
     */
    public long[] rateLimits() {
        return new long[] {downloadBucket.rate(), uploadBucket.rate()};
    }

    /**
     * Builds the resume data of the torrent now: only pieces that are both verified and written.
     *
     * @return the parameters to add it again with
     */
    public AddTorrentParams resumeData() {
        AddTorrentParams.Builder b = params.toBuilder().savePath(savePath)
                .totalDownloaded(totalDownloaded).totalUploaded(totalUploaded);
        if (info != null) {
            b.torrent(info);
            if (filePriorities != null) {
                b.filePriorities(filePriorities);
            }
            BitSet done = new BitSet();
            if (picker != null) {
                BitSet have = picker.havePieces();
                for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
                    if (pendingWrites[i] == 0) {
                        done.set(i);
                    }
                }
            }
            b.havePieces(done);
        }
        java.util.EnumSet<TorrentFlag> flags = java.util.EnumSet.noneOf(TorrentFlag.class);
        if (paused) {
            flags.add(TorrentFlag.PAUSED);
        }
        if (sequential) {
            flags.add(TorrentFlag.SEQUENTIAL_DOWNLOAD);
        }
        b.flags(flags);
        if (completedTime != null) {
            b.completedTime(completedTime);
        }
        List<PeerAddress> known = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (!p.incoming && known.size() < 100) {
                known.add(new PeerAddress(p.address.getHostString(), p.address.getPort()));
            }
        }
        b.peers(known);
        AddTorrentParams out = b.build();
        alerts.resumeDataSaved(out);
        return out;
    }

    /**
     * Moves the files to another save path.
     *
     * @param newSavePath where to
     * @return completes when moved
     */
    public CompletableFuture<Void> moveStorage(Path newSavePath) {
        if (disk == null) {
            savePath = newSavePath;
            alerts.storageMoved(newSavePath);
            return CompletableFuture.completedFuture(null);
        }
        return disk.moveStorage(newSavePath).whenComplete((v, e) -> {
            if (e == null) {
                savePath = newSavePath;
                alerts.storageMoved(newSavePath);
            } else {
                alerts.storageMoveFailed(newSavePath, asException(unwrap(e)));
            }
        });
    }

    /**
     * Renames a file.
     *
     * @param file the file index
     * @param newPath the new path, relative to the save path
     * @return completes when renamed
     */
    public CompletableFuture<Void> renameFile(int file, String newPath) {
        if (disk == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the torrent has no storage yet"));
        }
        return disk.renameFile(file, newPath).whenComplete((v, e) -> {
            if (e == null) {
                alerts.fileRenamed(file, newPath);
            } else {
                alerts.fileRenameFailed(file, asException(unwrap(e)));
            }
        });
    }

    /**
     * Removes the torrent: closes its connections and its disk layer, deleting its files if asked.
     *
     * @param deleteFiles whether to delete the downloaded files
     * @return completes when the disk layer is closed
     */
    public CompletableFuture<Void> remove(boolean deleteFiles) {
        if (removed) {
            return CompletableFuture.completedFuture(null);
        }
        removed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (backPressure != null) {
            try {
                backPressure.close();
            } catch (Exception e) {
                LOG.debug("{}: removing the back-pressure listener failed", name, e);
            }
        }
        closeConnections();
        if (blockWrites != null) {
            blockWrites.flushAll(); // before the close fence: what was received is written
        }
        CompletableFuture<Void> stopped = trackers == null ? CompletableFuture.completedFuture(null) : trackers.stop();
        CompletableFuture<Void> closed;
        if (disk == null) {
            closed = storage == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(storage::close, host.checkingExecutor());
        } else if (deleteFiles) {
            closed = disk.deleteFiles().handle((v, e) -> null).thenCompose(v -> disk.close());
        } else {
            closed = disk.close();
        }
        host.unregister(this);
        return closed.handle((v, e) -> null).thenCombine(stopped.handle((v, e) -> null), (a, b) -> null).handle((v, e) -> {
            alerts.removed();
            if (!started.isDone()) {
                started.completeExceptionally(new IllegalStateException("removed"));
            }
            return null;
        });
    }

    /**
     * Applies new session settings.
     *
     * @param settings the settings
     */
    public void applySettings(SessionSettings settings) {
        choker.settings(ChokerSettingsFactory.from(settings));
    }

    /**
     * Payload byte counters for session statistics.
     *
     * @return downloaded, uploaded, wasted, peers, blocks received, hash failures
     */
    public long[] counters() {
        return new long[] {totalDownloaded, totalUploaded, wastedBytes, peers.size(), blocksReceived, hashFailures};
    }

    /**
     * Current payload rates.
     *
     * @return download and upload bytes per second
     */
    public double[] rates() {
        return new double[] {downloadRate.rate(), uploadRate.rate()};
    }

    /**
     * Each tracker's state.
     *
     * @return one entry per tracker, empty without trackers
     */
    public List<io.torrentine.session.TrackerStatus> trackerStatus() {
        return trackers == null ? List.of() : trackers.status();
    }

    /** Announces to the trackers now, as far as their min interval allows. */
    public void forceReannounce() {
        if (trackers != null && !paused) {
            trackers.forceReannounce();
        }
    }

    /**
     * The torrent's metadata, once known.
     *
     * @return the metadata
     */
    public Optional<TorrentInfo> info() {
        return Optional.ofNullable(info);
    }

    @Override
    public String toString() {
        return "Torrent[" + name + "]";
    }
}
