package io.torrentine.internal.picker;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.picker.PiecePicker.Block;
import io.torrentine.internal.picker.PiecePicker.Received;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classic "stuck at 99 %" (GUIDE.md): many peers fill the request pipelines, some choke,
 * disconnect or stop answering mid-piece; because every such request goes back to FREE at once
 * ({@code abort}, {@code abortAll}), the peers that stay must be able to finish every piece.
 */
class StuckAt99Test {
    private static final int PIECES = 64;
    private static final int BLOCKS = 8;

    /** A simulated peer with a FIFO of requests it answers in order. */
    private static final class Peer {
        final BitSet pieces = new BitSet();
        final ArrayDeque<Block> queue = new ArrayDeque<>();
        final boolean unreliable;

        Peer(boolean unreliable) {
            this.unreliable = unreliable;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33, 44, 55})
    void theReliablePeersFinishEveryPieceAfterOthersChokeLeaveOrStall(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PiecePicker picker = new PiecePicker(PIECES, p -> BLOCKS * PiecePicker.BLOCK_SIZE, new SplittableRandom(seed));
        List<Peer> peers = new ArrayList<>();
        // three reliable peers that together have every piece, none of them all
        for (int i = 0; i < 3; i++) {
            Peer peer = new Peer(false);
            for (int p = 0; p < PIECES; p++) {
                if (p % 3 == i || rnd.nextInt(3) == 0) {
                    peer.pieces.set(p);
                }
            }
            peers.add(peer);
        }
        // seven unreliable peers with everything
        for (int i = 0; i < 7; i++) {
            Peer peer = new Peer(true);
            peer.pieces.set(0, PIECES);
            peers.add(peer);
        }
        peers.forEach(p -> picker.peerHasAll(p.pieces));

        int disruptiveRounds = 10;
        int strandedAtSwitch = -1;
        int round = 0;
        for (; round < 2_000 && !picker.isFinished(); round++) {
            if (round == disruptiveRounds) {
                // the unreliable peers still connected hold requests mid-piece: from here on
                // they never answer
                strandedAtSwitch = peers.stream().filter(p -> p.unreliable).mapToInt(picker::outstanding).sum();
                assertThat(picker.haveCount()).isLessThan(PIECES);
            }
            for (Peer peer : new ArrayList<>(peers)) {
                List<Block> out = new ArrayList<>();
                picker.pick(peer, peer.pieces::get, null, 16 - peer.queue.size(), out);
                peer.queue.addAll(out);
                if (peer.unreliable && round < disruptiveRounds) {
                    int event = rnd.nextInt(10);
                    if (event == 0) {
                        picker.abortAll(peer); // choke
                        peer.queue.clear();
                        continue;
                    } else if (event == 1) {
                        picker.forgetPeer(peer); // disconnect
                        picker.peerLostAll(peer.pieces);
                        peers.remove(peer);
                        continue;
                    } else if (event < 5) {
                        // stalls: its oldest requests time out, the rest wait
                        for (int i = 0; i < 2 && !peer.queue.isEmpty(); i++) {
                            picker.abort(peer.queue.poll(), peer);
                        }
                        continue;
                    }
                } else if (peer.unreliable) {
                    // after the disruptions, the unreliable peers still connected never answer
                    // again: they time out everything, as an engine's request timer would do
                    while (!peer.queue.isEmpty()) {
                        picker.abort(peer.queue.poll(), peer);
                    }
                    continue;
                }
                // answers up to 4 requests this round
                for (int i = 0; i < 4 && !peer.queue.isEmpty(); i++) {
                    Block block = peer.queue.poll();
                    Received r = picker.received(block, peer);
                    for (Object other : r.cancelFrom()) {
                        picker.abort(block, other); // the cancel was sent
                        ((Peer) other).queue.remove(block);
                    }
                    if (r.accepted()) {
                        picker.written(block);
                        if (r.pieceComplete()) {
                            picker.hashPassed(block.piece());
                        }
                    }
                }
            }
            picker.checkInvariants();
        }
        assertThat(picker.isFinished()).as("finished after %d rounds", round).isTrue();
        assertThat(picker.haveCount()).isEqualTo(PIECES);
        assertThat(picker.partialPieceCount()).isZero();
        assertThat(strandedAtSwitch).as("blocks were stranded with the unreliable peers").isPositive();
    }
}
