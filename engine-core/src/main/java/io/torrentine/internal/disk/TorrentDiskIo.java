package io.torrentine.internal.disk;

import io.netty.buffer.ByteBuf;
import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent's asynchronous disk layer: block writes through a store buffer, reads, piece
 * hashes from memory, and the fenced storage operations. Every method returns at once; the work
 * runs on the session's {@link DiskIoThreadPool} and each future is completed on the executor
 * given when the torrent was attached (its event loop), never on the calling thread.
 *
 * <p>Ordering: the writes of a piece land in the order they were queued; a read or hash sees
 * exactly the writes queued before it, whether or not they have landed (from the store buffer);
 * a fence ({@link #moveStorage}, {@link #renameFile}, {@link #deleteFiles}, {@link
 * #releaseFiles}, {@link #setFilePriorities}, {@link #close}) starts after every job queued
 * before it has finished, runs alone, and every job queued after it waits for it.
 *
 * <p>Failures: a future fails with a {@link StorageException} (its reason says why; a bug in a
 * storage becomes {@link StorageException.Reason#IO_ERROR} with the bug as its cause), with
 * {@link DiskOverloadException} if a bound was reached, or with {@link StorageException.Reason#CLOSED}
 * once the torrent or the pool is closed. A block whose write failed stays in memory, readable
 * and hashable, until {@link #retryFailedWrites} writes it or {@link #discardFailedWrites}
 * drops it. See {@code docs/disk-io.md}.
 *
 * <p>Thread-safe, though a torrent calls it from its event loop only.
 */
public final class TorrentDiskIo {
    private static final Logger LOG = LoggerFactory.getLogger(TorrentDiskIo.class);

    private final DiskIoThreadPool pool;
    private final WriteQueueGauge gauge;
    private final FileLayout layout;
    private final Executor completions;
    private final JobQueue queue;
    private final StoreBuffer store;
    /** One verifier per concurrent hash job (they are not thread-safe); at most one per thread. */
    private final Queue<PieceVerifier> verifiers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean resourcesClosed = new AtomicBoolean();
    private volatile TorrentStorage storage;

    TorrentDiskIo(DiskIoThreadPool pool, TorrentStorage storage, FileLayout layout, Executor completions) {
        this.pool = pool;
        this.gauge = pool.gauge();
        this.storage = storage;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.completions = Objects.requireNonNull(completions, "completions");
        this.queue = new JobQueue(pool.config().maxJobsPerTorrent());
        this.store = new StoreBuffer(layout, pool.cleanCache());
    }

    /**
     * The torrent's layout.
     *
     * @return the layout
     */
    public FileLayout layout() {
        return layout;
    }

    /**
     * Queues one received block for writing. The block is in the store buffer when this
     * returns, so reads and hashes queued later see it at once.
     *
     * @param piece the piece index
     * @param offset the block's offset in the piece, a multiple of {@link FileLayout#BLOCK_SIZE}
     * @param block the block's bytes (its readable bytes, exactly the block's length); this
     *     call takes ownership: the block is released exactly once, when it is no longer needed
     *     after being written, when the write is refused or cancelled before it started, or when
     *     the torrent discards it after a failed write
     * @return completes when the block is written; fails with {@link StorageException}, {@link
     *     DiskOverloadException} or CLOSED
     * @throws IllegalArgumentException if the piece, offset or length is not a block of the
     *     torrent (the block is released first)
     */
    public CompletableFuture<Void> write(int piece, int offset, ByteBuf block) {
        Objects.requireNonNull(block, "block");
        return writeRun(piece, offset, List.of(block));
    }

    /**
     * Queues a run of consecutive blocks of one piece for writing, as one job: one turn on a
     * disk thread and one completion for the run, where {@link #write} takes one of each per
     * block. The blocks are in the store buffer when this returns.
     *
     * @param piece the piece index
     * @param offset the first block's offset in the piece, a multiple of {@link FileLayout#BLOCK_SIZE}
     * @param blocks the blocks, each the next block of the piece after the one before; this call
     *     takes ownership of every one of them, as {@link #write} does
     * @return completes when every block is written; fails as {@link #write} does (the blocks
     *     before a failed one are written, it and the later ones are held as failed writes)
     * @throws IllegalArgumentException if the run is empty or a block is not the next block of
     *     the piece (every block is released first)
     */
    public CompletableFuture<Void> writeRun(int piece, int offset, List<ByteBuf> blocks) {
        int count = blocks.size();
        int[] lengths = new int[count];
        long total = 0;
        try {
            if (count == 0) {
                throw new IllegalArgumentException("an empty run");
            }
            for (int i = 0; i < count; i++) {
                lengths[i] = Objects.requireNonNull(blocks.get(i), "block").readableBytes();
                checkBlock(piece, offset + i * FileLayout.BLOCK_SIZE, lengths[i]);
                total += lengths[i];
            }
        } catch (RuntimeException e) {
            release(blocks);
            throw e;
        }
        if (!gauge.tryQueue(total)) {
            release(blocks);
            return refused(new DiskOverloadException(DiskOverloadException.Reason.STORE_BUFFER_FULL,
                    "the session holds " + (gauge.queuedBytes() + gauge.heldBytes()) + " bytes of unwritten blocks"));
        }
        WriteJob job = new WriteJob(piece, offset, lengths);
        JobQueue.Admission admission;
        synchronized (queue) {
            admission = queue.submit(job);
            if (admission == JobQueue.Admission.ACCEPTED) {
                for (int i = 0; i < count; i++) {
                    job.entries[i] = store.put(piece, offset / FileLayout.BLOCK_SIZE + i, blocks.get(i), job.seq);
                }
            }
        }
        if (admission != JobQueue.Admission.ACCEPTED) {
            gauge.dequeued(total);
            release(blocks);
            return refused(rejection(admission, Operation.WRITE));
        }
        schedule();
        return job.future;
    }

    private static void release(List<ByteBuf> blocks) {
        for (ByteBuf b : blocks) {
            if (b != null) {
                b.release();
            }
        }
    }

    /**
     * Reads a range of a piece: from the store buffer where the blocks are still in memory,
     * from the storage elsewhere.
     *
     * @param piece the piece index
     * @param offset the offset in the piece
     * @param length the number of bytes, at least 1
     * @return the bytes, in a buffer the caller owns and must release; fails with {@link
     *     StorageException} ({@link StorageException.Reason#FILE_TRUNCATED} if the storage has
     *     fewer bytes than asked for), {@link DiskOverloadException} or CLOSED
     * @throws IndexOutOfBoundsException if the range is not within the piece
     */
    public CompletableFuture<ByteBuf> read(int piece, int offset, int length) {
        Objects.checkIndex(piece, layout.pieceCount());
        if (length < 1) {
            throw new IndexOutOfBoundsException("read of " + length + " bytes");
        }
        Objects.checkFromIndexSize(offset, length, layout.pieceSize(piece));
        return submit(new ReadJob(piece, offset, length));
    }

    /**
     * Checks a piece against the torrent's hashes (BEP 3 SHA-1, BEP 52 merkle): from the blocks
     * in memory, reading from the storage only those that were written and evicted since.
     *
     * @param piece the piece index
     * @return {@link PieceVerifier.Result#PASSED}, {@link PieceVerifier.Result#FAILED} (also
     *     when the storage lacks bytes of the piece) or {@link PieceVerifier.Result#UNKNOWN} (a
     *     v2 piece whose piece layer is not known yet)
     */
    public CompletableFuture<PieceVerifier.Result> hash(int piece) {
        Objects.checkIndex(piece, layout.pieceCount());
        return submit(new HashJob(piece));
    }

    /**
     * Moves every file to a new save path (fenced).
     *
     * @param newSavePath the new save path
     * @return completes when moved; fails with {@link StorageException.Reason#MOVE_FAILED}
     */
    public CompletableFuture<Void> moveStorage(Path newSavePath) {
        Objects.requireNonNull(newSavePath, "newSavePath");
        return fence(Operation.MOVE, () -> {
            storage().moveStorage(newSavePath);
            return null;
        });
    }

    /**
     * Renames one file (fenced).
     *
     * @param fileIndex the file
     * @param newRelativePath the new path relative to the save path
     * @return completes when renamed
     */
    public CompletableFuture<Void> renameFile(int fileIndex, String newRelativePath) {
        Objects.checkIndex(fileIndex, layout.fileCount());
        Objects.requireNonNull(newRelativePath, "newRelativePath");
        return fence(Operation.RENAME, () -> {
            storage().renameFile(fileIndex, newRelativePath);
            return null;
        });
    }

    /**
     * Deletes the torrent's files (fenced), and drops the blocks held after failed writes
     * queued before this call.
     *
     * @return completes when deleted
     */
    public CompletableFuture<Void> deleteFiles() {
        FenceJob<Void> job = new FenceJob<>(Operation.DELETE, () -> {
            storage().deleteFiles();
            return null;
        });
        job.onSuccess = () -> releaseEntries(store.removeFailed(-1, job.seq));
        return submit(job);
    }

    /**
     * Prepares the storage for a download (fenced): creates zero-length files and safe BEP 47
     * symlinks ({@link TorrentStorage#initialize()}). Called once when a torrent starts
     * downloading or seeding, never for a check.
     *
     * @return completes when prepared
     */
    public CompletableFuture<Void> initialize() {
        return fence(Operation.OPEN, () -> {
            storage().initialize();
            return null;
        });
    }

    /**
     * Closes the storage's open file handles (fenced); later jobs reopen them.
     *
     * @return completes when released
     */
    public CompletableFuture<Void> releaseFiles() {
        return fence(Operation.OPEN, () -> {
            storage().releaseFiles();
            return null;
        });
    }

    /**
     * Applies new file priorities (fenced).
     *
     * @param priorities one priority, 0 to 7, per file
     * @return completes when applied
     * @throws IllegalArgumentException if there is not one priority per file, each 0 to 7
     */
    public CompletableFuture<Void> setFilePriorities(List<Integer> priorities) {
        List<Integer> copy = List.copyOf(priorities);
        if (copy.size() != layout.fileCount()) {
            throw new IllegalArgumentException(copy.size() + " priorities for " + layout.fileCount() + " files");
        }
        for (int p : copy) {
            if (p < StorageParams.DONT_DOWNLOAD || p > StorageParams.TOP_PRIORITY) {
                throw new IllegalArgumentException("a file priority is 0 to 7, not " + p);
            }
        }
        return fence(Operation.WRITE, () -> {
            storage().setFilePriorities(copy);
            return null;
        });
    }

    /**
     * Closes the torrent's disk layer (fenced): after every job queued before it has finished,
     * the storage is closed and the blocks still held (failed writes) are released; jobs queued
     * after it fail with CLOSED.
     *
     * @return completes when closed
     */
    public CompletableFuture<Void> close() {
        return fence(Operation.WRITE, () -> {
            abortQueued();
            closeResources();
            return null;
        });
    }

    /**
     * Queues again the writes of the blocks held after failed writes (say, once the user freed
     * disk space and resumed the torrent). Each is written after the jobs of its piece queued
     * before this call.
     *
     * @return completes when all are written; fails with the first failure (the failed ones
     *     are held again)
     */
    public CompletableFuture<Void> retryFailedWrites() {
        List<StoreBuffer.Entry> candidates = store.failedToRetry();
        long bytes = 0;
        for (StoreBuffer.Entry e : candidates) {
            bytes += e.length;
        }
        gauge.retried(bytes);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        long unused = 0;
        boolean queued = false;
        synchronized (queue) {
            for (StoreBuffer.Entry e : candidates) {
                WriteJob job = new WriteJob(e.piece, e.block * FileLayout.BLOCK_SIZE, new int[] {e.length});
                if (!store.requeue(e)) {
                    unused += e.length;
                    continue;
                }
                JobQueue.Admission admission = queue.submit(job);
                if (admission != JobQueue.Admission.ACCEPTED) {
                    store.failed(e);
                    unused += e.length;
                    futures.add(refused(rejection(admission, Operation.WRITE)));
                    continue;
                }
                job.entries[0] = e;
                futures.add(job.future);
                queued = true;
            }
        }
        if (unused > 0) {
            gauge.failed(unused);
        }
        if (queued) {
            schedule();
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /**
     * Drops the blocks of one piece held after failed writes (the torrent will download them
     * again).
     *
     * @param piece the piece index
     * @return how many blocks were dropped
     */
    public int discardFailedWrites(int piece) {
        Objects.checkIndex(piece, layout.pieceCount());
        return releaseEntries(store.removeFailed(piece, Long.MAX_VALUE));
    }

    /**
     * Drops every block held after a failed write.
     *
     * @return how many blocks were dropped
     */
    public int discardFailedWrites() {
        return releaseEntries(store.removeFailed(-1, Long.MAX_VALUE));
    }

    /**
     * The blocks held after failed writes.
     *
     * @return their addresses, in piece and offset order
     */
    public List<BlockAddress> failedWrites() {
        return store.failedAddresses();
    }

    /** Blocks in the store buffer, in every state. For tests. */
    int storeBufferEntries() {
        return store.size();
    }

    /** The state of a block in the store buffer, or null. For tests. */
    StoreBuffer.State blockState(int piece, int offset) {
        return store.stateOf(piece, offset / FileLayout.BLOCK_SIZE);
    }

    /** Unfinished jobs. For tests. */
    int queuedJobs() {
        return queue.size();
    }

    CompletableFuture<TorrentDiskIo> openStorage(StorageFactory factory, StorageParams params) {
        FenceJob<TorrentDiskIo> job = new FenceJob<>(Operation.OPEN, () -> {
            TorrentStorage opened = factory.open(params);
            if (opened == null) {
                throw new StorageException(StorageException.Reason.IO_ERROR, Operation.OPEN, -1,
                        params.savePath(), new NullPointerException(factory + " opened no storage"));
            }
            storage = opened;
            return this;
        });
        job.onFailure = this::abortQueued;
        return submit(job);
    }

    /** The pool is closing: fail what has not started; close the storage once idle. */
    void abort() {
        abortQueued();
        closeResourcesIfIdle();
    }

    /** One turn on a disk thread: run the next ready job. */
    void runTurn() {
        DiskJob<?> job;
        boolean again;
        synchronized (queue) {
            job = queue.startNext();
            again = queue.claimTurn();
        }
        if (again) {
            pool.enqueue(this);
        }
        if (job != null) {
            run(job);
        }
    }

    /** A job's future was cancelled. */
    void cancelled(DiskJob<?> job) {
        boolean removed;
        boolean again = false;
        synchronized (queue) {
            removed = queue.cancel(job);
            if (removed) {
                again = queue.claimTurn();
            }
        }
        if (removed) {
            job.abandon();
            if (again) {
                pool.enqueue(this);
            }
            closeResourcesIfIdle();
        }
    }

    private <T> void run(DiskJob<T> job) {
        T result = null;
        Throwable error = null;
        try {
            result = job.execute();
        } catch (StorageException e) {
            error = e;
        } catch (RuntimeException e) {
            LOG.warn("{} failed with an unexpected exception", job, e);
            error = new StorageException(StorageException.Reason.IO_ERROR, job.operation, -1, null, e);
        } catch (Error e) {
            // Fail the future so nobody waits forever, then let the error end this thread.
            error = e;
            throw e;
        } finally {
            try {
                job.afterRun(result, error);
            } finally {
                boolean again;
                synchronized (queue) {
                    queue.finished(job);
                    again = queue.claimTurn();
                }
                if (again) {
                    pool.enqueue(this);
                }
                closeResourcesIfIdle();
                deliver(job, result, error);
            }
        }
    }

    private <T> CompletableFuture<T> submit(DiskJob<T> job) {
        JobQueue.Admission admission = queue.submit(job);
        if (admission != JobQueue.Admission.ACCEPTED) {
            return refused(rejection(admission, job.operation));
        }
        schedule();
        return job.future;
    }

    private <T> CompletableFuture<T> fence(Operation operation, Supplier<T> body) {
        return submit(new FenceJob<>(operation, body));
    }

    private void schedule() {
        if (queue.claimTurn()) {
            pool.enqueue(this);
        }
    }

    private <T> void deliver(DiskJob<T> job, T result, Throwable error) {
        Runnable completion = () -> {
            if (error != null) {
                job.future.completeExceptionally(error);
            } else if (!job.future.complete(result)) {
                job.discard(result);
            }
        };
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            // The torrent's executor is gone: hand nothing over, but let no one wait forever.
            LOG.debug("{}: completion executor refused the result", job, e);
            if (result != null) {
                job.discard(result);
            }
            job.future.completeExceptionally(error != null ? error : closed(job.operation));
        }
    }

    private <T> CompletableFuture<T> refused(Throwable reason) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            completions.execute(() -> future.completeExceptionally(reason));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(reason);
        }
        return future;
    }

    private RuntimeException rejection(JobQueue.Admission admission, Operation operation) {
        if (admission == JobQueue.Admission.CLOSED) {
            return closed(operation);
        }
        return new DiskOverloadException(DiskOverloadException.Reason.JOB_QUEUE_FULL,
                "the torrent has " + pool.config().maxJobsPerTorrent() + " unfinished disk jobs");
    }

    private static StorageException closed(Operation operation) {
        return new StorageException(StorageException.Reason.CLOSED, operation, -1, null, null);
    }

    private TorrentStorage storage() {
        TorrentStorage s = storage;
        if (s == null) {
            throw closed(Operation.OPEN);
        }
        return s;
    }

    /** Fails every job that has not started with CLOSED, and refuses later ones. */
    private void abortQueued() {
        List<DiskJob<?>> aborted;
        synchronized (queue) {
            aborted = queue.close();
        }
        for (DiskJob<?> job : aborted) {
            abortOne(job);
        }
    }

    private <T> void abortOne(DiskJob<T> job) {
        job.abandon();
        deliver(job, null, closed(job.operation));
    }

    private void closeResourcesIfIdle() {
        boolean idle;
        synchronized (queue) {
            idle = queue.isClosed() && queue.running() == 0;
        }
        if (idle) {
            closeResources();
        }
    }

    /** Closes the storage and releases the store buffer, once. */
    private void closeResources() {
        if (!resourcesClosed.compareAndSet(false, true)) {
            return;
        }
        TorrentStorage s = storage;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the storage failed", e);
            }
        }
        releaseEntries(store.clear());
        pool.unregister(this);
    }

    /** Releases detached entries and settles their accounting. */
    private int releaseEntries(List<StoreBuffer.Entry> entries) {
        for (StoreBuffer.Entry e : entries) {
            if (e.state == StoreBuffer.State.FAILED) {
                gauge.released(e.length);
            } else if (e.state == StoreBuffer.State.DIRTY) {
                gauge.dequeued(e.length);
            }
            e.data.release();
        }
        return entries.size();
    }

    private void evictCleanBlocks() {
        for (StoreBuffer.Entry victim : pool.cleanCache().takeVictims()) {
            if (victim.owner.evict(victim)) {
                victim.data.release();
            }
        }
    }

    private int checkBlock(int piece, int offset, int length) {
        Objects.checkIndex(piece, layout.pieceCount());
        if (offset < 0 || offset % FileLayout.BLOCK_SIZE != 0 || offset >= layout.pieceSize(piece)) {
            throw new IllegalArgumentException("offset " + offset + " is not a block of piece " + piece);
        }
        int block = offset / FileLayout.BLOCK_SIZE;
        if (length != layout.blockSize(piece, block)) {
            throw new IllegalArgumentException("block " + block + " of piece " + piece + " has "
                    + layout.blockSize(piece, block) + " bytes, got " + length);
        }
        return block;
    }

    /** Writes a run of consecutive blocks of a piece from their store buffer entries. */
    private final class WriteJob extends DiskJob<Void> {
        private final int offset;
        private final int[] lengths;
        /** Set under the queue's lock before the job can run. */
        final StoreBuffer.Entry[] entries;
        /** How many of the entries were written, for {@link #afterRun} after a failure. */
        private int written;

        WriteJob(int piece, int offset, int[] lengths) {
            super(Kind.WRITE, piece, Operation.WRITE, TorrentDiskIo.this);
            this.offset = offset;
            this.lengths = lengths;
            this.entries = new StoreBuffer.Entry[lengths.length];
        }

        @Override
        Void execute() {
            TorrentStorage s = storage();
            int at = offset;
            for (int i = 0; i < entries.length; i++) {
                ByteBuf data = entries[i].data;
                // One NIO view per component: no copy of a composite buffer.
                for (ByteBuffer part : data.nioBuffers(data.readerIndex(), lengths[i])) {
                    int n = part.remaining();
                    s.write(piece, at, part);
                    if (part.hasRemaining()) {
                        throw new StorageException(StorageException.Reason.IO_ERROR, Operation.WRITE, -1, null,
                                new IllegalStateException(s + " wrote " + (n - part.remaining()) + " of " + n + " bytes"));
                    }
                    at += n;
                }
                written = i + 1;
            }
            return null;
        }

        @Override
        void afterRun(Void result, Throwable error) {
            long dequeued = 0;
            long failed = 0;
            for (int i = 0; i < entries.length; i++) {
                if (i < written) {
                    releaseEntries(store.written(entries[i]));
                    dequeued += lengths[i];
                } else if (store.failed(entries[i])) {
                    failed += lengths[i];
                } else {
                    dequeued += lengths[i]; // closed under it: nothing to hold
                }
            }
            if (dequeued > 0) {
                gauge.dequeued(dequeued);
            }
            if (failed > 0) {
                gauge.failed(failed);
            }
            if (written > 0) {
                evictCleanBlocks();
            }
        }

        @Override
        void abandon() {
            long total = 0;
            for (int i = 0; i < entries.length; i++) {
                if (entries[i] != null && store.remove(entries[i])) {
                    entries[i].data.release();
                }
                total += lengths[i];
            }
            gauge.dequeued(total);
        }
    }

    /** Reads a range of a piece into a new buffer. */
    private final class ReadJob extends DiskJob<ByteBuf> {
        private final int offset;
        private final int length;

        ReadJob(int piece, int offset, int length) {
            super(Kind.READ, piece, Operation.READ, TorrentDiskIo.this);
            this.offset = offset;
            this.length = length;
        }

        @Override
        ByteBuf execute() {
            ByteBuf out = pool.config().allocator().ioBuffer(length, length);
            boolean done = false;
            try {
                int end = offset + length;
                int gap = -1;
                for (int pos = offset; pos < end; ) {
                    int block = pos / FileLayout.BLOCK_SIZE;
                    int blockStart = block * FileLayout.BLOCK_SIZE;
                    int runEnd = Math.min(end, blockStart + FileLayout.BLOCK_SIZE);
                    ByteBuf held = store.retainVisible(piece, block, seq);
                    if (held == null) {
                        gap = gap < 0 ? pos : gap;
                    } else {
                        try {
                            if (gap >= 0) {
                                readStorage(out, gap, pos - gap);
                                gap = -1;
                            }
                            out.writeBytes(held, held.readerIndex() + pos - blockStart, runEnd - pos);
                        } finally {
                            held.release();
                        }
                    }
                    pos = runEnd;
                }
                if (gap >= 0) {
                    readStorage(out, gap, end - gap);
                }
                done = true;
                return out;
            } finally {
                if (!done) {
                    out.release();
                }
            }
        }

        private void readStorage(ByteBuf out, int from, int count) {
            ByteBuffer destination = out.nioBuffer(out.writerIndex(), count);
            int n = storage().read(piece, from, destination);
            if (n < count) {
                throw new StorageException(StorageException.Reason.FILE_TRUNCATED, Operation.READ, -1, null, null);
            }
            out.writerIndex(out.writerIndex() + count);
        }

        @Override
        void discard(ByteBuf result) {
            result.release();
        }
    }

    /** Hashes a piece from its blocks in memory, reading only those no longer there. */
    private final class HashJob extends DiskJob<PieceVerifier.Result> {
        HashJob(int piece) {
            super(Kind.HASH, piece, Operation.READ, TorrentDiskIo.this);
        }

        @Override
        PieceVerifier.Result execute() {
            int blocks = layout.blockCount(piece);
            ByteBuf[] held = new ByteBuf[blocks];
            try {
                for (int b = 0; b < blocks; b++) {
                    held[b] = store.retainVisible(piece, b, seq);
                }
                List<ByteBuffer> parts = new ArrayList<>(blocks);
                for (int b = 0; b < blocks; ) {
                    if (held[b] != null) {
                        // One NIO view per component: a block composed of slices is not copied.
                        Collections.addAll(parts, held[b].nioBuffers(held[b].readerIndex(), layout.blockSize(piece, b)));
                        b++;
                        continue;
                    }
                    int first = b;
                    while (b < blocks && held[b] == null) {
                        b++;
                    }
                    int from = first * FileLayout.BLOCK_SIZE;
                    int count = (b == blocks ? layout.pieceSize(piece) : b * FileLayout.BLOCK_SIZE) - from;
                    ByteBuffer run = ByteBuffer.allocate(count);
                    if (storage().read(piece, from, run) < count) {
                        return PieceVerifier.Result.FAILED; // the bytes are not there
                    }
                    parts.add(run.flip());
                }
                PieceVerifier verifier = verifiers.poll();
                if (verifier == null) {
                    verifier = new PieceVerifier(layout);
                }
                try {
                    return verifier.verify(piece, parts);
                } finally {
                    verifiers.offer(verifier);
                }
            } finally {
                for (ByteBuf b : held) {
                    if (b != null) {
                        b.release();
                    }
                }
            }
        }

        @Override
        void afterRun(PieceVerifier.Result result, Throwable error) {
            // Whatever the outcome, the piece's written blocks are not needed again: a passed
            // piece is on disk, a failed one will be downloaded again.
            releaseEntries(store.hashed(piece, seq));
        }
    }

    /** A fenced storage operation. */
    private final class FenceJob<T> extends DiskJob<T> {
        private final Supplier<T> body;
        Runnable onSuccess;
        Runnable onFailure;

        FenceJob(Operation operation, Supplier<T> body) {
            super(Kind.FENCE, -1, operation, TorrentDiskIo.this);
            this.body = body;
        }

        @Override
        T execute() {
            return body.get();
        }

        @Override
        void afterRun(T result, Throwable error) {
            Runnable then = error == null ? onSuccess : onFailure;
            if (then != null) {
                then.run();
            }
        }
    }
}
