package io.torrentine.internal.create;

import io.torrentine.metainfo.HashProgressListener;
import io.torrentine.metainfo.TorrentCreationException;
import io.torrentine.metainfo.TorrentCreationException.Reason;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hashes every piece of a layout on several threads. The calling thread hashes too, and the
 * helpers take work from a shared counter, so the run finishes even when an executor runs the
 * helpers late or one at a time, or rejects them.
 */
public final class ParallelHasher {
    private ParallelHasher() {
    }

    /**
     * Hashes the pieces; blocks until done.
     *
     * @param layout the files in piece space
     * @param withV1 whether to compute SHA-1 piece hashes (v1, hybrid)
     * @param withV2 whether to compute SHA-256 piece roots (v2, hybrid)
     * @param threads how many threads hash, the caller included (at least 1)
     * @param executor where helpers run, or null to start daemon threads
     * @param listener told of progress, or null
     * @param cancelled set by another thread to stop early
     * @return the hashes
     * @throws TorrentCreationException if reading fails, a file changes, or the calling thread
     *     is interrupted
     * @throws CancellationException if {@code cancelled} was set
     */
    public static PieceHashes hash(PieceLayout layout, boolean withV1, boolean withV2,
                                   int threads, Executor executor, HashProgressListener listener,
                                   AtomicBoolean cancelled) {
        HashRun run = new HashRun(layout, withV1, withV2, listener, cancelled);
        int helpers = Math.max(0, Math.min(threads, run.batchCount) - 1);
        CountDownLatch helpersDone = new CountDownLatch(helpers);
        for (int i = 0; i < helpers; i++) {
            Runnable helper = () -> {
                try {
                    work(run);
                } finally {
                    helpersDone.countDown();
                }
            };
            if (executor == null) {
                Thread thread = new Thread(helper, "torrentine-hash-" + (i + 1));
                thread.setDaemon(true);
                thread.start();
            } else {
                try {
                    executor.execute(helper);
                } catch (RejectedExecutionException e) {
                    // The calling thread takes the work this helper would have done.
                    helpersDone.countDown();
                }
            }
        }
        work(run);
        awaitHelpers(run, helpersDone);
        if (run.failure() != null) {
            throw run.failure();
        }
        if (run.wasCancelled()) {
            throw new CancellationException("torrent creation cancelled");
        }
        if (!run.allBatchesFinished()) {
            throw new IllegalStateException("a hashing thread ended without finishing its pieces");
        }
        return new PieceHashes(run.v1, run.v2);
    }

    private static void work(HashRun run) {
        if (!run.hasBatchesLeft()) {
            return;
        }
        try (HashWorker worker = new HashWorker(run)) {
            worker.hashBatches();
        } catch (RuntimeException e) {
            run.fail(e);
        }
    }

    private static void awaitHelpers(HashRun run, CountDownLatch helpersDone) {
        boolean interrupted = false;
        while (true) {
            try {
                helpersDone.await();
                break;
            } catch (InterruptedException e) {
                // Stop the helpers, but wait for them: no thread may still read once we return.
                interrupted = true;
                run.fail(new TorrentCreationException(Reason.INTERRUPTED,
                        "interrupted while hashing", e));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
