package io.torrentine.internal.resume;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.TorrentChecker;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.spi.TorrentStorage;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Which pieces a torrent added from resume data really has: the pieces the resume data claims
 * if a re-hashed sample of them holds ({@link ResumeDataVerifier}), otherwise whatever a full
 * check of the data finds. Resume data is never trusted blindly, and never costs a full check
 * when it is honest.
 */
public final class ResumedPieces {

    /**
     * The outcome.
     *
     * @param have the pieces the torrent has
     * @param sample the verdict on the resume data's sample
     * @param fullCheck whether the data had to be checked in full
     */
    public record Outcome(BitSet have, ResumeDataVerifier.Result sample, boolean fullCheck) {
        /**
         * Copies the bitfield.
         *
         * @param have the pieces the torrent has
         * @param sample the verdict on the sample
         * @param fullCheck whether a full check ran
         */
        public Outcome {
            have = (BitSet) have.clone();
            Objects.requireNonNull(sample, "sample");
        }

        /**
         * The pieces the torrent has.
         *
         * @return a copy of the bitfield
         */
        @Override
        public BitSet have() {
            return (BitSet) have.clone();
        }
    }

    private final Executor diskThreads;
    private final int threads;
    private final RandomGenerator random;

    /**
     * Resolves pieces on the given disk threads.
     *
     * @param diskThreads where pieces are read and hashed
     * @param threads how many pieces are hashed at once
     * @param random the source of the random sample (thread-safe if shared)
     */
    public ResumedPieces(Executor diskThreads, int threads, RandomGenerator random) {
        this.diskThreads = Objects.requireNonNull(diskThreads, "diskThreads");
        this.threads = threads;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Verifies the resume data's claim, falling back to a full check.
     *
     * @param params parameters read from resume data, with the torrent's metadata
     * @param storage the torrent's storage
     * @return the pieces the torrent has; fails only if reading the storage fails other than
     *     for missing data
     * @throws IllegalArgumentException if the parameters carry no metadata
     */
    public CompletableFuture<Outcome> resolve(AddTorrentParams params, TorrentStorage storage) {
        TorrentInfo torrent = params.torrent().orElseThrow(
                () -> new IllegalArgumentException("resume data without metadata has no pieces to check"));
        return new ResumeDataVerifier(diskThreads, threads, random).verify(params, storage)
                .thenCompose(sample -> {
                    if (!sample.needsFullCheck()) {
                        return CompletableFuture.completedFuture(new Outcome(params.havePieces(), sample, false));
                    }
                    return new TorrentChecker(new FileLayout(torrent), storage, threads, diskThreads, null)
                            .start().thenApply(check -> new Outcome(check.have(), sample, true));
                });
    }
}
