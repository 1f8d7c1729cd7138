package io.torrentine.internal.choke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A torrent's peers as the engine would see them, driven by a fake clock: each round builds the
 * candidates, runs the choker and applies its answer the way the engine does (a newly unchoked
 * peer gets {@code unchokedAt = now} and its byte count reset; an unchoked peer receives
 * {@code uploadRate × interval} bytes per round).
 */
final class SimulatedPeers {
    /** One peer; fields are set by the tests between rounds. */
    static final class Peer {
        final String name;
        boolean interested = true;
        double downloadRate;
        double uploadRate;
        boolean unchoked;
        long unchokedAt = Long.MIN_VALUE;
        long bytesSinceUnchoke;

        Peer(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final Choker choker;
    final Map<String, Peer> peers = new LinkedHashMap<>();
    long now = 1_000_000_000_000L;
    private final long intervalNanos;

    SimulatedPeers(Choker choker, int count) {
        this.choker = choker;
        this.intervalNanos = choker.settings().rechokeInterval().toNanos();
        for (int i = 0; i < count; i++) {
            add("p" + i);
        }
    }

    Peer add(String name) {
        Peer p = new Peer(name);
        peers.put(name, p);
        return p;
    }

    Peer peer(String name) {
        return peers.get(name);
    }

    List<ChokeCandidate> candidates() {
        List<ChokeCandidate> list = new ArrayList<>();
        for (Peer p : peers.values()) {
            list.add(new ChokeCandidate(p, p.interested, p.unchoked, p.downloadRate,
                    p.unchoked ? p.uploadRate : 0, p.bytesSinceUnchoke, p.unchokedAt));
        }
        return list;
    }

    /** Runs a rechoke at the current time and applies it; returns the unchoked peers' names. */
    Set<String> rechoke(boolean seeding) {
        Set<Object> unchoke = choker.rechoke(candidates(), seeding, now);
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Peer p : peers.values()) {
            if (unchoke.contains(p)) {
                names.add(p.name);
                if (!p.unchoked) {
                    p.unchoked = true;
                    p.unchokedAt = now;
                    p.bytesSinceUnchoke = 0;
                }
            } else {
                p.unchoked = false;
                p.bytesSinceUnchoke = 0;
            }
        }
        return names;
    }

    /** Moves time on by one rechoke interval, counting the bytes each unchoked peer received. */
    void tick() {
        advance(Duration.ofNanos(intervalNanos));
    }

    void advance(Duration d) {
        for (Peer p : peers.values()) {
            if (p.unchoked) {
                p.bytesSinceUnchoke += (long) (p.uploadRate * d.toNanos() / 1e9);
            }
        }
        now += d.toNanos();
    }

    Set<String> optimistic() {
        Set<String> names = new java.util.TreeSet<>();
        for (Object o : choker.optimisticallyUnchoked()) {
            names.add(o.toString());
        }
        return names;
    }
}
