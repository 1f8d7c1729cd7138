package io.torrentine.internal.disk;

import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.spi.CheckProgressListener;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks the data a storage already holds: every piece is read through the {@link TorrentStorage}
 * SPI and hashed with a {@link PieceVerifier} (v1 SHA-1, v2 merkle, both for hybrids), on
 * several threads. Each thread takes the next unchecked piece, so the threads stay busy however
 * unevenly pieces cost; each has its own verifier and one reused piece-sized buffer.
 *
 * <p>A piece whose data is missing or short (the storage returns a short count, or reports
 * {@link Reason#FILE_NOT_FOUND} or {@link Reason#FILE_TRUNCATED}) is absent, not an error; any
 * other storage failure fails the check. A v2 piece that cannot be checked yet (its piece layer
 * is missing) counts as absent.
 *
 * <p>One instance runs one check: call {@link #start()} once.
 */
public final class TorrentChecker {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    /**
     * What a check found.
     *
     * @param have the pieces present and matching their hashes
     * @param pieceCount the torrent's piece count
     * @param bytesChecked the sizes of the pieces checked, added up
     * @param elapsed how long the check took
     */
    public record Result(BitSet have, int pieceCount, long bytesChecked, Duration elapsed) {
        /**
         * Copies the bit set.
         *
         * @param have the pieces present
         * @param pieceCount the piece count
         * @param bytesChecked the bytes checked
         * @param elapsed the time taken
         */
        public Result {
            have = (BitSet) have.clone();
        }

        /**
         * The pieces present.
         *
         * @return a copy of the bit set
         */
        @Override
        public BitSet have() {
            return (BitSet) have.clone();
        }

        /**
         * The pieces present as a BEP 3 bitfield.
         *
         * @return {@code ceil(pieceCount / 8)} bytes, piece 0 the high bit of byte 0
         */
        public byte[] bitfield() {
            return Bitfields.toBytes(have, pieceCount);
        }
    }

    private final FileLayout layout;
    private final TorrentStorage storage;
    private final int threads;
    private final Executor executor;
    private final CheckProgressListener listener;
    private final CompletableFuture<Result> future = new CompletableFuture<>();
    private final AtomicInteger nextPiece = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger piecesChecked = new AtomicInteger();
    private final AtomicLong bytesChecked = new AtomicLong();
    private final BitSet have = new BitSet();
    /**
     * Files the storage reported missing: a piece that touches one is absent without a read.
     * Without it a check of an empty save path opened (and failed to open) a file per piece,
     * about half a second for 8,192 pieces before the first byte of a download.
     */
    private final Set<Integer> missingFiles = ConcurrentHashMap.newKeySet();
    private final Object progressLock = new Object();
    private long startNanos;

    /**
     * A check.
     *
     * @param layout the torrent's layout
     * @param storage where the data is
     * @param threads how many pieces to check at once, at least 1
     * @param executor where the checking tasks run, or null for threads of the check's own
     * @param listener who hears of progress, or null
     */
    public TorrentChecker(FileLayout layout, TorrentStorage storage, int threads, Executor executor,
                          CheckProgressListener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.layout = Objects.requireNonNull(layout, "layout");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.threads = Math.min(threads, Math.max(1, layout.pieceCount()));
        this.executor = executor;
        this.listener = listener;
    }

    /**
     * Starts checking and returns at once.
     *
     * @return the result; cancel it to stop the check (pieces being hashed finish first). It
     *     fails with the {@link StorageException} of a read that failed other than for missing
     *     data, or with a {@link RejectedExecutionException} if the executor refused the tasks.
     */
    public CompletableFuture<Result> start() {
        startNanos = System.nanoTime();
        if (layout.pieceCount() == 0) {
            finish();
            return future;
        }
        ExecutorService own = executor == null ? Executors.newFixedThreadPool(threads, checkThreads()) : null;
        Executor target = own != null ? own : executor;
        running.set(threads);
        try {
            for (int i = 0; i < threads; i++) {
                target.execute(this::work);
            }
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        } finally {
            if (own != null) {
                own.shutdown(); // its threads end once the tasks already given are done
            }
        }
        return future;
    }

    private void work() {
        boolean normalEnd = false;
        try {
            PieceVerifier verifier = new PieceVerifier(layout);
            ByteBuffer buffer = ByteBuffer.allocate(layout.pieceSize(0)); // the largest piece
            BitSet mine = new BitSet();
            int piece;
            while (!future.isDone() && (piece = nextPiece.getAndIncrement()) < layout.pieceCount()) {
                if (check(piece, verifier, buffer)) {
                    mine.set(piece);
                }
                progress(layout.pieceSize(piece));
            }
            synchronized (have) {
                have.or(mine);
            }
            normalEnd = true;
        } catch (RuntimeException e) {
            // A storage failure other than missing data: the check's answer would be wrong.
            future.completeExceptionally(e);
            normalEnd = true;
        } finally {
            if (!normalEnd) {
                // An Error is on its way up this thread; the caller must not wait forever.
                future.completeExceptionally(new StorageException(Reason.IO_ERROR, Operation.CHECK, -1, null,
                        new IllegalStateException("a checking thread died")));
            }
            if (running.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    /** Whether a piece is present and matches its hashes. */
    private boolean check(int piece, PieceVerifier verifier, ByteBuffer buffer) {
        int size = layout.pieceSize(piece);
        if (!missingFiles.isEmpty() && touchesMissingFile(piece, size)) {
            return false;
        }
        buffer.clear().limit(size);
        int n;
        try {
            n = storage.read(piece, 0, buffer);
        } catch (StorageException e) {
            if (e.reason() == Reason.FILE_NOT_FOUND) {
                e.fileIndex().ifPresent(missingFiles::add);
                return false;
            }
            if (e.reason() == Reason.FILE_TRUNCATED) {
                return false;
            }
            throw e;
        }
        if (n < size) {
            return false;
        }
        buffer.flip();
        return verifier.verify(piece, buffer) == PieceVerifier.Result.PASSED;
    }

    private boolean touchesMissingFile(int piece, int size) {
        for (FileSlice slice : layout.map(piece, 0, size)) {
            if (!slice.pad() && missingFiles.contains(slice.fileIndex())) {
                return true;
            }
        }
        return false;
    }

    private void progress(int pieceSize) {
        if (listener == null) {
            piecesChecked.incrementAndGet();
            bytesChecked.addAndGet(pieceSize);
            return;
        }
        // Counted under the lock too, so that the listener sees the counts grow in order.
        synchronized (progressLock) {
            int pieces = piecesChecked.incrementAndGet();
            long bytes = bytesChecked.addAndGet(pieceSize);
            listener.onProgress(pieces, layout.pieceCount(), bytes, layout.torrent().totalSize());
        }
    }

    private void finish() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        BitSet result;
        synchronized (have) {
            result = (BitSet) have.clone();
        }
        future.complete(new Result(result, layout.pieceCount(), bytesChecked.get(), elapsed));
    }

    private static ThreadFactory checkThreads() {
        return r -> {
            Thread t = new Thread(r, "torrentine-check-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
