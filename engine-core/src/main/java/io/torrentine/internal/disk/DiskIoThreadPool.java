package io.torrentine.internal.disk;

import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's disk threads, shared by all of its torrents, with the session-wide accounting of
 * the bytes waiting to be written (back-pressure) and of the written blocks kept for hashing.
 *
 * <p>The threads are daemons named {@code torrentine-disk-N}. They take turns of torrents from
 * one queue, in which a torrent with jobs ready to run appears at most once (so the queue is
 * bounded by the number of open torrents, and torrents are served round-robin); each turn runs
 * one job. A {@link RuntimeException} thrown by a job fails that job's future and the thread
 * goes on; an {@link Error} fails the future too and then propagates, ending the thread, which
 * the pool replaces.
 *
 * <p>{@link #close()} is bounded: jobs that have not started fail with {@link
 * StorageException.Reason#CLOSED}, running ones are waited for up to {@link
 * DiskIoConfig#shutdownTimeout()}, and each torrent's storage is closed once it is idle.
 */
public final class DiskIoThreadPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskIoThreadPool.class);

    private final DiskIoConfig config;
    private final WriteQueueGauge gauge;
    private final CleanBlockCache cleanCache;
    private final Set<TorrentDiskIo> torrents = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<TorrentDiskIo> turns = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int threadsStarted;
    private boolean closed;

    /**
     * Starts the disk threads.
     *
     * @param config the settings
     */
    public DiskIoThreadPool(DiskIoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gauge = new WriteQueueGauge(config.highWaterBytes(), config.lowWaterBytes(),
                config.storeBufferLimitBytes());
        this.cleanCache = new CleanBlockCache(config.cleanCacheBytes());
        lock.lock();
        try {
            for (int i = 0; i < config.threads(); i++) {
                startWorker();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The disk layer of a torrent whose storage is already open. The torrent's jobs complete
     * their futures on {@code completions}.
     *
     * @param storage the torrent's storage; closed by {@link TorrentDiskIo#close()} or by
     *     closing this pool
     * @param layout the torrent's layout
     * @param completions where futures are completed: the torrent's event loop
     * @return the torrent's disk layer
     * @throws StorageException with {@link StorageException.Reason#CLOSED} if this pool is closed
     */
    public TorrentDiskIo attach(TorrentStorage storage, FileLayout layout, Executor completions) {
        Objects.requireNonNull(storage, "storage");
        TorrentDiskIo torrent = new TorrentDiskIo(this, storage, layout, completions);
        register(torrent);
        return torrent;
    }

    /**
     * Opens a torrent's storage on a disk thread ({@link StorageFactory#open} may block) and
     * returns its disk layer.
     *
     * @param factory the storage factory
     * @param params what to open
     * @param completions where futures are completed: the torrent's event loop
     * @return the disk layer once the storage is open, or the factory's {@link StorageException}
     */
    public CompletableFuture<TorrentDiskIo> open(StorageFactory factory, StorageParams params, Executor completions) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(params, "params");
        TorrentDiskIo torrent = new TorrentDiskIo(this, null, new FileLayout(params.torrent()), completions);
        try {
            register(torrent);
        } catch (StorageException e) {
            CompletableFuture<TorrentDiskIo> refused = new CompletableFuture<>();
            // Like every other outcome, on the torrent's executor.
            try {
                completions.execute(() -> refused.completeExceptionally(e));
            } catch (RejectedExecutionException rejected) {
                refused.completeExceptionally(e);
            }
            return refused;
        }
        return torrent.openStorage(factory, params);
    }

    /**
     * Registers a listener told when the network must stop reading from peers and when it may
     * resume. It is called on {@code executor}, one call at a time and in order; if reading is
     * stopped when it registers, it is told at once. With a direct executor it runs on the
     * thread that crossed the mark: the thread calling {@link TorrentDiskIo#write} for a stop, a
     * disk thread for a resume.
     *
     * @param listener the listener
     * @param executor where it is called: the listener's event loop
     * @return closing it removes the listener
     */
    public AutoCloseable addBackPressureListener(BackPressureListener listener, Executor executor) {
        return gauge.addListener(listener, executor);
    }

    /**
     * The bytes received and queued for writing but not yet written, in all torrents.
     *
     * @return the bytes
     */
    public long queuedWriteBytes() {
        return gauge.queuedBytes();
    }

    /**
     * The bytes of blocks whose write failed and that their torrents still hold.
     *
     * @return the bytes
     */
    public long heldFailedBytes() {
        return gauge.heldBytes();
    }

    /**
     * The bytes of written blocks kept in memory for hashing.
     *
     * @return the bytes
     */
    public long cleanCacheBytes() {
        return cleanCache.bytes();
    }

    /**
     * Whether the network is told to stop reading from peers now.
     *
     * @return true between a stop and the following resume
     */
    public boolean isReadingStopped() {
        return gauge.isStopped();
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public DiskIoConfig config() {
        return config;
    }

    /**
     * Closes the pool: every torrent's jobs that have not started fail with {@link
     * StorageException.Reason#CLOSED}, new jobs are refused, and this call waits up to {@link
     * DiskIoConfig#shutdownTimeout()} for running jobs to end. Each torrent's storage is closed
     * once it has no running job. Calling it again does nothing more.
     */
    @Override
    public void close() {
        awaitShutdown();
    }

    /**
     * {@link #close()}, telling whether every disk thread ended within the timeout.
     *
     * @return false if a job was still running at the deadline (its thread ends after it)
     */
    public boolean awaitShutdown() {
        List<Thread> toJoin;
        lock.lock();
        try {
            closed = true;
            work.signalAll();
            toJoin = List.copyOf(workers);
        } finally {
            lock.unlock();
        }
        for (TorrentDiskIo torrent : List.copyOf(torrents)) {
            torrent.abort();
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        boolean interrupted = false;
        try {
            for (Thread worker : toJoin) {
                if (worker == Thread.currentThread()) {
                    continue; // closed from a job's completion on a disk thread
                }
                long left = deadline - System.nanoTime();
                try {
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.timedJoin(worker, left);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        boolean ended = toJoin.stream().allMatch(t -> t == Thread.currentThread() || !t.isAlive());
        if (!ended) {
            LOG.warn("disk threads still running a job {} after close", config.shutdownTimeout());
        }
        return ended;
    }

    /** How many disk threads were started, replacements included. For tests. */
    int threadsStarted() {
        lock.lock();
        try {
            return threadsStarted;
        } finally {
            lock.unlock();
        }
    }

    /** The live disk threads. For tests. */
    List<Thread> threads() {
        lock.lock();
        try {
            return List.copyOf(workers);
        } finally {
            lock.unlock();
        }
    }

    WriteQueueGauge gauge() {
        return gauge;
    }

    CleanBlockCache cleanCache() {
        return cleanCache;
    }

    /** Gives a torrent a turn on a disk thread. */
    void enqueue(TorrentDiskIo torrent) {
        lock.lock();
        try {
            turns.add(torrent);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    void unregister(TorrentDiskIo torrent) {
        torrents.remove(torrent);
    }

    private void register(TorrentDiskIo torrent) {
        lock.lock();
        try {
            if (closed) {
                throw new StorageException(StorageException.Reason.CLOSED, StorageException.Operation.OPEN,
                        -1, null, null);
            }
            torrents.add(torrent);
        } finally {
            lock.unlock();
        }
    }

    // Called holding lock.
    private void startWorker() {
        Thread thread = new Thread(this::work, "torrentine-disk-" + ++threadsStarted);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} ended by an error", t.getName(), e));
        workers.add(thread);
        thread.start();
    }

    private void work() {
        boolean clean = false;
        try {
            for (TorrentDiskIo torrent; (torrent = nextTurn()) != null; ) {
                torrent.runTurn();
            }
            clean = true;
        } finally {
            lock.lock();
            try {
                workers.remove(Thread.currentThread());
                if (!clean && !closed) {
                    // An Error ended this thread; keep the pool at its size.
                    startWorker();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next turn, or null once the pool is closed and no turn is left. */
    private TorrentDiskIo nextTurn() {
        lock.lock();
        try {
            while (turns.isEmpty()) {
                if (closed) {
                    return null;
                }
                // Nothing interrupts these threads but their own code; an interrupt just wakes one.
                work.awaitUninterruptibly();
            }
            return turns.poll();
        } finally {
            lock.unlock();
        }
    }
}
