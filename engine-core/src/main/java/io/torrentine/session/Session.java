package io.torrentine.session;

import io.netty.channel.EventLoopGroup;
import io.torrentine.alert.Alert;
import io.torrentine.internal.session.SessionCore;
import io.torrentine.internal.torrent.Torrent;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.spi.StorageFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A BitTorrent session, as libtorrent's {@code session}: it owns the network event loops, the
 * disk threads and the listening socket, and runs any number of torrents. Add torrents with
 * {@link #add(AddTorrentParams)}, follow them through their {@link TorrentHandle}s and the
 * alerts ({@link #popAlerts()}, {@link #waitForAlerts(Duration)} or {@link
 * #setAlertListener(Consumer, Executor)}), and close the session when done.
 *
 * <pre>{@code
 * try (Session session = Session.start(SessionSettings.defaults())) {
 *     TorrentHandle h = session.add(AddTorrentParams.fromTorrent(TorrentInfo.load(file), dir)).join();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Commands return {@link CompletableFuture}s completed on the callback executor
 * (the common pool unless one is given), never on an event loop.
 */
public final class Session implements AutoCloseable {
    private final SessionCore core;

    private Session(SessionCore core) {
        this.core = core;
    }

    /**
     * Starts a session with its own event loops and threads; blocks until it listens.
     *
     * @param settings the settings
     * @return the running session
     * @throws SessionStartException if the listen address cannot be bound
     */
    public static Session start(SessionSettings settings) {
        return builder().settings(settings).start();
    }

    /**
     * A builder, for injecting resources.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a torrent: from a {@code .torrent} ({@link AddTorrentParams#fromTorrent}), a magnet
     * link ({@link AddTorrentParams#fromMagnet}) or resume data ({@link
     * AddTorrentParams#fromResumeData}). Its files are checked first (a sample when resume data
     * claims pieces, all of them otherwise), then it connects to peers unless added paused.
     *
     * @param params what to add
     * @return the handle, at once; fails with {@link IllegalStateException} if the session
     *     already has this torrent or is closed, or {@link UnsupportedOperationException} for a
     *     pure v2 torrent
     */
    public CompletableFuture<TorrentHandle> add(AddTorrentParams params) {
        Objects.requireNonNull(params, "params");
        return core.add(params).thenApply(TorrentHandle::new);
    }

    /**
     * Removes a torrent: its peers are disconnected and its files closed (deleted if asked).
     *
     * @param handle the torrent
     * @param deleteFiles whether to delete its downloaded files
     * @return completes when removed
     */
    public CompletableFuture<Void> remove(TorrentHandle handle, boolean deleteFiles) {
        Torrent t = handle.torrent();
        CompletableFuture<Void> done = new CompletableFuture<>();
        t.loop().execute(() -> t.remove(deleteFiles).whenComplete((v, e) -> core.callbackExecutor().execute(() -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        })));
        return done;
    }

    /**
     * The torrents, in the order they were added.
     *
     * @return a snapshot
     */
    public List<TorrentHandle> torrents() {
        List<TorrentHandle> out = new ArrayList<>();
        for (Torrent t : core.torrents()) {
            out.add(new TorrentHandle(t));
        }
        return out;
    }

    /**
     * Finds a torrent by info-hash (v1, or the v2 hash truncated to 20 bytes).
     *
     * @param infoHash the hash
     * @return the handle, if the session has the torrent
     */
    public Optional<TorrentHandle> find(Sha1Hash infoHash) {
        return core.find(infoHash).map(TorrentHandle::new);
    }

    /**
     * The settings in force.
     *
     * @return the settings
     */
    public SessionSettings settings() {
        return core.settings();
    }

    /**
     * Applies new settings: rate limits, connection limits, slots and request queues at once;
     * the listen address, thread counts and alert queue size are fixed for the session's life.
     *
     * @param settings the settings
     * @return completes when applied
     */
    public CompletableFuture<Void> applySettings(SessionSettings settings) {
        core.applySettings(settings);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Where the session accepts peers, with the real port when port 0 was asked for.
     *
     * @return the address
     */
    public InetSocketAddress listenAddress() {
        return core.listenAddress();
    }

    /**
     * Session statistics: totals and rates over every torrent.
     *
     * @return the statistics
     */
    public CompletableFuture<SessionStats> stats() {
        return SessionStatsCollector.collect(core);
    }

    /**
     * Posts a {@link io.torrentine.alert.SessionStatsAlert} with the session's statistics (as
     * libtorrent's {@code post_session_stats}); it is delivered whatever the alert mask.
     *
     * @return completes once the alert is queued
     */
    public CompletableFuture<Void> postStats() {
        return stats().thenAccept(s -> core.alerts().postResponse(
                new io.torrentine.alert.SessionStatsAlert(core.clock().instant(), s)));
    }

    /**
     * Takes the alerts waiting, without blocking.
     *
     * @return the alerts, oldest first; empty if none
     */
    public List<Alert> popAlerts() {
        return core.alerts().poll(Integer.MAX_VALUE);
    }

    /**
     * Waits until an alert arrives or the timeout passes, then takes the alerts waiting. Blocks
     * the calling thread; never call it on an event loop.
     *
     * @param timeout how long to wait at most
     * @return the alerts, oldest first; empty on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public List<Alert> waitForAlerts(Duration timeout) throws InterruptedException {
        return core.alerts().waitFor(timeout);
    }

    /**
     * Delivers every alert to a listener instead of the queue: in order, one call at a time, on
     * the given executor (never on an event loop unless that executor is one).
     *
     * @param listener the listener, or null to go back to polling
     * @param executor where it is called
     */
    public void setAlertListener(Consumer<Alert> listener, Executor executor) {
        core.alerts().setListener(listener, executor);
    }

    /**
     * Closes the session within the shutdown timeout: every torrent is stopped, connections
     * closed, pending writes finished; resources the session created are shut down, injected
     * ones are left running. Idempotent.
     */
    @Override
    public void close() {
        core.close();
    }

    /** Builds a {@link Session} with injected resources; not thread-safe. */
    public static final class Builder {
        private SessionSettings settings = SessionSettings.defaults();
        private EventLoopGroup group;
        private ExecutorService checking;
        private Executor callbacks;
        private StorageFactory storage;
        private Clock clock;

        private Builder() {
        }

        /**
         * The settings.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(SessionSettings value) {
            this.settings = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The Netty event loops for the network (NIO; or epoll / io_uring, if the application
         * provides those transports' loops). The session does not shut an injected group down.
         * This is the one place the API names a Netty type (GUIDE.md: native transports are the
         * application's choice).
         *
         * @param value the group
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup value) {
            this.group = value;
            return this;
        }

        /**
         * Where storages are opened and existing data is hashed (blocking work). Not shut down
         * by the session.
         *
         * @param value the executor
         * @return this builder
         */
        public Builder diskExecutor(ExecutorService value) {
            this.checking = value;
            return this;
        }

        /**
         * Where command futures complete (default: the common fork-join pool).
         *
         * @param value the executor
         * @return this builder
         */
        public Builder callbackExecutor(Executor value) {
            this.callbacks = value;
            return this;
        }

        /**
         * The storage torrents' data goes to (default: {@link StorageFactory#files()}).
         *
         * @param value the factory
         * @return this builder
         */
        public Builder storage(StorageFactory value) {
            this.storage = value;
            return this;
        }

        /**
         * The clock alerts and resume data are stamped with.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Starts the session; blocks until it listens.
         *
         * @return the session
         * @throws SessionStartException if it cannot listen
         */
        public Session start() {
            try {
                return new Session(SessionCore.start(new SessionCore.Resources(settings, group, checking, callbacks,
                        storage, clock)).get());
            } catch (ExecutionException | CompletionException e) {
                throw new SessionStartException("cannot listen on " + settings.listenAddress(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionStartException("interrupted while starting", e);
            }
        }
    }
}
