package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.disk.DiskJob.Kind;
import io.torrentine.internal.disk.DiskJob.State;
import io.torrentine.spi.StorageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ordering rules of one torrent's jobs, without threads. */
class JobQueueTest {
    private final JobQueue queue = new JobQueue(100);

    private static DiskJob<Void> job(Kind kind, int piece) {
        return new DiskJob<>(kind, piece, StorageException.Operation.READ, null) {
            @Override
            Void execute() {
                return null;
            }
        };
    }

    private DiskJob<Void> submit(Kind kind, int piece) {
        DiskJob<Void> job = job(kind, piece);
        assertThat(queue.submit(job)).isEqualTo(JobQueue.Admission.ACCEPTED);
        return job;
    }

    /** Starts every ready job, in order. */
    private List<DiskJob<?>> startAll() {
        List<DiskJob<?>> started = new ArrayList<>();
        for (DiskJob<?> job; (job = queue.startNext()) != null; ) {
            started.add(job);
        }
        return started;
    }

    @Test
    void aWriteWaitsForEveryEarlierJobOfItsPieceWhileReadsAndHashesDoNot() {
        DiskJob<Void> w1 = submit(Kind.WRITE, 0);
        DiskJob<Void> w2 = submit(Kind.WRITE, 0);
        DiskJob<Void> r = submit(Kind.READ, 0);
        DiskJob<Void> h = submit(Kind.HASH, 0);
        DiskJob<Void> w3 = submit(Kind.WRITE, 0);
        DiskJob<Void> other = submit(Kind.WRITE, 1);
        assertThat(startAll()).containsExactly(w1, r, h, other);
        assertThat(w2.state).isEqualTo(State.WAITING);
        queue.finished(r);
        queue.finished(h);
        assertThat(startAll()).isEmpty();
        queue.finished(w1);
        assertThat(startAll()).containsExactly(w2);
        queue.finished(w2);
        assertThat(startAll()).containsExactly(w3);
    }

    @Test
    void aWriteAlsoWaitsForAnEarlierReadOfItsPiece() {
        DiskJob<Void> r = submit(Kind.READ, 3);
        DiskJob<Void> w = submit(Kind.WRITE, 3);
        assertThat(startAll()).containsExactly(r);
        queue.finished(r);
        assertThat(startAll()).containsExactly(w);
    }

    @Test
    void aFenceWaitsForEarlierJobsRunsAloneAndHoldsLaterOnes() {
        DiskJob<Void> w = submit(Kind.WRITE, 0);
        DiskJob<Void> fence = submit(Kind.FENCE, -1);
        DiskJob<Void> r = submit(Kind.READ, 5);
        DiskJob<Void> second = submit(Kind.FENCE, -1);
        DiskJob<Void> last = submit(Kind.READ, 6);
        assertThat(startAll()).containsExactly(w);
        assertThat(fence.state).isEqualTo(State.BLOCKED);
        queue.finished(w);
        assertThat(startAll()).containsExactly(fence);
        queue.finished(fence);
        assertThat(startAll()).containsExactly(r);
        queue.finished(r);
        assertThat(startAll()).containsExactly(second);
        queue.finished(second);
        assertThat(startAll()).containsExactly(last);
    }

    @Test
    void cancellingAJobThatHasNotStartedTakesItOut() {
        DiskJob<Void> w1 = submit(Kind.WRITE, 0);
        DiskJob<Void> w2 = submit(Kind.WRITE, 0);
        DiskJob<Void> w3 = submit(Kind.WRITE, 0);
        DiskJob<Void> fence = submit(Kind.FENCE, -1);
        DiskJob<Void> after = submit(Kind.READ, 0);
        assertThat(startAll()).containsExactly(w1);
        assertThat(queue.cancel(w1)).isFalse();
        assertThat(queue.cancel(w2)).isTrue();
        assertThat(queue.cancel(fence)).isTrue();
        // Behind the cancelled fence, the read is admitted (and, as a read, ready at once).
        assertThat(startAll()).containsExactly(after);
        queue.finished(w1);
        assertThat(startAll()).containsExactly(w3);
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void theBoundIsOnUnfinishedJobs() {
        JobQueue small = new JobQueue(2);
        DiskJob<Void> a = job(Kind.READ, 0);
        assertThat(small.submit(a)).isEqualTo(JobQueue.Admission.ACCEPTED);
        assertThat(small.submit(job(Kind.READ, 0))).isEqualTo(JobQueue.Admission.ACCEPTED);
        assertThat(small.submit(job(Kind.READ, 0))).isEqualTo(JobQueue.Admission.FULL);
        small.finished(small.startNext());
        assertThat(small.submit(job(Kind.READ, 0))).isEqualTo(JobQueue.Admission.ACCEPTED);
    }

    @Test
    void closeTakesOutEveryJobThatHasNotStartedAndRefusesLaterOnes() {
        DiskJob<Void> running = submit(Kind.WRITE, 0);
        assertThat(startAll()).containsExactly(running);
        DiskJob<Void> waiting = submit(Kind.WRITE, 0);
        DiskJob<Void> ready = submit(Kind.READ, 1);
        DiskJob<Void> fence = submit(Kind.FENCE, -1);
        DiskJob<Void> blocked = submit(Kind.READ, 2);
        assertThat(queue.close()).containsExactly(waiting, ready, fence, blocked);
        assertThat(queue.submit(job(Kind.READ, 0))).isEqualTo(JobQueue.Admission.CLOSED);
        assertThat(queue.running()).isEqualTo(1);
        queue.finished(running);
        assertThat(queue.running()).isZero();
        assertThat(queue.size()).isZero();
        assertThat(startAll()).isEmpty();
    }

    @Test
    void aTurnIsClaimedOncePerReadyBatch() {
        assertThat(queue.claimTurn()).isFalse();
        submit(Kind.READ, 0);
        submit(Kind.READ, 1);
        assertThat(queue.claimTurn()).isTrue();
        assertThat(queue.claimTurn()).isFalse();
        queue.startNext();
        assertThat(queue.claimTurn()).isTrue();
        queue.startNext();
        assertThat(queue.claimTurn()).isFalse();
    }
}
