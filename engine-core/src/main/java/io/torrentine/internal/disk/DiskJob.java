package io.torrentine.internal.disk;

import io.torrentine.spi.StorageException;
import java.util.concurrent.CompletableFuture;

/**
 * One asynchronous disk operation of a torrent, from the moment it is queued until its future
 * is completed. Subclasses say what runs on a disk thread and what to release afterwards.
 *
 * @param <T> the result type
 */
abstract class DiskJob<T> {
    /** What kind of job, for the ordering rules of {@link JobQueue}. */
    enum Kind {
        /** Reads a range of a piece; never waits for earlier writes (it sees them in memory). */
        READ,
        /** Writes one block; waits for every earlier job of its piece. */
        WRITE,
        /** Hashes a piece; never waits for earlier writes. */
        HASH,
        /** Waits for every earlier job of the torrent, runs alone, and holds back later ones. */
        FENCE
    }

    /** Where the job is. */
    enum State {
        /** Created, not yet queued. */
        NEW,
        /** Queued behind a fence. */
        BLOCKED,
        /** Admitted, waiting for earlier jobs of its piece, or a fence for earlier jobs. */
        WAITING,
        /** May run: waiting for a disk thread. */
        READY,
        /** On a disk thread. */
        RUNNING,
        /** Finished, cancelled or aborted. */
        DONE
    }

    final Kind kind;
    final int piece;
    final StorageException.Operation operation;
    final JobFuture<T> future;
    // Guarded by the JobQueue.
    long seq;
    State state = State.NEW;

    DiskJob(Kind kind, int piece, StorageException.Operation operation, TorrentDiskIo owner) {
        this.kind = kind;
        this.piece = piece;
        this.operation = operation;
        this.future = new JobFuture<>(owner, this);
    }

    /** The work, on a disk thread. */
    abstract T execute();

    /**
     * Called once after {@link #execute} returned or threw, on the disk thread, before the
     * result is delivered: release or hand over what the job holds.
     *
     * @param result the result, or null if it failed
     * @param error the failure, or null
     */
    void afterRun(T result, Throwable error) {
    }

    /** Called once instead of {@link #execute} when the job will never run; releases what it holds. */
    void abandon() {
    }

    /** Releases a result that could not be handed to the caller (its future was cancelled). */
    void discard(T result) {
    }

    @Override
    public String toString() {
        return kind + (piece >= 0 ? " of piece " + piece : "") + " #" + seq;
    }

    /**
     * The future handed to the caller: cancelling it before the job started takes the job out
     * of the queues and releases what it holds; once started, the job runs to its end.
     */
    static final class JobFuture<T> extends CompletableFuture<T> {
        private final TorrentDiskIo owner;
        private final DiskJob<T> job;

        JobFuture(TorrentDiskIo owner, DiskJob<T> job) {
            this.owner = owner;
            this.job = job;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && owner != null) {
                owner.cancelled(job);
            }
            return cancelled;
        }

        // Dependent stages are plain futures: cancelling them must not touch the job.
        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
