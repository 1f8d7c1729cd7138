package io.torrentine.examples.bench;

import io.torrentine.internal.picker.PiecePicker;
import io.torrentine.internal.picker.PiecePicker.Block;
import io.torrentine.internal.picker.PiecePicker.Received;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The piece picker on the data path: a steady download from {@value #PEERS} peers, each keeping
 * {@value #PIPELINE} requests outstanding and answering them in order. One {@link #pickAndReceive}
 * operation is what the engine does per 16 KiB block: one {@code received} + {@code written} of
 * the oldest request of a peer (with {@code hashPassed} when the piece completes) and one
 * {@code pick} of a block for that peer. When the torrent is complete, every piece is marked
 * missing again and the download restarts. {@link #haveMessage} is a {@code have} message and an
 * {@code lt_donthave} (two availability changes). See "Piece picker" in
 * {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PiecePickerBenchmark {
    /** Connected peers. */
    static final int PEERS = 50;
    /** Requests each peer keeps outstanding. */
    static final int PIPELINE = 16;
    /** 256 KiB pieces: 16 blocks. */
    static final int PIECE_SIZE = 16 * PiecePicker.BLOCK_SIZE;

    /** The number of pieces: 2,048 (512 MiB) or 100,000 (24 GiB). */
    @Param({"2048", "100000"})
    public int pieces;

    /** The percentage of the pieces each peer has (random pieces). */
    @Param({"100", "50"})
    public int peerShare;

    /** The picker under test; public for the smoke test. */
    public PiecePicker picker;
    private BitSet[] peerPieces;
    private ArrayDeque<Block>[] queues;
    private Object[] peerIds;
    private boolean[] starved;
    private int next;
    /** How many times the whole torrent was downloaded; public for the smoke test. */
    public int downloads;
    private int[] randomPieces;
    private int randomNext;
    private final List<Block> out = new ArrayList<>(4);

    /** Creates the picker, the peers and their bitfields. */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        picker = new PiecePicker(pieces, p -> PIECE_SIZE, new SplittableRandom(7));
        peerPieces = new BitSet[PEERS];
        queues = new ArrayDeque[PEERS];
        peerIds = new Object[PEERS];
        starved = new boolean[PEERS];
        for (int i = 0; i < PEERS; i++) {
            peerIds[i] = new Object();
            queues[i] = new ArrayDeque<>();
            BitSet has = new BitSet(pieces);
            for (int p = 0; p < pieces; p++) {
                if (random.nextInt(100) < peerShare) {
                    has.set(p);
                }
            }
            peerPieces[i] = has;
            picker.peerHasAll(has);
        }
        randomPieces = random.ints(4096, 0, pieces).toArray();
    }

    /**
     * One block's worth of picker work: the oldest request of the next peer is answered and a
     * new block is picked for it.
     *
     * @return the blocks picked, so that the work is not eliminated
     */
    @Benchmark
    public int pickAndReceive() {
        int peer = next;
        next = peer + 1 == PEERS ? 0 : peer + 1;
        ArrayDeque<Block> queue = queues[peer];
        Object id = peerIds[peer];
        // a full pipeline answers its oldest request; so does a peer that got nothing last time
        // (end-game), or the pipelines would never drain
        if (queue.size() >= PIPELINE || (starved[peer] && !queue.isEmpty())) {
            Block block = queue.poll();
            Received r = picker.received(block, id);
            if (r.accepted()) {
                picker.written(block);
                if (r.pieceComplete()) {
                    picker.hashPassed(block.piece());
                    if (picker.isSeed()) {
                        restart();
                    }
                }
            }
        }
        out.clear();
        BitSet has = peerPieces[peer];
        int n = picker.pick(id, has::get, null, 1, out);
        queue.addAll(out);
        starved[peer] = n == 0;
        return n;
    }

    /** Everything back to missing; the peers' queues are dropped as if they had choked. */
    private void restart() {
        downloads++;
        for (int i = 0; i < PEERS; i++) {
            picker.abortAll(peerIds[i]);
            queues[i].clear();
        }
        for (int p = 0; p < pieces; p++) {
            picker.weDontHave(p);
        }
    }

    /**
     * A {@code have} message for a random piece followed by an {@code lt_donthave} for it.
     *
     * @return the piece's availability, so that the work is not eliminated
     */
    @Benchmark
    public int haveMessage() {
        int piece = randomPieces[randomNext];
        randomNext = (randomNext + 1) & (randomPieces.length - 1);
        picker.peerHas(piece);
        int availability = picker.availability(piece);
        picker.peerLost(piece);
        return availability;
    }
}
