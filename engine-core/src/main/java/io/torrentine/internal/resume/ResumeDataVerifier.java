package io.torrentine.internal.resume;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Decides whether the pieces that resume data claims can be trusted without a full check, by
 * re-hashing a sample of them from storage: the last claimed piece of every file that has
 * claimed pieces, plus {@link #RANDOM_SAMPLE} more claimed pieces chosen at random.
 *
 * <p>Why this sample: the usual ways resume data goes stale are a file deleted, replaced or cut
 * short after the data was saved (or a crash before the data reached the disk). A deleted or
 * replaced file fails at any of its pieces; a shortened one loses its end, so each file's
 * <em>last</em> claimed piece is the one to read. The random pieces catch damage inside a file.
 * The cost is bounded by the number of files with claimed pieces plus {@value #RANDOM_SAMPLE},
 * and never exceeds the claimed pieces: a piece shared by small files is hashed once for all of
 * them. Partial pieces are not sampled: their blocks have no hash of their own (v1), and a bad
 * block only costs a failed piece later.
 *
 * <p>Any mismatch, short read or read error means "fall back to a full check"; this class only
 * says so and leaves the checking to the disk layer's checker. Reads and hashing run on the
 * given executor (the disk threads), in up to {@code parallelism} tasks that stop as soon as one
 * of them finds a bad piece. Thread-safe.
 */
public final class ResumeDataVerifier {
    /** The number of claimed pieces hashed at random, beyond one per file. */
    public static final int RANDOM_SAMPLE = 8;

    /** What the sample showed. */
    public enum Outcome {
        /** Every sampled piece hashed correctly (or nothing was claimed): trust the bitfield. */
        TRUSTED,
        /** A sampled piece's bytes do not match its hash. */
        HASH_MISMATCH,
        /** A sampled piece could not be read whole: a file is missing or short. */
        SHORT_READ,
        /** Reading a sampled piece failed with a storage error. */
        READ_FAILED,
        /** A sampled piece has no hash to check against (v2 without its piece layer). */
        UNVERIFIABLE
    }

    /**
     * The verdict.
     *
     * @param outcome what the sample showed
     * @param sampled the pieces chosen for the sample, ascending
     * @param badPiece the piece that failed, if one did
     * @param error the storage error, for {@link Outcome#READ_FAILED}
     */
    public record Result(Outcome outcome, List<Integer> sampled, OptionalInt badPiece,
                         Optional<StorageException> error) {
        /**
         * Copies the sample.
         *
         * @param outcome what the sample showed
         * @param sampled the pieces chosen
         * @param badPiece the failed piece, if any
         * @param error the storage error, if any
         */
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            sampled = List.copyOf(sampled);
            Objects.requireNonNull(badPiece, "badPiece");
            Objects.requireNonNull(error, "error");
        }

        /**
         * Whether the claimed pieces must not be trusted and the torrent's data needs a full
         * check.
         *
         * @return true unless the outcome is {@link Outcome#TRUSTED}
         */
        public boolean needsFullCheck() {
            return outcome != Outcome.TRUSTED;
        }
    }

    private final Executor executor;
    private final int parallelism;
    private final RandomGenerator random;

    /**
     * A verifier.
     *
     * @param executor the disk threads, on which pieces are read and hashed
     * @param parallelism the most pieces read and hashed at once, at least 1
     * @param random the source of the random sample; shared, so it must be thread-safe if this
     *     verifier is used from several threads
     */
    public ResumeDataVerifier(Executor executor, int parallelism, RandomGenerator random) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Re-hashes a sample of the pieces the parameters claim.
     *
     * @param params the parameters loaded from resume data
     * @param storage the torrent's storage, opened on the same metadata
     * @return the verdict, completed on an executor thread (or at once if nothing is claimed);
     *     completed exceptionally only by an unexpected error, never by a bad piece
     */
    public CompletableFuture<Result> verify(AddTorrentParams params, TorrentStorage storage) {
        Optional<TorrentInfo> torrent = params.torrent();
        BitSet claimed = params.havePieces();
        if (torrent.isEmpty() || claimed.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new Result(Outcome.TRUSTED, List.of(), OptionalInt.empty(), Optional.empty()));
        }
        FileLayout layout = new FileLayout(torrent.get());
        List<Integer> sample = sample(layout, claimed);
        AtomicReference<Result> failure = new AtomicReference<>();
        int tasks = Math.min(parallelism, sample.size());
        CompletableFuture<?>[] running = new CompletableFuture<?>[tasks];
        for (int t = 0; t < tasks; t++) {
            List<Integer> share = new ArrayList<>();
            for (int i = t; i < sample.size(); i += tasks) {
                share.add(sample.get(i));
            }
            running[t] = CompletableFuture.runAsync(() -> check(layout, storage, share, sample, failure), executor);
        }
        return CompletableFuture.allOf(running).thenApply(ignored -> {
            Result bad = failure.get();
            return bad != null ? bad : new Result(Outcome.TRUSTED, sample, OptionalInt.empty(), Optional.empty());
        });
    }

    /** The pieces to hash: each file's last claimed piece, plus a random few, ascending. */
    List<Integer> sample(FileLayout layout, BitSet claimed) {
        BitSet chosen = new BitSet(layout.pieceCount());
        for (int f = 0; f < layout.fileCount(); f++) {
            if (layout.file(f).pad()) {
                continue;
            }
            int[] range = layout.pieceRange(f);
            if (range[1] < range[0]) {
                continue;
            }
            int last = claimed.previousSetBit(range[1]);
            if (last < range[0]) {
                continue; // nothing of this file is claimed
            }
            chosen.set(last);
        }
        int claimedCount = claimed.cardinality();
        int extra = Math.min(RANDOM_SAMPLE, claimedCount - chosen.cardinality());
        // Draws among the claimed pieces not chosen yet, so the extra pieces are distinct.
        for (int i = 0; i < extra; i++) {
            BitSet left = (BitSet) claimed.clone();
            left.andNot(chosen);
            int k = random.nextInt(left.cardinality());
            int piece = left.nextSetBit(0);
            for (int skip = 0; skip < k; skip++) {
                piece = left.nextSetBit(piece + 1);
            }
            chosen.set(piece);
        }
        return chosen.stream().boxed().toList();
    }

    private static void check(FileLayout layout, TorrentStorage storage, List<Integer> pieces,
                              List<Integer> sample, AtomicReference<Result> failure) {
        PieceVerifier verifier = new PieceVerifier(layout);
        ByteBuffer buffer = ByteBuffer.allocate(layout.pieceLength());
        for (int piece : pieces) {
            if (failure.get() != null) {
                return;
            }
            buffer.clear().limit(layout.pieceSize(piece));
            int read;
            try {
                read = storage.read(piece, 0, buffer);
            } catch (StorageException e) {
                failure.compareAndSet(null, new Result(Outcome.READ_FAILED, sample, OptionalInt.of(piece), Optional.of(e)));
                return;
            }
            if (read < layout.pieceSize(piece)) {
                failure.compareAndSet(null, new Result(Outcome.SHORT_READ, sample, OptionalInt.of(piece), Optional.empty()));
                return;
            }
            buffer.flip();
            PieceVerifier.Result verdict = verifier.verify(piece, buffer);
            if (verdict != PieceVerifier.Result.PASSED) {
                Outcome outcome = verdict == PieceVerifier.Result.FAILED ? Outcome.HASH_MISMATCH : Outcome.UNVERIFIABLE;
                failure.compareAndSet(null, new Result(outcome, sample, OptionalInt.of(piece), Optional.empty()));
                return;
            }
        }
    }
}
