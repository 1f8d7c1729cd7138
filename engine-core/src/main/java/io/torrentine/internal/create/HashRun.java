package io.torrentine.internal.create;

import io.torrentine.internal.hash.Merkle;

import io.torrentine.metainfo.HashProgressListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the hashing threads of one creation share: the batches still to take, the result
 * arrays (each piece written by exactly one thread), the first failure, and progress.
 */
final class HashRun {
    /** Pieces are handed out in runs of about this many bytes, so reads stay large. */
    static final int BATCH_BYTES = 4 * 1024 * 1024;

    final PieceLayout layout;
    final int piecesPerBatch;
    final int batchCount;
    final byte[] v1;
    final byte[] v2;

    private final AtomicInteger nextBatch = new AtomicInteger();
    private final AtomicInteger finishedBatches = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicBoolean cancelled;
    private volatile boolean aborted;

    private final HashProgressListener listener;
    private final Object progressLock = new Object();
    private long hashedBytes;

    HashRun(PieceLayout layout, boolean withV1, boolean withV2, HashProgressListener listener,
            AtomicBoolean cancelled) {
        this.layout = layout;
        this.piecesPerBatch = Math.max(1, BATCH_BYTES / layout.pieceLength());
        this.batchCount = (layout.pieceCount() + piecesPerBatch - 1) / piecesPerBatch;
        this.v1 = withV1 ? new byte[layout.pieceCount() * 20] : null;
        this.v2 = withV2 ? new byte[layout.pieceCount() * Merkle.HASH_LENGTH] : null;
        this.listener = listener;
        this.cancelled = cancelled;
    }

    /** The next batch to hash, or -1 when there is none left or the run was stopped. */
    int takeBatch() {
        if (isStopped()) {
            return -1;
        }
        int batch = nextBatch.getAndIncrement();
        return batch < batchCount ? batch : -1;
    }

    /** Whether a batch may still be taken (a late helper then need not allocate buffers). */
    boolean hasBatchesLeft() {
        return !isStopped() && nextBatch.get() < batchCount;
    }

    void batchFinished() {
        finishedBatches.incrementAndGet();
    }

    boolean allBatchesFinished() {
        return finishedBatches.get() == batchCount;
    }

    boolean isStopped() {
        return aborted || cancelled.get();
    }

    /** Records the first failure and stops every thread at its next window. */
    void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
        aborted = true;
    }

    void stop() {
        aborted = true;
    }

    RuntimeException failure() {
        return failure.get();
    }

    boolean wasCancelled() {
        return cancelled.get();
    }

    void progress(long bytes) {
        if (listener == null || bytes == 0) {
            return;
        }
        // One call at a time, totals in order: what the listener's contract promises.
        synchronized (progressLock) {
            hashedBytes += bytes;
            listener.onProgress(hashedBytes, layout.totalBytes());
        }
    }
}
