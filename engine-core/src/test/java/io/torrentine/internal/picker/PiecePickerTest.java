package io.torrentine.internal.picker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.picker.PiecePicker.Block;
import io.torrentine.internal.picker.PiecePicker.PeerPieces;
import io.torrentine.internal.picker.PiecePicker.Received;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per picking rule and per block state transition of {@link PiecePicker}. */
class PiecePickerTest {
    private static final int BLOCK = PiecePicker.BLOCK_SIZE;
    private static final PeerPieces ALL = piece -> true;

    private final Object peerA = new Peer("A");
    private final Object peerB = new Peer("B");
    private final Object peerC = new Peer("C");
    private PiecePicker picker;

    /** A peer identity; distinct instances are distinct peers. */
    private record Peer(String name) {}

    @AfterEach
    void invariantsHold() {
        if (picker != null) {
            picker.checkInvariants();
        }
    }

    private static PiecePicker picker(int pieces, int blocksPerPiece, long seed) {
        return new PiecePicker(pieces, p -> blocksPerPiece * BLOCK, new SplittableRandom(seed));
    }

    private List<Block> pick(Object peer, PeerPieces has, int max) {
        List<Block> out = new ArrayList<>();
        int n = picker.pick(peer, has, null, max, out);
        assertThat(out).hasSize(n);
        picker.checkInvariants();
        return out;
    }

    private static PeerPieces only(int... pieces) {
        BitSet set = new BitSet();
        for (int p : pieces) {
            set.set(p);
        }
        return set::get;
    }

    private static List<Integer> piecesOf(List<Block> blocks) {
        return blocks.stream().map(Block::piece).distinct().toList();
    }

    /** Receives, writes and hash-passes every block of the list, as a fast honest peer would. */
    private void complete(Object peer, List<Block> blocks) {
        for (Block block : blocks) {
            Received r = picker.received(block, peer);
            assertThat(r.accepted()).isTrue();
            picker.written(block);
            if (r.pieceComplete()) {
                picker.hashPassed(block.piece());
            }
        }
    }

    @Test
    void blocksCoverEachPieceAndTheLastBlockIsShort() {
        int last = 2 * BLOCK + 7232;
        picker = new PiecePicker(3, p -> p == 2 ? last : 4 * BLOCK, new SplittableRandom(1));
        assertThat(picker.blocksInPiece(0)).isEqualTo(4);
        assertThat(picker.blocksInPiece(2)).isEqualTo(3);
        assertThat(picker.wantedBytesLeft()).isEqualTo(8L * BLOCK + last);
        List<Block> all = pick(peerA, ALL, 100);
        assertThat(all).hasSize(11);
        assertThat(all).filteredOn(b -> b.piece() == 2)
                .containsExactly(new Block(2, 0, BLOCK), new Block(2, BLOCK, BLOCK), new Block(2, 2 * BLOCK, 7232));
        // blocks of a piece are handed out together and in order: requests follow the piece
        assertThat(piecesOf(all)).hasSize(3);
    }

    @Test
    void rarestPieceFirst() {
        picker = picker(10, 2, 1);
        for (int p = 0; p < 10; p++) {
            for (int n = 0; n < 3 + (p % 3); n++) {
                picker.peerHas(p);
            }
        }
        picker.peerLost(7);
        picker.peerLost(7); // piece 7 now 1 + 1 = ... availability 2, all others at least 3
        assertThat(picker.availability(7)).isEqualTo(2);
        assertThat(piecesOf(pick(peerA, ALL, 2))).containsExactly(7);
        // next rarest: availability 3 = pieces 0, 3, 6, 9
        assertThat(piecesOf(pick(peerA, ALL, 2))).containsAnyOf(0, 3, 6, 9).hasSize(1);
    }

    @Test
    void seedsCountOnceAndDoNotChangeTheOrder() {
        picker = picker(4, 1, 1);
        picker.peerHas(2);
        picker.peerHas(2);
        picker.peerHas(0);
        picker.peerHas(1);
        picker.peerHas(3);
        picker.seedConnected();
        picker.seedConnected();
        assertThat(picker.availability(2)).isEqualTo(4);
        assertThat(picker.availability(0)).isEqualTo(3);
        List<Integer> order = piecesOf(pick(peerA, ALL, 4));
        assertThat(order.get(3)).isEqualTo(2);
        picker.seedDisconnected();
        assertThat(picker.availability(0)).isEqualTo(2);
    }

    @Test
    void bitfieldsAddAndRemoveAvailability() {
        picker = picker(8, 1, 1);
        BitSet bits = new BitSet();
        bits.set(1);
        bits.set(5);
        bits.set(9); // beyond the piece count: ignored
        picker.peerHasAll(bits);
        picker.peerHasAll(bits);
        assertThat(picker.availability(5)).isEqualTo(2);
        picker.peerLostAll(bits);
        assertThat(picker.availability(5)).isEqualTo(1);
        picker.peerLost(0); // never below zero
        assertThat(picker.availability(0)).isZero();
        // 1 and 5 are the most common now: picked last
        assertThat(piecesOf(pick(peerA, ALL, 8)).subList(6, 8)).containsExactlyInAnyOrder(1, 5);
    }

    @Test
    void equallyRarePiecesArePickedAtRandomFromTheSeed() {
        List<Integer> firstPicks = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            picker = picker(100, 1, seed);
            picker.peerHas(50); // one piece more common than the rest: never first
            firstPicks.add(pick(peerA, ALL, 1).get(0).piece());
        }
        assertThat(firstPicks).doesNotContain(50);
        assertThat(new HashSet<>(firstPicks)).hasSizeGreaterThan(10);
        // the same seed gives the same order
        picker = picker(100, 1, 7);
        List<Block> one = pick(peerA, ALL, 100);
        picker = picker(100, 1, 7);
        assertThat(pick(peerA, ALL, 100)).isEqualTo(one);
        // and the order is not the index order
        assertThat(piecesOf(one)).isNotEqualTo(IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void higherPriorityStrictlyFirstAndPriorityZeroNever() {
        picker = picker(6, 1, 3);
        picker.setPiecePriority(4, 7);
        picker.setPiecePriority(1, 5);
        picker.setPiecePriority(0, 0);
        picker.setPiecePriority(3, 1);
        for (int n = 0; n < 5; n++) {
            picker.peerHas(4); // the most common piece, yet first by priority
        }
        assertThat(picker.piecePriority(4)).isEqualTo(7);
        List<Integer> order = piecesOf(pick(peerA, ALL, 10));
        assertThat(order).hasSize(5).doesNotContain(0);
        assertThat(order.subList(0, 2)).containsExactly(4, 1);
        assertThat(order.get(4)).isEqualTo(3);
        assertThat(picker.wantedBytesLeft()).isEqualTo(5L * BLOCK);
        // a peer with only the priority-0 piece gets nothing
        picker = picker(6, 1, 3);
        picker.setPiecePriority(0, 0);
        assertThat(pick(peerA, only(0), 10)).isEmpty();
        assertThatThrownBy(() -> picker.setPiecePriority(1, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finishedWhenEveryWantedPieceIsHad() {
        picker = picker(3, 1, 1);
        picker.setPiecePriority(2, 0);
        complete(peerA, pick(peerA, ALL, 10));
        assertThat(picker.isFinished()).isTrue();
        assertThat(picker.isSeed()).isFalse();
        assertThat(picker.wantedBytesLeft()).isZero();
        assertThat(picker.haveCount()).isEqualTo(2);
        assertThat(pick(peerA, ALL, 10)).isEmpty();
        picker.setPiecePriority(2, 1); // back from 0
        assertThat(picker.isFinished()).isFalse();
        complete(peerA, pick(peerA, ALL, 10));
        assertThat(picker.isSeed()).isTrue();
        BitSet all = new BitSet();
        all.set(0, 3);
        assertThat(picker.havePieces()).isEqualTo(all);
        picker.weDontHave(1); // a recheck found it bad
        assertThat(picker.have(1)).isFalse();
        assertThat(piecesOf(pick(peerA, ALL, 10))).containsExactly(1);
    }

    @Test
    void sequentialPicksLowestIndexWithinPriority() {
        picker = picker(10, 1, 1);
        picker.setSequential(true);
        picker.peerHas(9); // rarity does not matter in sequential mode
        picker.setPiecePriority(6, 7);
        picker.weHave(0);
        assertThat(piecesOf(pick(peerA, only(1, 2, 3, 5, 6, 7, 8), 4))).containsExactly(6, 1, 2, 3);
        picker.weDontHave(0);
        assertThat(piecesOf(pick(peerA, ALL, 2))).containsExactly(0, 4);
        picker.setSequential(false);
        assertThat(picker.isSequential()).isFalse();
        assertThat(piecesOf(pick(peerA, ALL, 10))).containsExactlyInAnyOrder(5, 7, 8, 9);
    }

    @Test
    void deadlinesFirstEarliestFirstBeforeAnyPriority() {
        picker = picker(10, 2, 1);
        picker.setPiecePriority(0, 7);
        picker.setDeadline(5, 3_000);
        picker.setDeadline(8, 1_000);
        picker.setDeadline(3, 2_000);
        picker.setDeadline(3, 500); // replaced: now the earliest
        picker.setDeadline(9, 100);
        picker.setPiecePriority(9, 0); // priority 0 wins over a deadline
        assertThat(piecesOf(pick(peerA, ALL, 7))).containsExactly(3, 8, 5, 0);
        picker.clearDeadline(5);
        picker = picker(10, 1, 1);
        picker.setDeadline(4, Long.MAX_VALUE);
        picker.setDeadline(2, Long.MAX_VALUE + 10); // later, across the wrap-around of nanoTime
        picker.setDeadline(7, Long.MAX_VALUE);
        assertThat(piecesOf(pick(peerA, ALL, 3))).containsExactly(4, 7, 2);
        complete(peerA, List.of(new Block(4, 0, BLOCK)));
        picker.weDontHave(4); // the deadline went with the hash pass
        picker.setDeadline(6, 0);
        assertThat(piecesOf(pick(peerA, ALL, 1))).containsExactly(6);
    }

    @Test
    void aPeerContinuesItsOwnPiecesThenOtherPartialPiecesThenNewOnes() {
        picker = picker(20, 4, 5);
        List<Block> a = pick(peerA, ALL, 2);
        int pieceA = a.get(0).piece();
        assertThat(piecesOf(a)).containsExactly(pieceA);
        List<Block> b = pick(peerB, only(IntStream.range(0, 20).filter(p -> p != pieceA).toArray()), 3);
        int pieceB = b.get(0).piece();
        assertThat(pieceB).isNotEqualTo(pieceA);
        // A picks: first the rest of its own piece, then B's partial piece, then a new one
        List<Block> again = pick(peerA, ALL, 5);
        assertThat(again.subList(0, 2)).allMatch(x -> x.piece() == pieceA);
        assertThat(again.get(2)).isEqualTo(new Block(pieceB, 3 * BLOCK, BLOCK));
        assertThat(again.get(3).piece()).isNotIn(pieceA, pieceB);
        assertThat(again.get(4).piece()).isEqualTo(again.get(3).piece());
        assertThat(picker.partialPieceCount()).isEqualTo(3);
        // C, holding A's new piece, has it finished before anything new is started
        int newPiece = again.get(3).piece();
        assertThat(pick(peerC, ALL, 2)).containsExactly(new Block(newPiece, 2 * BLOCK, BLOCK), new Block(newPiece, 3 * BLOCK, BLOCK));
    }

    @Test
    void ownPieceComesBeforeAnOlderPartialPieceOfTheSamePriority() {
        picker = picker(3, 4, 5);
        picker.setSequential(true);
        pick(peerB, ALL, 1); // piece 0, started first
        pick(peerA, only(1), 1); // piece 1
        assertThat(pick(peerA, ALL, 3)).extracting(Block::piece).containsExactly(1, 1, 1);
        assertThat(pick(peerA, ALL, 1)).containsExactly(new Block(0, BLOCK, BLOCK));
    }

    @Test
    void endGameHandsOutRequestedBlocksOnceMoreToAnotherPeer() {
        picker = picker(2, 2, 1);
        List<Block> a = pick(peerA, ALL, 3);
        assertThat(a).hasSize(3);
        assertThat(picker.isEndGame()).isFalse();
        // B can take the last FREE block, and then nothing more in end-game: that is the rule
        // "no FREE block the peer could take"
        List<Block> b = pick(peerB, ALL, 10);
        assertThat(picker.isEndGame()).isTrue();
        assertThat(b).hasSize(4);
        assertThat(b.get(0)).isNotIn(a);
        assertThat(b.subList(1, 4)).containsExactlyInAnyOrderElementsOf(a);
        assertThat(pick(peerC, ALL, 10)).as("at most two requesters per block").hasSize(1).containsExactly(b.get(0));
        assertThat(pick(peerA, ALL, 10)).as("never twice to the same peer").isEmpty();
        assertThat(picker.outstanding(peerB)).isEqualTo(4);

        Received first = picker.received(a.get(0), peerB);
        assertThat(first.accepted()).isTrue();
        assertThat(first.cancelFrom()).containsExactly(peerA);
        assertThat(picker.received(a.get(0), peerA).accepted()).as("a late duplicate").isFalse();
        assertThat(picker.outstanding(peerA)).isEqualTo(2);
        assertThat(picker.outstanding(peerB)).isEqualTo(3);
    }

    @Test
    void noEndGameWhileAnyWantedPieceIsUnstarted() {
        picker = picker(3, 2, 1);
        List<Block> a = pick(peerA, only(0), 10);
        assertThat(a).hasSize(2);
        // B has only piece 0, all of it requested from A, but pieces 1 and 2 are not started yet
        assertThat(pick(peerB, only(0), 10)).isEmpty();
        assertThat(picker.isEndGame()).isFalse();
    }

    @Test
    void allowedFastPicksOnlyFromTheSetInTheUsualOrder() {
        picker = picker(10, 2, 9);
        picker.peerHas(4);
        picker.peerHas(4);
        picker.peerHas(6);
        picker.setPiecePriority(8, 6);
        BitSet allowed = new BitSet();
        allowed.set(4);
        allowed.set(6);
        allowed.set(8);
        allowed.set(9);
        allowed.set(2);
        PeerPieces lacksNine = piece -> piece != 9;
        List<Block> out = new ArrayList<>();
        // 8 first by priority; then 2 (rarest), 6, 4
        assertThat(picker.pick(peerA, lacksNine, allowed, 7, out)).isEqualTo(7);
        assertThat(piecesOf(out)).containsExactly(8, 2, 6, 4);
        picker.checkInvariants();
        // with one partial and a deadline
        picker = picker(10, 2, 9);
        pick(peerB, only(3), 1);
        picker.setDeadline(7, 5);
        allowed.clear();
        allowed.set(1);
        allowed.set(3);
        allowed.set(7);
        out.clear();
        picker.pick(peerA, ALL, allowed, 10, out);
        assertThat(piecesOf(out)).containsExactly(7, 3, 1);
        assertThat(out).hasSize(5);
        // in the same order as the unrestricted pick would give
        out.clear();
        picker.pick(peerA, ALL, allowed, 10, out);
        assertThat(out).as("end-game rule: pieces 0, 2, 4.. are unstarted").isEmpty();
    }

    @Test
    void duplicateAndUnrequestedDeliveriesAreRejected() {
        picker = picker(2, 2, 1);
        List<Block> a = pick(peerA, ALL, 1);
        Block block = a.get(0);
        assertThat(picker.received(block, peerB).accepted()).as("B never requested it").isFalse();
        assertThat(picker.received(new Block(block.piece(), block.offset(), 100), peerA).accepted()).as("wrong length").isFalse();
        assertThat(picker.received(new Block(block.piece(), 3, BLOCK), peerA).accepted()).as("unaligned").isFalse();
        assertThat(picker.received(new Block(9, 0, BLOCK), peerA).accepted()).as("no such piece").isFalse();
        Block other = new Block(block.piece(), BLOCK - block.offset(), BLOCK);
        assertThat(picker.received(other, peerA).accepted()).as("a FREE block nobody requested").isFalse();
        assertThat(picker.received(block, peerA)).isEqualTo(new Received(true, List.of(), false));
        assertThat(picker.received(block, peerA).accepted()).isFalse();
        picker.written(block);
        assertThat(picker.received(block, peerA).accepted()).isFalse();
        assertThat(picker.outstanding(peerA)).isZero();
    }

    @Test
    void aDeliveryRacingAnAbortIsStillAccepted() {
        picker = picker(1, 3, 1);
        List<Block> a = pick(peerA, ALL, 3);
        picker.abort(a.get(0), peerA); // timed out
        picker.abort(a.get(0), peerB); // B never requested it: no effect
        assertThat(picker.outstanding(peerA)).isEqualTo(2);
        assertThat(picker.received(a.get(0), peerA).accepted()).as("FREE, but A requested it").isTrue();
        picker.abortAll(peerA); // choked
        assertThat(picker.outstanding(peerA)).isZero();
        List<Block> b = pick(peerB, ALL, 3);
        assertThat(b).containsExactly(a.get(1), a.get(2));
        Received late = picker.received(a.get(1), peerA); // A's data arrives anyway
        assertThat(late).isEqualTo(new Received(true, List.of(peerB), false));
        assertThat(picker.received(a.get(1), peerB).accepted()).isFalse();
        Received last = picker.received(a.get(2), peerB);
        assertThat(last.accepted()).isTrue();
        assertThat(last.pieceComplete()).isTrue();
        assertThat(picker.blockSenders(0)).containsExactly(peerA, peerA, peerB);
    }

    @Test
    void forgetPeerDropsTheRememberedRequester() {
        picker = picker(1, 2, 1);
        List<Block> a = pick(peerA, ALL, 2);
        picker.forgetPeer(peerA);
        assertThat(picker.received(a.get(0), peerA).accepted()).isFalse();
        assertThat(pick(peerB, ALL, 2)).isEqualTo(a);
    }

    @Test
    void hashFailureFreesEveryBlockAndThePieceIsPickedAgainFirst() {
        picker = picker(5, 2, 1);
        List<Block> a = pick(peerA, ALL, 2);
        int piece = a.get(0).piece();
        assertThat(picker.received(a.get(0), peerA).pieceComplete()).isFalse();
        picker.written(a.get(0));
        assertThat(picker.received(a.get(1), peerB).accepted()).isFalse();
        Received done = picker.received(a.get(1), peerA);
        assertThat(done.pieceComplete()).isTrue();
        assertThat(picker.blockSenders(piece)).containsExactly(peerA, peerA);
        picker.hashFailed(piece);
        assertThat(picker.blockSenders(piece)).containsExactly(null, null);
        assertThat(picker.partialPieceCount()).isEqualTo(1);
        assertThat(pick(peerB, ALL, 3)).startsWith(a.get(0), a.get(1));
        complete(peerB, a);
        assertThat(picker.have(piece)).isTrue();
        assertThat(picker.blockSenders(piece)).containsExactly(null, null);
    }

    @Test
    void writtenAndWriteFailed() {
        picker = picker(1, 2, 1);
        List<Block> a = pick(peerA, ALL, 2);
        picker.received(a.get(0), peerA);
        picker.written(a.get(0));
        picker.written(a.get(1)); // still REQUESTED: ignored
        picker.received(a.get(1), peerA);
        picker.writeFailed(a.get(1));
        assertThat(picker.blockSenders(0)).containsExactly(peerA, null);
        assertThat(pick(peerB, ALL, 2)).containsExactly(a.get(1));
        Received r = picker.received(a.get(1), peerB);
        assertThat(r.pieceComplete()).isTrue();
        picker.hashPassed(0);
        picker.written(a.get(1)); // after the pass: ignored
        assertThat(picker.isSeed()).isTrue();
        assertThatThrownBy(() -> picker.written(new Block(0, 1, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void priorityZeroMidDownloadKeepsRequestedBlocksConsistent() {
        picker = picker(3, 4, 2);
        picker.setSequential(true);
        List<Block> a = pick(peerA, ALL, 2); // piece 0, blocks 0 and 1
        picker.setPiecePriority(0, 0);
        assertThat(picker.isFinished()).isFalse();
        assertThat(piecesOf(pick(peerB, ALL, 4))).as("its FREE blocks are no longer handed out").containsExactly(1);
        assertThat(picker.received(a.get(0), peerA).accepted()).as("requested blocks still land").isTrue();
        picker.abort(a.get(1), peerA);
        picker.setPiecePriority(0, 5);
        assertThat(picker.partialPieces(5)).containsExactly(0);
        List<Block> b = pick(peerB, ALL, 10);
        assertThat(b).startsWith(new Block(0, BLOCK, BLOCK), new Block(0, 2 * BLOCK, BLOCK), new Block(0, 3 * BLOCK, BLOCK));
        assertThat(piecesOf(b)).containsExactly(0, 2);
    }

    @Test
    void weHaveDropsOutstandingRequestsOfThePiece() {
        picker = picker(2, 2, 1);
        picker.setSequential(true);
        List<Block> a = pick(peerA, ALL, 3);
        picker.weHave(0);
        assertThat(picker.outstanding(peerA)).isEqualTo(1);
        assertThat(picker.received(a.get(0), peerA).accepted()).isFalse();
        assertThat(picker.partialPieceCount()).isEqualTo(1);
    }

    @Test
    void abortAllFreesEverythingAtOnce() {
        picker = picker(4, 4, 1);
        List<Block> a = pick(peerA, ALL, 10);
        picker.abortAll(peerA);
        assertThat(picker.outstanding(peerA)).isZero();
        assertThat(picker.isEndGame()).isFalse();
        List<Block> b = pick(peerB, ALL, 16);
        assertThat(b).hasSize(16).containsAll(a);
        picker.abortAll(peerC); // unknown peer: nothing
    }

    @Test
    void aPeerNeverHasMoreThanTheBoundOutstanding() {
        picker = new PiecePicker(3000, p -> 4 * BLOCK, new SplittableRandom(1));
        List<Block> out = new ArrayList<>();
        assertThat(picker.pick(peerA, ALL, null, PiecePicker.MAX_REQUESTS_PER_PEER + 100, out))
                .isEqualTo(PiecePicker.MAX_REQUESTS_PER_PEER);
        assertThat(picker.pick(peerA, ALL, null, 1, out)).isZero();
        Set<Block> distinct = new HashSet<>(out);
        assertThat(distinct).hasSize(PiecePicker.MAX_REQUESTS_PER_PEER);
    }

    @Test
    void emptyTorrentAndBadArguments() {
        picker = new PiecePicker(0, p -> BLOCK, new SplittableRandom(1));
        assertThat(picker.isSeed()).isTrue();
        assertThat(pick(peerA, ALL, 5)).isEmpty();
        assertThatThrownBy(() -> new PiecePicker(2, p -> 0, new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> picker.peerHas(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
