package io.torrentine.internal.choke;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides which peers of one torrent we upload to (BEP 3 "choking"). The engine calls
 * {@link #rechoke} every {@link ChokerSettings#rechokeInterval()} with every connected peer and
 * then chokes all peers not in the returned set and unchokes those in it. Rules (docs/choking.md):
 *
 * <ol>
 *   <li>Only interested peers get a slot. With {@code uploadSlots == -1} every interested peer is
 *       unchoked; otherwise at most {@code uploadSlots} peers are, of which up to
 *       {@code optimisticSlots} are optimistic unchokes and the rest regular slots.</li>
 *   <li>An optimistic unchoke lasts {@code optimisticInterval}; it is not ranked for a regular
 *       slot meanwhile. A vacant optimistic slot goes to a random interested peer without a regular
 *       slot, currently choked peers first, then peers never optimistically unchoked, then those
 *       whose last optimistic unchoke is oldest.</li>
 *   <li>A peer unchoked less than one rechoke interval ago keeps its slot (so that it has time to
 *       show a rate), unless it is no longer interested or such peers outnumber the regular slots
 *       (then the best ranked of them keep theirs).</li>
 *   <li>The remaining regular slots go by rank: downloading, the peers we download fastest from
 *       (tit-for-tat); seeding with {@link SeedingAlgorithm#FASTEST_UPLOAD}, those we upload
 *       fastest to; seeding with {@link SeedingAlgorithm#ROUND_ROBIN}, peers whose turn is not
 *       over before those whose turn is, then by upload rate. A choked peer's upload rate counts as
 *       zero (what is still in flight after a choke says nothing). Ties go to the peer that has
 *       waited longest since its last unchoke (never unchoked first), then to a random one.</li>
 * </ol>
 *
 * <p>Not thread-safe: one instance per torrent, used on the torrent's event loop. Time only
 * comes in as {@code nowNanos}; randomness only from the injected generator, so a seeded
 * generator makes every decision reproducible. State is kept per peer object (for optimistic
 * rotation) and pruned at every rechoke to the peers passed in, so it is bounded by the
 * torrent's connections.
 */
public final class Choker {
    private final RandomGenerator random;
    private ChokerSettings settings;
    /** Current optimistic unchokes and when each started. */
    private final Map<Object, Long> optimisticSince = new LinkedHashMap<>();
    /** When each connected peer was last optimistically unchoked, for rotation fairness. */
    private final Map<Object, Long> lastOptimistic = new HashMap<>();

    /**
     * Creates a choker.
     *
     * @param settings the initial settings
     * @param random the source of the optimistic picks and of tie-breaks
     */
    public Choker(ChokerSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Replaces the settings; they apply from the next {@link #rechoke}. Fewer optimistic slots
     * end the newest optimistic unchokes first.
     *
     * @param s the new settings
     */
    public void settings(ChokerSettings s) {
        this.settings = Objects.requireNonNull(s, "settings");
    }

    /**
     * The current settings.
     *
     * @return the settings
     */
    public ChokerSettings settings() {
        return settings;
    }

    /**
     * Decides the peers to unchoke now; every other peer should be choked.
     *
     * @param peers every connected peer of the torrent, each once
     * @param seeding whether we have the whole torrent (picks the seeding ranking)
     * @param nowNanos the current time, in the time base of {@link ChokeCandidate#unchokedAtNanos()}
     * @return the peers to unchoke (the {@link ChokeCandidate#peer()} objects), regular slots in
     *     rank order then optimistic ones; unmodifiable
     * @throws IllegalArgumentException if a peer appears twice
     */
    public Set<Object> rechoke(List<ChokeCandidate> peers, boolean seeding, long nowNanos) {
        Map<Object, ChokeCandidate> byPeer = new LinkedHashMap<>();
        for (ChokeCandidate c : peers) {
            if (byPeer.put(c.peer(), c) != null) {
                throw new IllegalArgumentException("peer listed twice: " + c.peer());
            }
        }
        // Forget peers that are gone: bounds the state by the torrent's connections.
        optimisticSince.keySet().retainAll(byPeer.keySet());
        lastOptimistic.keySet().retainAll(byPeer.keySet());

        List<ChokeCandidate> interested = new ArrayList<>();
        for (ChokeCandidate c : byPeer.values()) {
            if (c.peerInterested()) {
                interested.add(c);
            }
        }
        if (settings.uploadSlots() < 0) {
            optimisticSince.clear();
            Set<Object> all = new LinkedHashSet<>();
            for (ChokeCandidate c : interested) {
                all.add(c.peer());
            }
            return Collections.unmodifiableSet(all);
        }
        int optimisticCap = Math.min(settings.optimisticSlots(), settings.uploadSlots());
        int regularCap = settings.uploadSlots() - optimisticCap;

        Set<Object> keptOptimistic = keepOptimistic(byPeer, optimisticCap, nowNanos);
        List<ChokeCandidate> ranked = rank(interested, seeding, nowNanos);
        ranked.removeIf(c -> keptOptimistic.contains(c.peer()));

        Set<Object> regular = new LinkedHashSet<>();
        for (ChokeCandidate c : ranked) {
            if (regular.size() < regularCap && isProtected(c, nowNanos)) {
                regular.add(c.peer());
            }
        }
        for (ChokeCandidate c : ranked) {
            if (regular.size() >= regularCap) {
                break;
            }
            regular.add(c.peer());
        }

        List<ChokeCandidate> pool = new ArrayList<>();
        for (ChokeCandidate c : ranked) {
            if (!regular.contains(c.peer())) {
                pool.add(c);
            }
        }
        int vacancies = optimisticCap - keptOptimistic.size();
        for (ChokeCandidate c : pickOptimistic(pool, vacancies)) {
            optimisticSince.put(c.peer(), nowNanos);
            lastOptimistic.put(c.peer(), nowNanos);
        }

        Set<Object> unchoke = new LinkedHashSet<>(regular);
        unchoke.addAll(optimisticSince.keySet());
        return Collections.unmodifiableSet(unchoke);
    }

    /**
     * The peers holding an optimistic unchoke after the last {@link #rechoke} (for status
     * displays, libtorrent's "O" flag).
     *
     * @return an unmodifiable copy
     */
    public Set<Object> optimisticallyUnchoked() {
        return Set.copyOf(optimisticSince.keySet());
    }

    /**
     * Ends optimistic unchokes that expired, whose peer lost interest, or beyond the cap (the
     * newest go first), and returns the ones that stay.
     */
    private Set<Object> keepOptimistic(Map<Object, ChokeCandidate> byPeer, int cap, long now) {
        long lasts = settings.optimisticInterval().toNanos();
        optimisticSince.entrySet().removeIf(e -> !byPeer.get(e.getKey()).peerInterested()
                || now - e.getValue() >= lasts);
        // Insertion order is the order the unchokes started: keep the oldest up to the cap.
        List<Object> kept = new ArrayList<>(optimisticSince.keySet());
        for (int i = cap; i < kept.size(); i++) {
            optimisticSince.remove(kept.get(i));
        }
        return new LinkedHashSet<>(optimisticSince.keySet());
    }

    private List<ChokeCandidate> pickOptimistic(List<ChokeCandidate> pool, int vacancies) {
        if (vacancies <= 0 || pool.isEmpty()) {
            return List.of();
        }
        List<ChokeCandidate> order = new ArrayList<>(pool);
        shuffle(order);
        // Stable sort: equal keys stay in the shuffled order, so the pick among them is random.
        order.sort(Comparator.<ChokeCandidate>comparingInt(c -> c.unchokedNow() ? 1 : 0)
                .thenComparingLong(c -> lastOptimistic.getOrDefault(c.peer(), Long.MIN_VALUE)));
        return order.subList(0, Math.min(vacancies, order.size()));
    }

    /** Interested peers, best first for a regular slot. */
    private List<ChokeCandidate> rank(List<ChokeCandidate> interested, boolean seeding, long now) {
        List<ChokeCandidate> order = new ArrayList<>(interested);
        shuffle(order);
        Comparator<ChokeCandidate> byRate;
        if (!seeding) {
            // BEP 3 tit-for-tat: reciprocate to the peers that give us the most.
            byRate = Comparator.comparingDouble(ChokeCandidate::downloadRateFromPeer).reversed();
        } else if (settings.seedingAlgorithm() == SeedingAlgorithm.FASTEST_UPLOAD) {
            byRate = Comparator.comparingDouble(Choker::effectiveUploadRate).reversed();
        } else {
            byRate = Comparator.<ChokeCandidate>comparingInt(c -> turnOver(c, now) ? 1 : 0)
                    .thenComparing(Comparator.comparingDouble(Choker::effectiveUploadRate).reversed());
        }
        // Long.MIN_VALUE (never unchoked) sorts first: that peer has waited longest.
        order.sort(byRate.thenComparingLong(ChokeCandidate::unchokedAtNanos));
        return order;
    }

    private static double effectiveUploadRate(ChokeCandidate c) {
        return c.unchokedNow() ? c.uploadRateToPeer() : 0;
    }

    /**
     * Round-robin: the turn of an unchoked peer ends once it has had its slot for one turn and
     * received the quota, or has had it for three turns (a slow peer must not keep it forever).
     */
    private boolean turnOver(ChokeCandidate c, long now) {
        if (!c.unchokedNow() || !c.everUnchoked()) {
            return false;
        }
        long held = now - c.unchokedAtNanos();
        long turn = settings.roundRobinTurn().toNanos();
        return held >= turn && (c.bytesUploadedSinceUnchoke() >= settings.roundRobinQuotaBytes()
                || held / 3 >= turn);
    }

    private boolean isProtected(ChokeCandidate c, long now) {
        return c.unchokedNow() && c.everUnchoked()
                && now - c.unchokedAtNanos() < settings.rechokeInterval().toNanos();
    }

    private void shuffle(List<ChokeCandidate> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
