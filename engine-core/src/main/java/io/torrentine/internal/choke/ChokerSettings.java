package io.torrentine.internal.choke;

import java.time.Duration;
import java.util.Objects;

/**
 * The choker's settings; immutable, replaced at run time with {@link Choker#settings}.
 *
 * @param uploadSlots how many peers may be unchoked at once, optimistic unchokes included;
 *     {@code -1} for no limit (every interested peer is unchoked); 0 unchokes nobody
 * @param rechokeInterval how often the engine calls {@link Choker#rechoke} (BEP 3 suggests
 *     10 seconds); also how long a freshly unchoked peer keeps its slot
 * @param optimisticInterval how long an optimistic unchoke lasts before it rotates (BEP 3: 30 s)
 * @param seedingAlgorithm how regular slots are given while seeding
 * @param optimisticSlots how many of the upload slots are optimistic unchokes (usually 1)
 * @param roundRobinQuotaBytes with {@link SeedingAlgorithm#ROUND_ROBIN}, the bytes a peer must
 *     have received since its unchoke before its turn can end; the engine should set it to
 *     20 pieces (libtorrent's {@code seeding_piece_quota} is counted in pieces)
 * @param roundRobinTurn with {@link SeedingAlgorithm#ROUND_ROBIN}, the least time a peer keeps
 *     its slot once unchoked; after three turns its turn ends even short of the quota
 */
public record ChokerSettings(int uploadSlots, Duration rechokeInterval, Duration optimisticInterval,
        SeedingAlgorithm seedingAlgorithm, int optimisticSlots, long roundRobinQuotaBytes,
        Duration roundRobinTurn) {

    /** libtorrent's {@code unchoke_slots_limit} default. */
    public static final int DEFAULT_UPLOAD_SLOTS = 8;
    /** 20 pieces of 256 KiB: libtorrent's piece quota for a typical piece size. */
    public static final long DEFAULT_ROUND_ROBIN_QUOTA_BYTES = 20L * 256 * 1024;
    /** libtorrent ends a round-robin turn no sooner than one minute after the unchoke. */
    public static final Duration DEFAULT_ROUND_ROBIN_TURN = Duration.ofMinutes(1);

    /**
     * Checks the values.
     *
     * @param uploadSlots peers unchoked at once, -1 for all interested ones
     * @param rechokeInterval time between rechokes
     * @param optimisticInterval how long an optimistic unchoke lasts
     * @param seedingAlgorithm the seeding ranking
     * @param optimisticSlots optimistic unchokes within the upload slots
     * @param roundRobinQuotaBytes bytes a round-robin turn must deliver
     * @param roundRobinTurn the least length of a round-robin turn
     * @throws IllegalArgumentException if a count is below its minimum or a duration is not positive
     */
    public ChokerSettings {
        Objects.requireNonNull(rechokeInterval, "rechokeInterval");
        Objects.requireNonNull(optimisticInterval, "optimisticInterval");
        Objects.requireNonNull(seedingAlgorithm, "seedingAlgorithm");
        Objects.requireNonNull(roundRobinTurn, "roundRobinTurn");
        if (uploadSlots < -1 || optimisticSlots < 0 || roundRobinQuotaBytes < 0) {
            throw new IllegalArgumentException("uploadSlots " + uploadSlots + ", optimisticSlots "
                    + optimisticSlots + ", roundRobinQuotaBytes " + roundRobinQuotaBytes);
        }
        requirePositive(rechokeInterval, "rechokeInterval");
        requirePositive(optimisticInterval, "optimisticInterval");
        requirePositive(roundRobinTurn, "roundRobinTurn");
    }

    /**
     * The settings the brief names, with the round-robin quota and turn at their defaults.
     *
     * @param uploadSlots see {@link #uploadSlots()}
     * @param rechokeInterval see {@link #rechokeInterval()}
     * @param optimisticInterval see {@link #optimisticInterval()}
     * @param seedingAlgorithm see {@link #seedingAlgorithm()}
     * @param optimisticSlots see {@link #optimisticSlots()}
     */
    public ChokerSettings(int uploadSlots, Duration rechokeInterval, Duration optimisticInterval,
            SeedingAlgorithm seedingAlgorithm, int optimisticSlots) {
        this(uploadSlots, rechokeInterval, optimisticInterval, seedingAlgorithm, optimisticSlots,
                DEFAULT_ROUND_ROBIN_QUOTA_BYTES, DEFAULT_ROUND_ROBIN_TURN);
    }

    /**
     * 8 slots, rechoke every 10 s, one optimistic unchoke rotated every 30 s, round-robin seeding
     * with a 5 MiB quota and a one-minute turn.
     *
     * @return the defaults
     */
    public static ChokerSettings defaults() {
        return new ChokerSettings(DEFAULT_UPLOAD_SLOTS, Duration.ofSeconds(10), Duration.ofSeconds(30),
                SeedingAlgorithm.ROUND_ROBIN, 1);
    }

    /**
     * A copy with another slot count.
     *
     * @param slots see {@link #uploadSlots()}
     * @return the copy
     */
    public ChokerSettings withUploadSlots(int slots) {
        return new ChokerSettings(slots, rechokeInterval, optimisticInterval, seedingAlgorithm,
                optimisticSlots, roundRobinQuotaBytes, roundRobinTurn);
    }

    /**
     * A copy with another seeding algorithm.
     *
     * @param algorithm see {@link #seedingAlgorithm()}
     * @return the copy
     */
    public ChokerSettings withSeedingAlgorithm(SeedingAlgorithm algorithm) {
        return new ChokerSettings(uploadSlots, rechokeInterval, optimisticInterval, algorithm,
                optimisticSlots, roundRobinQuotaBytes, roundRobinTurn);
    }

    /**
     * A copy with another optimistic slot count.
     *
     * @param slots see {@link #optimisticSlots()}
     * @return the copy
     */
    public ChokerSettings withOptimisticSlots(int slots) {
        return new ChokerSettings(uploadSlots, rechokeInterval, optimisticInterval, seedingAlgorithm,
                slots, roundRobinQuotaBytes, roundRobinTurn);
    }

    /**
     * A copy with another round-robin quota, e.g. 20 pieces once the piece length is known.
     *
     * @param bytes see {@link #roundRobinQuotaBytes()}
     * @return the copy
     */
    public ChokerSettings withRoundRobinQuotaBytes(long bytes) {
        return new ChokerSettings(uploadSlots, rechokeInterval, optimisticInterval, seedingAlgorithm,
                optimisticSlots, bytes, roundRobinTurn);
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " " + d);
        }
    }
}
