package io.torrentine.internal.picker;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.picker.PiecePicker.Block;
import io.torrentine.internal.picker.PiecePicker.Received;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of everything an engine does to a picker, with {@link
 * PiecePicker#checkInvariants()} after every step; seeded, bounded, reproducible. At the end every
 * peer is dropped and one seed must be able to finish the download: no block may be left stuck.
 */
class PiecePickerRandomTest {
    private static final int BLOCK = PiecePicker.BLOCK_SIZE;
    private static final int STEPS = 4_000;

    /** A simulated peer: its pieces and the requests it will answer. */
    private static final class Peer {
        final BitSet pieces = new BitSet();
        /** What the peer requested and the picker still counts as requested from it. */
        final List<Block> pending = new ArrayList<>();
        /** Aborted requests the peer may still answer. */
        final List<Block> late = new ArrayList<>();
        final String name;

        Peer(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void invariantsHoldUnderRandomOperations(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int pieces = 1 + rnd.nextInt(40);
        int pieceSize = BLOCK * (1 + rnd.nextInt(5)) - (rnd.nextBoolean() ? 0 : rnd.nextInt(BLOCK - 1));
        int lastSize = 1 + rnd.nextInt(pieceSize);
        PiecePicker picker = new PiecePicker(pieces, p -> p == pieces - 1 ? lastSize : pieceSize, new SplittableRandom(seed));
        List<Peer> peers = new ArrayList<>();
        List<Block> received = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        int seeds = 0;
        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(100);
            String what;
            if (op < 8 || peers.isEmpty()) {
                what = "connect";
                Peer peer = new Peer("peer" + step);
                for (int p = 0; p < pieces; p++) {
                    if (rnd.nextInt(3) > 0) {
                        peer.pieces.set(p);
                    }
                }
                picker.peerHasAll(peer.pieces);
                peers.add(peer);
            } else if (op < 11) {
                what = "disconnect";
                Peer peer = peers.remove(rnd.nextInt(peers.size()));
                if (rnd.nextBoolean()) {
                    picker.abortAll(peer);
                } else {
                    picker.forgetPeer(peer);
                }
                picker.peerLostAll(peer.pieces);
                assertThat(picker.outstanding(peer)).isZero();
            } else if (op < 35) {
                what = "pick";
                Peer peer = peers.get(rnd.nextInt(peers.size()));
                BitSet onlyFrom = null;
                if (rnd.nextInt(8) == 0) {
                    onlyFrom = new BitSet();
                    for (int i = 0; i < 4; i++) {
                        onlyFrom.set(rnd.nextInt(pieces));
                    }
                }
                List<Block> out = new ArrayList<>();
                int n = picker.pick(peer, peer.pieces::get, onlyFrom, 1 + rnd.nextInt(12), out);
                assertThat(out).hasSize(n);
                for (Block block : out) {
                    assertThat(peer.pieces.get(block.piece())).isTrue();
                    assertThat(picker.have(block.piece())).isFalse();
                    assertThat(picker.piecePriority(block.piece())).isPositive();
                    assertThat(peer.pending).doesNotContain(block);
                    if (onlyFrom != null) {
                        assertThat(onlyFrom.get(block.piece())).isTrue();
                    }
                }
                peer.pending.addAll(out);
                peer.late.removeAll(out);
            } else if (op < 60) {
                what = "deliver";
                Peer peer = peers.get(rnd.nextInt(peers.size()));
                List<Block> from = peer.late.isEmpty() || rnd.nextInt(3) > 0 ? peer.pending : peer.late;
                if (!from.isEmpty()) {
                    // mostly in order, sometimes out of order
                    Block block = from.remove(rnd.nextInt(4) == 0 ? rnd.nextInt(from.size()) : 0);
                    Received r = picker.received(block, peer);
                    if (from == peer.pending) {
                        assertThat(r.accepted() || picker.have(block.piece())).as("a requested block is accepted: %s", block).isTrue();
                    } else if (r.accepted()) {
                        peer.pending.remove(block);
                    }
                    if (r.accepted()) {
                        received.add(block);
                        for (Object other : r.cancelFrom()) {
                            assertThat(other).isNotSameAs(peer);
                            assertThat(((Peer) other).pending.remove(block)).isTrue();
                        }
                        if (r.pieceComplete()) {
                            hash(picker, block.piece(), rnd, received);
                        }
                    }
                }
            } else if (op < 64) {
                what = "unrequested or duplicate delivery";
                Peer peer = peers.get(rnd.nextInt(peers.size()));
                int piece = rnd.nextInt(pieces);
                int block = rnd.nextInt(picker.blocksInPiece(piece));
                int size = piece == pieces - 1 ? lastSize : pieceSize;
                Block b = new Block(piece, block * BLOCK, Math.min(BLOCK, size - block * BLOCK));
                boolean wasRequested = peer.pending.remove(b);
                peer.late.remove(b);
                Received r = picker.received(b, peer);
                if (r.accepted()) {
                    received.add(b);
                    r.cancelFrom().forEach(other -> ((Peer) other).pending.remove(b));
                    if (r.pieceComplete()) {
                        hash(picker, piece, rnd, received);
                    }
                } else if (wasRequested) {
                    assertThat(picker.have(piece) || picker.blockSenders(piece).get(block) != null)
                            .as("a requested block is rejected only as a duplicate").isTrue();
                }
            } else if (op < 70) {
                what = "timeout";
                Peer peer = peers.get(rnd.nextInt(peers.size()));
                if (!peer.pending.isEmpty()) {
                    Block block = peer.pending.get(rnd.nextInt(peer.pending.size()));
                    picker.abort(block, peer);
                    peer.pending.remove(block);
                    // a slow peer may still deliver it
                    if (rnd.nextBoolean()) {
                        peer.late.add(block);
                    }
                }
            } else if (op < 74) {
                what = "choke";
                Peer peer = peers.get(rnd.nextInt(peers.size()));
                picker.abortAll(peer);
                // with BEP 6 a choking peer may still answer some requests
                peer.pending.forEach(b -> {
                    if (rnd.nextBoolean()) {
                        peer.late.add(b);
                    }
                });
                peer.pending.clear();
            } else if (op < 82) {
                what = "write";
                if (!received.isEmpty()) {
                    Block block = received.remove(rnd.nextInt(received.size()));
                    if (rnd.nextInt(10) == 0) {
                        picker.writeFailed(block);
                    } else {
                        picker.written(block);
                    }
                }
            } else if (op < 88) {
                what = "priority";
                picker.setPiecePriority(rnd.nextInt(pieces), rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(8));
            } else if (op < 90) {
                what = "deadline";
                int piece = rnd.nextInt(pieces);
                if (rnd.nextBoolean()) {
                    picker.setDeadline(piece, rnd.nextLong(1000));
                } else {
                    picker.clearDeadline(piece);
                }
            } else if (op < 92) {
                what = "sequential";
                picker.setSequential(rnd.nextBoolean());
            } else if (op < 95) {
                what = "have / lt_donthave";
                Peer peer = peers.get(rnd.nextInt(peers.size()));
                int piece = rnd.nextInt(pieces);
                if (peer.pieces.get(piece)) {
                    peer.pieces.clear(piece);
                    picker.peerLost(piece);
                } else {
                    peer.pieces.set(piece);
                    picker.peerHas(piece);
                }
            } else if (op < 97) {
                what = "seed count";
                if (rnd.nextBoolean() || seeds == 0) {
                    picker.seedConnected();
                    seeds++;
                } else {
                    picker.seedDisconnected();
                    seeds--;
                }
            } else {
                what = "recheck";
                int piece = rnd.nextInt(pieces);
                if (rnd.nextBoolean()) {
                    picker.weDontHave(piece);
                } else {
                    picker.weHave(piece);
                    // its requests are forgotten: answers would be duplicates
                    for (Peer peer : peers) {
                        peer.pending.removeIf(b -> b.piece() == piece);
                    }
                }
            }
            counts.merge(what, 1, Integer::sum);
            try {
                picker.checkInvariants();
            } catch (IllegalStateException e) {
                throw new AssertionError("seed " + seed + ", step " + step + " (" + what + ")", e);
            }
        }
        assertThat(counts).containsKeys("pick", "deliver", "timeout", "choke", "priority");

        // Everyone leaves; one seed arrives and must finish every wanted piece.
        for (Peer peer : peers) {
            picker.abortAll(peer);
        }
        for (Block block : received) {
            picker.written(block);
        }
        Peer seed1 = new Peer("seed");
        picker.seedConnected();
        for (int round = 0; round < 10_000 && !picker.isFinished(); round++) {
            List<Block> out = new ArrayList<>();
            picker.pick(seed1, p -> true, null, 8, out);
            assertThat(out).as("a seed can always be given work until finished").isNotEmpty();
            for (Block block : out) {
                Received r = picker.received(block, seed1);
                assertThat(r.accepted()).isTrue();
                picker.written(block);
                if (r.pieceComplete()) {
                    picker.hashPassed(block.piece());
                }
            }
            picker.checkInvariants();
        }
        assertThat(picker.isFinished()).isTrue();
        assertThat(picker.wantedBytesLeft()).isZero();
    }

    /** Hashes a complete piece: passes nine times in ten. */
    private static void hash(PiecePicker picker, int piece, SplittableRandom rnd, List<Block> received) {
        List<Object> senders = picker.blockSenders(piece);
        assertThat(senders).doesNotContainNull();
        if (rnd.nextInt(10) == 0) {
            picker.hashFailed(piece);
        } else {
            picker.hashPassed(piece);
        }
        received.removeIf(b -> b.piece() == piece);
    }
}
