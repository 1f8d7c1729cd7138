package io.torrentine.internal.disk;

import io.torrentine.internal.disk.DiskJob.Kind;
import io.torrentine.internal.disk.DiskJob.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The order in which one torrent's disk jobs may run. It does no I/O; it only decides which
 * jobs are ready for a disk thread.
 *
 * <ul>
 *   <li>A write starts only when every earlier job of its piece has finished, so the writes of
 *       a piece land in order and never overtake a read or hash of that piece.
 *   <li>A read or a hash starts at once: the earlier writes of its piece are in the {@link
 *       StoreBuffer}, and it sees exactly those (by sequence number).
 *   <li>A fence waits until every earlier job has finished, runs alone, and every later job
 *       waits for it (libtorrent's {@code disk_job_fence}).
 *   <li>At most {@code maxJobs} jobs are unfinished; a job past that is refused.
 * </ul>
 *
 * <p>Thread-safe (every method locks this queue). The owner also locks it around compound steps.
 */
final class JobQueue {
    /** What became of a submitted job. */
    enum Admission {
        /** Queued. */
        ACCEPTED,
        /** Refused: the bound on unfinished jobs is reached. */
        FULL,
        /** Refused: the torrent is closed. */
        CLOSED
    }

    private final int maxJobs;
    private final ArrayDeque<DiskJob<?>> blocked = new ArrayDeque<>();
    private final Map<Integer, ArrayDeque<DiskJob<?>>> pieces = new HashMap<>();
    private final ArrayDeque<DiskJob<?>> ready = new ArrayDeque<>();
    private long nextSeq;
    /** Jobs not DONE. */
    private int jobs;
    /** Admitted piece jobs (not fences, not blocked) not DONE. */
    private int outstanding;
    private int running;
    /** A fence is READY or RUNNING. */
    private boolean fenceAdmitted;
    private boolean closed;
    /** The torrent has a turn waiting in the pool's queue. */
    private boolean scheduled;

    JobQueue(int maxJobs) {
        this.maxJobs = maxJobs;
    }

    /** Queues a job, giving it the next sequence number. */
    synchronized Admission submit(DiskJob<?> job) {
        if (closed) {
            return Admission.CLOSED;
        }
        if (jobs >= maxJobs) {
            return Admission.FULL;
        }
        job.seq = nextSeq++;
        jobs++;
        if (fenceAdmitted || !blocked.isEmpty()) {
            block(job);
        } else if (job.kind == Kind.FENCE) {
            if (outstanding == 0) {
                fenceAdmitted = true;
                makeReady(job);
            } else {
                block(job);
            }
        } else {
            admit(job);
        }
        return Admission.ACCEPTED;
    }

    /** Takes the next ready job for a disk thread, and gives up the torrent's turn. */
    synchronized DiskJob<?> startNext() {
        scheduled = false;
        DiskJob<?> job = ready.poll();
        if (job != null) {
            job.state = State.RUNNING;
            running++;
        }
        return job;
    }

    /** Whether the torrent needs a turn in the pool's queue (and now has one). */
    synchronized boolean claimTurn() {
        if (scheduled || ready.isEmpty()) {
            return false;
        }
        scheduled = true;
        return true;
    }

    /** A job that ran has finished. */
    synchronized void finished(DiskJob<?> job) {
        running--;
        done(job);
        if (job.kind == Kind.FENCE) {
            fenceAdmitted = false;
            drain();
        } else {
            leavePiece(job);
        }
    }

    /**
     * Takes a job that has not started out of the queue.
     *
     * @return false if it already started or ended
     */
    synchronized boolean cancel(DiskJob<?> job) {
        switch (job.state) {
            case BLOCKED:
                blocked.remove(job);
                done(job);
                drain();
                return true;
            case WAITING:
                done(job);
                leavePiece(job);
                return true;
            case READY:
                ready.remove(job);
                done(job);
                if (job.kind == Kind.FENCE) {
                    fenceAdmitted = false;
                    drain();
                } else {
                    leavePiece(job);
                }
                return true;
            default:
                return false;
        }
    }

    /**
     * Refuses every later job and takes out every job that has not started.
     *
     * @return the jobs taken out, in sequence order; their owner fails them
     */
    synchronized List<DiskJob<?>> close() {
        closed = true;
        List<DiskJob<?>> removed = new ArrayList<>(ready);
        ready.clear();
        for (Iterator<ArrayDeque<DiskJob<?>>> it = pieces.values().iterator(); it.hasNext(); ) {
            ArrayDeque<DiskJob<?>> list = it.next();
            for (Iterator<DiskJob<?>> j = list.iterator(); j.hasNext(); ) {
                DiskJob<?> job = j.next();
                if (job.state == State.WAITING) {
                    removed.add(job);
                    j.remove();
                }
            }
            if (list.isEmpty()) {
                it.remove();
            }
        }
        removed.addAll(blocked);
        blocked.clear();
        for (DiskJob<?> job : removed) {
            if (job.kind == Kind.FENCE) {
                if (job.state == State.READY) {
                    fenceAdmitted = false;
                }
            } else if (job.state != State.BLOCKED) {
                outstanding--;
            }
            done(job);
        }
        removed.sort((a, b) -> Long.compare(a.seq, b.seq));
        return removed;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized int running() {
        return running;
    }

    /** Jobs not finished, in every state. */
    synchronized int size() {
        return jobs;
    }

    private void block(DiskJob<?> job) {
        job.state = State.BLOCKED;
        blocked.add(job);
    }

    private void admit(DiskJob<?> job) {
        outstanding++;
        ArrayDeque<DiskJob<?>> list = pieces.computeIfAbsent(job.piece, p -> new ArrayDeque<>(2));
        list.add(job);
        if (job.kind != Kind.WRITE || list.size() == 1) {
            makeReady(job);
        } else {
            job.state = State.WAITING;
        }
    }

    private void makeReady(DiskJob<?> job) {
        job.state = State.READY;
        ready.add(job);
    }

    private void done(DiskJob<?> job) {
        job.state = State.DONE;
        jobs--;
    }

    /** A piece job ended: the piece's next write may start, and a fence if it was the last. */
    private void leavePiece(DiskJob<?> job) {
        outstanding--;
        ArrayDeque<DiskJob<?>> list = pieces.get(job.piece);
        if (list != null) {
            list.remove(job);
            if (list.isEmpty()) {
                pieces.remove(job.piece);
            } else if (list.peekFirst().state == State.WAITING) {
                makeReady(list.peekFirst());
            }
        }
        if (outstanding == 0) {
            drain();
        }
    }

    /** Admits the jobs held behind a fence that has finished, up to the next fence. */
    private void drain() {
        while (!fenceAdmitted && !blocked.isEmpty()) {
            DiskJob<?> next = blocked.peekFirst();
            if (next.kind == Kind.FENCE) {
                if (outstanding > 0) {
                    return;
                }
                blocked.pollFirst();
                fenceAdmitted = true;
                makeReady(next);
            } else {
                blocked.pollFirst();
                admit(next);
            }
        }
    }
}
