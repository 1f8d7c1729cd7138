package io.torrentine.internal.choke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.choke.SimulatedPeers.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The choker's rules (BEP 3 choking; docs/choking.md), driven by a fake clock and a seeded random. */
class ChokerTest {
    private static final ChokerSettings FOUR_SLOTS = ChokerSettings.defaults().withUploadSlots(4);

    private static SimulatedPeers swarm(ChokerSettings settings, int peers, long seed) {
        return new SimulatedPeers(new Choker(settings, new SplittableRandom(seed)), peers);
    }

    @Test
    void uninterestedPeersNeverGetASlotEvenWhenSlotsAreFree() {
        SimulatedPeers s = swarm(FOUR_SLOTS, 3, 1);
        s.peer("p0").interested = false;
        s.peer("p0").downloadRate = 1e9;
        s.peer("p1").interested = false;
        assertThat(s.rechoke(false)).containsExactly("p2");
        assertThat(s.rechoke(true)).containsExactly("p2");
        assertThat(s.optimistic()).isEmpty(); // a free regular slot took it
    }

    @Test
    void unlimitedSlotsUnchokeEveryInterestedPeer() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(-1), 50, 1);
        s.peer("p7").interested = false;
        Set<String> unchoked = s.rechoke(false);
        assertThat(unchoked).hasSize(49).doesNotContain("p7");
        assertThat(s.optimistic()).isEmpty();
    }

    @Test
    void zeroSlotsUnchokeNobody() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(0), 5, 1);
        assertThat(s.rechoke(false)).isEmpty();
        assertThat(s.rechoke(true)).isEmpty();
    }

    @Test
    void downloadingGivesRegularSlotsToThePeersWeDownloadFastestFrom() {
        // BEP 3 tit-for-tat: 3 regular slots (4 minus 1 optimistic) for the 3 best uploaders to us.
        SimulatedPeers s = swarm(FOUR_SLOTS, 10, 1);
        for (int i = 0; i < 10; i++) {
            s.peer("p" + i).downloadRate = i * 1000;
        }
        Set<String> unchoked = s.rechoke(false);
        assertThat(unchoked).hasSize(4).contains("p9", "p8", "p7");
        assertThat(s.optimistic()).hasSize(1).doesNotContain("p9", "p8", "p7");
        assertThat(unchoked).containsAll(s.optimistic());
    }

    @Test
    void aFasterPeerTakesTheSlotOfTheSlowestOnceItsProtectionEnds() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(2).withOptimisticSlots(0), 3, 1);
        s.peer("p0").downloadRate = 300;
        s.peer("p1").downloadRate = 200;
        s.peer("p2").downloadRate = 100;
        assertThat(s.rechoke(false)).containsExactlyInAnyOrder("p0", "p1");
        s.peer("p2").downloadRate = 1000;
        s.tick();
        assertThat(s.rechoke(false)).containsExactlyInAnyOrder("p0", "p2");
    }

    @Test
    void aPeerUnchokedLessThanOneIntervalAgoKeepsItsSlot() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(2).withOptimisticSlots(0), 3, 1);
        s.peer("p0").downloadRate = 300;
        s.peer("p1").downloadRate = 200;
        // p2 was unchoked 9 s ago (between rounds, by the engine) and has no rate yet.
        Peer fresh = s.peer("p2");
        fresh.unchoked = true;
        fresh.unchokedAt = s.now - Duration.ofSeconds(9).toNanos();
        assertThat(s.rechoke(false)).containsExactlyInAnyOrder("p0", "p2");
        // One interval on it competes on its rate, which is still zero.
        s.tick();
        assertThat(s.rechoke(false)).containsExactlyInAnyOrder("p0", "p1");
    }

    @Test
    void protectionEndsWhenThePeerLosesInterest() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(1).withOptimisticSlots(0), 2, 1);
        Peer fresh = s.peer("p0");
        fresh.unchoked = true;
        fresh.unchokedAt = s.now - 1;
        fresh.interested = false;
        assertThat(s.rechoke(false)).containsExactly("p1");
    }

    @Test
    void protectedPeersBeyondTheSlotsKeepOnlyTheBestRanked() {
        // The engine unchoked five peers just now, then slots dropped to two: the two fastest stay.
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(2).withOptimisticSlots(0), 5, 1);
        for (int i = 0; i < 5; i++) {
            Peer p = s.peer("p" + i);
            p.unchoked = true;
            p.unchokedAt = s.now - 1;
            p.downloadRate = i;
        }
        assertThat(s.rechoke(false)).containsExactlyInAnyOrder("p4", "p3");
    }

    @Test
    void theOptimisticUnchokeLastsItsIntervalThenRotatesThroughEveryChokedPeer() {
        // 1 regular slot held by the fast p0; 5 others share the optimistic slot, 30 s each.
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(2), 6, 42);
        s.peer("p0").downloadRate = 1e6;
        List<String> holders = new ArrayList<>();
        for (int round = 0; round < 15; round++) {
            Set<String> unchoked = s.rechoke(false);
            assertThat(unchoked).hasSize(2).contains("p0");
            assertThat(s.optimistic()).hasSize(1);
            holders.add(s.optimistic().iterator().next());
            s.tick();
        }
        // Three rounds (30 s at 10 s per round) per holder, and five different holders in turn.
        for (int rotation = 0; rotation < 5; rotation++) {
            String holder = holders.get(rotation * 3);
            assertThat(holders.subList(rotation * 3, rotation * 3 + 3)).containsOnly(holder);
        }
        assertThat(new HashSet<>(holders)).containsExactlyInAnyOrder("p1", "p2", "p3", "p4", "p5");
    }

    @Test
    void aNewcomerIsPreferredForTheOptimisticSlotOverPeersThatHadOne() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(1), 3, 7);
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 9; round++) {
            s.rechoke(false);
            seen.addAll(s.optimistic());
            s.tick();
        }
        assertThat(seen).containsExactlyInAnyOrder("p0", "p1", "p2");
        s.add("newcomer");
        // The current holder's 30 s end on a round boundary: the next pick must be the newcomer.
        String before = s.optimistic().iterator().next();
        for (int round = 0; round < 3; round++) {
            s.rechoke(false);
            if (!s.optimistic().contains(before)) {
                break;
            }
            s.tick();
        }
        assertThat(s.optimistic()).containsExactly("newcomer");
    }

    @Test
    void anOptimisticUnchokeEndsAtOnceWhenThePeerLosesInterest() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(1), 2, 3);
        s.rechoke(false);
        String holder = s.optimistic().iterator().next();
        s.peer(holder).interested = false;
        s.tick();
        Set<String> unchoked = s.rechoke(false);
        assertThat(unchoked).hasSize(1).doesNotContain(holder);
        assertThat(s.optimistic()).isEqualTo(unchoked);
    }

    @Test
    void seedingFastestUploadKeepsThePeersWeUploadFastestTo() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(3).withOptimisticSlots(1)
                .withSeedingAlgorithm(SeedingAlgorithm.FASTEST_UPLOAD), 6, 5);
        for (int i = 0; i < 6; i++) {
            s.peer("p" + i).uploadRate = (i + 1) * 1000;
            s.peer("p" + i).downloadRate = (6 - i) * 1e6; // ignored while seeding
        }
        for (int round = 0; round < 12; round++) {
            s.rechoke(true);
            s.tick();
        }
        // Every peer has been tried (optimistic), and the two fastest ended up with the regular slots.
        Set<String> unchoked = s.rechoke(true);
        assertThat(unchoked).hasSize(3).contains("p5", "p4");
        assertThat(s.optimistic()).doesNotContain("p5", "p4");
    }

    @Test
    void aChokedPeersResidualUploadRateDoesNotCount() {
        Choker choker = new Choker(ChokerSettings.defaults().withUploadSlots(1).withOptimisticSlots(0)
                .withSeedingAlgorithm(SeedingAlgorithm.FASTEST_UPLOAD), new SplittableRandom(1));
        long now = 1_000_000_000_000L;
        long longAgo = now - Duration.ofMinutes(5).toNanos();
        ChokeCandidate slowUnchoked = new ChokeCandidate("slow", true, true, 0, 10, 0, longAgo);
        ChokeCandidate chokedWithBytesInFlight = new ChokeCandidate("choked", true, false, 0, 1e6, 0, longAgo - 1);
        assertThat(choker.rechoke(List.of(slowUnchoked, chokedWithBytesInFlight), true, now))
                .containsExactly("slow");
    }

    @Test
    void seedingRoundRobinGivesEveryInterestedPeerItsTurn() {
        // 2 regular slots, no optimistic: each peer at 1 MB/s reaches the 5 MiB quota in 6 s,
        // so turns end after the one-minute minimum.
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(2).withOptimisticSlots(0), 6, 9);
        for (Peer p : s.peers.values()) {
            p.uploadRate = 1e6;
        }
        Map<String, Integer> roundsUnchoked = new HashMap<>();
        for (int round = 0; round < 18; round++) { // 3 minutes
            for (String name : s.rechoke(true)) {
                roundsUnchoked.merge(name, 1, Integer::sum);
            }
            s.tick();
        }
        assertThat(roundsUnchoked.keySet()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5");
        // Turns of 6 rounds (60 s), 2 slots, 18 rounds: every peer held a slot for exactly one turn.
        assertThat(roundsUnchoked.values()).containsOnly(6);
    }

    @Test
    void roundRobinKeepsAPeerShortOfItsQuotaUntilThreeTurns() {
        SimulatedPeers s = swarm(ChokerSettings.defaults().withUploadSlots(1).withOptimisticSlots(0), 2, 11);
        s.peer("p0").uploadRate = 1000; // 5 MiB takes far longer than three turns
        s.peer("p1").uploadRate = 1000;
        String first = s.rechoke(true).iterator().next();
        int rounds = 1;
        while (s.rechoke(true).contains(first)) {
            s.tick();
            rounds++;
            assertThat(rounds).isLessThan(100);
        }
        // Held for three one-minute turns (18 ten-second rounds) and not a round less.
        assertThat(s.now - s.peer(first).unchokedAt).isGreaterThanOrEqualTo(Duration.ofMinutes(3).toNanos());
        assertThat(rounds).isBetween(18, 20);
    }

    @Test
    void roundRobinGivesTheSlotToThePeerThatWaitedLongest() {
        Choker choker = new Choker(ChokerSettings.defaults().withUploadSlots(1).withOptimisticSlots(0)
                .withRoundRobinQuotaBytes(100), new SplittableRandom(1));
        long now = 1_000_000_000_000L;
        long minute = Duration.ofMinutes(1).toNanos();
        ChokeCandidate done = new ChokeCandidate("done", true, true, 0, 5000, 1000, now - 2 * minute);
        ChokeCandidate waitedLong = new ChokeCandidate("waitedLong", true, false, 0, 0, 0, now - 10 * minute);
        ChokeCandidate waitedLess = new ChokeCandidate("waitedLess", true, false, 0, 0, 0, now - 5 * minute);
        ChokeCandidate neverUnchoked = new ChokeCandidate("never", true, false, 0, 0, 0, Long.MIN_VALUE);
        assertThat(choker.rechoke(List.of(done, waitedLess, waitedLong), true, now)).containsExactly("waitedLong");
        assertThat(choker.rechoke(List.of(done, waitedLess, waitedLong, neverUnchoked), true, now))
                .containsExactly("never");
        // Before the minute is up the quota alone does not end the turn.
        ChokeCandidate early = new ChokeCandidate("early", true, true, 0, 5000, 1000, now - minute / 2);
        assertThat(choker.rechoke(List.of(early, waitedLong), true, now)).containsExactly("early");
    }

    @Test
    void slotsAreNeverExceededAndOnlyInterestedPeersAreUnchoked() {
        Random chaos = new Random(2024);
        for (int trial = 0; trial < 50; trial++) {
            int slots = chaos.nextInt(6) - 1;
            int optimistic = chaos.nextInt(3);
            SeedingAlgorithm algorithm = SeedingAlgorithm.values()[chaos.nextInt(2)];
            SimulatedPeers s = swarm(new ChokerSettings(slots, Duration.ofSeconds(10), Duration.ofSeconds(30),
                    algorithm, optimistic, 1 << 20, Duration.ofSeconds(40)), chaos.nextInt(12), trial);
            for (int round = 0; round < 40; round++) {
                for (Peer p : s.peers.values()) {
                    p.interested = chaos.nextInt(4) != 0;
                    p.downloadRate = chaos.nextInt(3) * 1000.0;
                    p.uploadRate = chaos.nextInt(3) * 100_000.0;
                }
                if (chaos.nextInt(5) == 0) {
                    s.add("late" + round);
                }
                if (chaos.nextInt(7) == 0 && !s.peers.isEmpty()) {
                    s.peers.remove(s.peers.keySet().iterator().next());
                }
                if (chaos.nextInt(10) == 0) { // engine unchoked someone between rounds
                    s.peers.values().stream().filter(p -> !p.unchoked).findFirst().ifPresent(p -> {
                        p.unchoked = true;
                        p.unchokedAt = s.now - 1;
                    });
                }
                Set<String> unchoked = s.rechoke(chaos.nextBoolean());
                long interested = s.peers.values().stream().filter(p -> p.interested).count();
                if (slots >= 0) {
                    assertThat(unchoked).hasSizeLessThanOrEqualTo(slots);
                    assertThat(unchoked.size()).isEqualTo((int) Math.min(slots, interested));
                } else {
                    assertThat(unchoked).hasSize((int) interested);
                }
                assertThat(unchoked).allMatch(name -> s.peer(name).interested);
                assertThat(s.optimistic()).hasSizeLessThanOrEqualTo(Math.max(0, Math.min(optimistic, slots)));
                assertThat(unchoked).containsAll(s.optimistic());
                s.advance(Duration.ofSeconds(5 + chaos.nextInt(10)));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDecisions() {
        assertThat(history(77)).isEqualTo(history(77));
        // And the random really is used: some other seed decides differently.
        assertThat(List.of(1L, 2L, 3L, 4L, 5L).stream().map(ChokerTest::history)).anyMatch(h -> !h.equals(history(77)));
    }

    private static List<Set<String>> history(long seed) {
        SimulatedPeers s = swarm(FOUR_SLOTS, 12, seed);
        List<Set<String>> history = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            history.add(s.rechoke(round % 2 == 0));
            history.add(s.optimistic());
            s.tick();
        }
        return history;
    }

    @Test
    void settingsChangesApplyAtTheNextRechoke() {
        SimulatedPeers s = swarm(FOUR_SLOTS, 10, 1);
        assertThat(s.rechoke(false)).hasSize(4);
        assertThat(s.optimistic()).hasSize(1);
        s.choker.settings(FOUR_SLOTS.withUploadSlots(2).withOptimisticSlots(0));
        s.tick();
        assertThat(s.rechoke(false)).hasSize(2);
        assertThat(s.optimistic()).isEmpty();
        s.choker.settings(FOUR_SLOTS.withUploadSlots(6).withOptimisticSlots(2));
        s.tick();
        assertThat(s.rechoke(false)).hasSize(6);
        assertThat(s.optimistic()).hasSize(2);
    }

    @Test
    void aPeerListedTwiceIsRefused() {
        Choker choker = new Choker(ChokerSettings.defaults(), new SplittableRandom(1));
        ChokeCandidate c = new ChokeCandidate("a", true, false, 0, 0, 0, Long.MIN_VALUE);
        assertThatThrownBy(() -> choker.rechoke(List.of(c, c), false, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> ChokerSettings.defaults().withUploadSlots(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChokerSettings(8, Duration.ZERO, Duration.ofSeconds(30), SeedingAlgorithm.ROUND_ROBIN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChokeCandidate("a", true, false, Double.NaN, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ChokerSettings.defaults().uploadSlots()).isEqualTo(8);
        assertThat(ChokerSettings.defaults().optimisticSlots()).isEqualTo(1);
    }
}
