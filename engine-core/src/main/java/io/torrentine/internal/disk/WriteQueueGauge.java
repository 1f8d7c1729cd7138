package io.torrentine.internal.disk;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a session's bytes waiting to be written and turns the count into back-pressure: above
 * the high-water mark every listener is told once to stop reading, and once the count falls to
 * the low-water mark it is told once to resume (hysteresis, so that the network does not flap
 * at one threshold). Also enforces the hard bound on blocks held (queued plus failed).
 *
 * <p>Thread-safe. Its methods must not be called while holding a lock that a listener could
 * need: a listener registered with a direct executor runs inside them.
 */
final class WriteQueueGauge {
    private static final Logger LOG = LoggerFactory.getLogger(WriteQueueGauge.class);

    private final long highWater;
    private final long lowWater;
    private final long hardLimit;
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private long queued;
    private long held;
    private boolean stopped;

    WriteQueueGauge(long highWater, long lowWater, long hardLimit) {
        this.highWater = highWater;
        this.lowWater = lowWater;
        this.hardLimit = hardLimit;
    }

    /**
     * Counts a block about to be queued for writing, unless the hard bound would be passed.
     *
     * @return false if the block must be refused
     */
    boolean tryQueue(long bytes) {
        synchronized (this) {
            if (queued + held + bytes > hardLimit) {
                return false;
            }
            queued += bytes;
            checkStop();
        }
        deliver();
        return true;
    }

    /** A queued block was written, or will not be after all (cancelled, refused, closed). */
    void dequeued(long bytes) {
        synchronized (this) {
            queued -= bytes;
            checkResume();
        }
        deliver();
    }

    /** A queued block's write failed: it is held until retried or discarded. */
    void failed(long bytes) {
        synchronized (this) {
            queued -= bytes;
            held += bytes;
            checkResume();
        }
        deliver();
    }

    /** A held block is queued for writing again. */
    void retried(long bytes) {
        synchronized (this) {
            held -= bytes;
            queued += bytes;
            checkStop();
        }
        deliver();
    }

    /** A held block was discarded. */
    synchronized void released(long bytes) {
        held -= bytes;
    }

    synchronized long queuedBytes() {
        return queued;
    }

    synchronized long heldBytes() {
        return held;
    }

    synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * Adds a listener; if reading is stopped now, it is told so at once.
     *
     * @return closing it removes the listener
     */
    AutoCloseable addListener(BackPressureListener listener, Executor executor) {
        Registration registration = new Registration(listener, executor);
        synchronized (this) {
            listeners.add(registration);
            if (stopped) {
                registration.offer(true);
            }
        }
        registration.schedule();
        return () -> listeners.remove(registration);
    }

    // Transitions are handed to each listener while the lock is held, so that every listener
    // sees them in the order they happened; listeners run after it is released.
    private void checkStop() {
        if (!stopped && queued > highWater) {
            stopped = true;
            LOG.debug("{} bytes queued for writing: stop reading from peers", queued);
            for (Registration r : listeners) {
                r.offer(true);
            }
        }
    }

    private void checkResume() {
        if (stopped && queued <= lowWater) {
            stopped = false;
            LOG.debug("{} bytes queued for writing: resume reading from peers", queued);
            for (Registration r : listeners) {
                r.offer(false);
            }
        }
    }

    private void deliver() {
        for (Registration r : listeners) {
            r.schedule();
        }
    }

    /**
     * One listener and the transition it has not been told yet. A transition that cancels the
     * pending one (a resume after an undelivered stop) removes it, so at most one is pending:
     * a listener whose executor lags learns the net change only, never an unbounded backlog.
     */
    private static final class Registration implements Runnable {
        private final BackPressureListener listener;
        private final Executor executor;
        // Guarded by this.
        private Boolean pending;
        private boolean draining;

        Registration(BackPressureListener listener, Executor executor) {
            this.listener = Objects.requireNonNull(listener, "listener");
            this.executor = Objects.requireNonNull(executor, "executor");
        }

        synchronized void offer(boolean stop) {
            pending = pending != null && pending != stop ? null : stop;
        }

        void schedule() {
            synchronized (this) {
                if (draining || pending == null) {
                    return;
                }
                draining = true;
            }
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    draining = false;
                    pending = null;
                }
                LOG.warn("back-pressure listener {} not told: its executor refused the call", listener, e);
            }
        }

        @Override
        public void run() {
            while (true) {
                boolean stop;
                synchronized (this) {
                    if (pending == null) {
                        draining = false;
                        return;
                    }
                    stop = pending;
                    pending = null;
                }
                try {
                    if (stop) {
                        listener.stopReading();
                    } else {
                        listener.resumeReading();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("back-pressure listener {} failed", listener, e);
                }
            }
        }
    }
}
