package io.torrentine.internal.torrent;

import io.torrentine.internal.alert.AlertQueue;
import io.torrentine.internal.disk.DiskIoThreadPool;
import io.torrentine.internal.net.TokenBucket;
import io.torrentine.internal.peer.PeerConnectionConfig;
import io.torrentine.session.SessionSettings;
import io.torrentine.spi.StorageFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What a torrent needs from its session: shared settings and resources, and the session-wide
 * connection budget. Implemented by the session; every method is thread-safe.
 */
public interface TorrentHost {
    /**
     * The current settings.
     *
     * @return the settings
     */
    SessionSettings settings();

    /**
     * The settings every peer connection uses.
     *
     * @return the connection settings
     */
    PeerConnectionConfig connectionConfig();

    /**
     * The disk threads.
     *
     * @return the pool
     */
    DiskIoThreadPool disk();

    /**
     * Where storages are opened and existing data is checked (may block).
     *
     * @return the executor
     */
    Executor checkingExecutor();

    /**
     * Where command futures are completed, so that an application's callbacks never run on an
     * event loop.
     *
     * @return the executor
     */
    Executor callbackExecutor();

    /**
     * Opens storages.
     *
     * @return the factory
     */
    StorageFactory storageFactory();

    /**
     * The alert queue.
     *
     * @return the queue
     */
    AlertQueue alerts();

    /**
     * The clock alerts and resume data are stamped with.
     *
     * @return the clock
     */
    Clock clock();

    /**
     * The address peers reach us at, for BEP 40 priorities and to refuse ourselves.
     *
     * @return the listen address
     */
    InetSocketAddress listenAddress();

    /**
     * Takes one connection from the session-wide budget.
     *
     * @return false if the session is at its connection limit
     */
    boolean tryReserveConnection();

    /** Gives a connection back to the session-wide budget. */
    void releaseConnection();

    /**
     * The session-wide download bucket.
     *
     * @return the bucket
     */
    TokenBucket globalDownload();

    /**
     * The session-wide upload bucket.
     *
     * @return the bucket
     */
    TokenBucket globalUpload();

    /**
     * Sends tracker announces and scrapes (HTTP, HTTPS and UDP), shared by every torrent.
     *
     * @return the client
     */
    io.torrentine.internal.tracker.TrackerClient trackers();

    /**
     * The tracker rules and timers.
     *
     * @return the settings
     */
    io.torrentine.internal.tracker.TrackerSettings trackerSettings();

    /**
     * Announces a public torrent on the local network (BEP 14), if local discovery is on.
     *
     * @param infoHash the torrent's v1 info-hash (or its v2 hash truncated)
     */
    void announceLocally(io.torrentine.metainfo.Sha1Hash infoHash);

    /**
     * Forgets a torrent once it is removed.
     *
     * @param torrent the torrent
     */
    void unregister(Torrent torrent);
}
