package io.torrentine.spi;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.TorrentChecker;
import io.torrentine.metainfo.TorrentInfo;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Checks the data a {@link TorrentStorage} already holds: reads every piece through the storage
 * and hashes it on several threads (SHA-1 for v1, the SHA-256 merkle tree for v2, both for
 * hybrids). A piece whose data is missing or short is absent, not an error. Works with any
 * storage, and creates nothing: it only reads.
 *
 * <pre>{@code
 * TorrentStorage storage = StorageFactory.files().open(StorageParams.of(torrent, savePath));
 * CheckResult result = StorageCheck.builder(torrent, storage).threads(4).start().join();
 * }</pre>
 */
public final class StorageCheck {

    private StorageCheck() {
    }

    /**
     * Starts describing a check.
     *
     * @param torrent the torrent whose hashes the data must match
     * @param storage where the data is; it must be the storage of {@code torrent}
     * @return a builder: as many threads as processors, no progress listener
     */
    public static Builder builder(TorrentInfo torrent, TorrentStorage storage) {
        return new Builder(torrent, storage);
    }

    /** The settings of one check. Not thread-safe; {@link #start()} may be called more than once. */
    public static final class Builder {
        private final TorrentInfo torrent;
        private final TorrentStorage storage;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Executor executor;
        private CheckProgressListener listener;

        private Builder(TorrentInfo torrent, TorrentStorage storage) {
            this.torrent = Objects.requireNonNull(torrent, "torrent");
            this.storage = Objects.requireNonNull(storage, "storage");
        }

        /**
         * How many pieces are read and hashed at once.
         *
         * @param threads at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} is less than 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Where the checking tasks run (one task per thread, each looping over pieces). By
         * default the check starts its own threads and ends them when done.
         *
         * @param executor the executor, or null for the check's own threads
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Who hears of progress.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder progressListener(CheckProgressListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Starts the check and returns at once.
         *
         * @return the result, once every piece is checked. Cancelling the future stops the
         *     check after the pieces being hashed. It completes exceptionally with a
         *     {@link StorageException} if reading fails other than for missing or short data
         *     (e.g. {@link StorageException.Reason#PERMISSION_DENIED}).
         */
        public CompletableFuture<CheckResult> start() {
            CompletableFuture<TorrentChecker.Result> check =
                    new TorrentChecker(new FileLayout(torrent), storage, threads, executor, listener).start();
            CompletableFuture<CheckResult> result = check.thenApply(
                    r -> new CheckResult(r.pieceCount(), r.bitfield(), r.bytesChecked(), r.elapsed()));
            // Cancelling the caller's future must stop the threads, which watch the inner one.
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    check.cancel(false);
                }
            });
            return result;
        }
    }
}
