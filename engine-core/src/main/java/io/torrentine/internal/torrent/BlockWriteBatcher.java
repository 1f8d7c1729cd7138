package io.torrentine.internal.torrent;

import io.netty.buffer.ByteBuf;
import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.picker.PiecePicker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the blocks a torrent receives during one turn of its event loop into runs of
 * consecutive blocks of a piece, and hands each run to the disk layer as one write.
 *
 * <p>Why: a block is 16 KiB, so a download at 400 MB/s receives about 25,000 of them a second.
 * One disk job per block meant one hand-over to a disk thread and one completion back on the
 * loop per block; a peer sends the blocks of a piece in order, several per socket read, so a
 * run per piece and turn cuts both by the length of the run.
 *
 * <p>A run is handed over when the next block does not continue it, when its piece is complete
 * (its hash must see every block), and at the end of the turn ({@link #flushAll}); blocks
 * therefore wait at most one loop turn. Used on the torrent's event loop only.
 */
final class BlockWriteBatcher {
    /** Where runs go: the torrent's disk layer. */
    interface Sink {
        /**
         * Writes a run; see {@link io.torrentine.internal.disk.TorrentDiskIo#writeRun}.
         *
         * @param piece the piece
         * @param offset the first block's offset in the piece
         * @param blocks the blocks, ownership passed
         * @return completes when written
         */
        CompletableFuture<Void> writeRun(int piece, int offset, List<ByteBuf> blocks);
    }

    /** Told, on the loop, how the write of a run's blocks ended. */
    interface Outcome {
        /**
         * The run's write ended.
         *
         * @param blocks the run's blocks, in order
         * @param error null if every block was written; else why the write failed
         * @param refused true if the disk layer refused the run before queueing it (its future
         *     was never made)
         */
        void written(List<PiecePicker.Block> blocks, Throwable error, boolean refused);
    }

    private final Sink sink;
    private final Outcome outcome;
    /** Runs not yet handed over, by piece, in the order they were started. */
    private final Map<Integer, Run> runs = new LinkedHashMap<>();

    BlockWriteBatcher(Sink sink, Outcome outcome) {
        this.sink = sink;
        this.outcome = outcome;
    }

    /**
     * Adds a received block to its piece's run; hands over the run first if the block does not
     * continue it.
     *
     * @param block the block's address
     * @param data its bytes, ownership passed
     */
    void add(PiecePicker.Block block, ByteBuf data) {
        Run run = runs.get(block.piece());
        if (run != null && run.end != block.offset()) {
            runs.remove(block.piece());
            handOver(run);
            run = null;
        }
        if (run == null) {
            run = new Run(block.piece(), block.offset());
            runs.put(block.piece(), run);
        }
        run.blocks.add(block);
        run.data.add(data);
        run.end = block.offset() + FileLayout.BLOCK_SIZE;
    }

    /**
     * Hands over the run of one piece, if any.
     *
     * @param piece the piece
     */
    void flush(int piece) {
        Run run = runs.remove(piece);
        if (run != null) {
            handOver(run);
        }
    }

    /** Hands over every run. */
    void flushAll() {
        for (Iterator<Run> it = runs.values().iterator(); it.hasNext(); ) {
            Run run = it.next();
            it.remove();
            handOver(run);
        }
    }

    /**
     * Whether blocks are waiting.
     *
     * @return true if a run is not handed over yet
     */
    boolean isEmpty() {
        return runs.isEmpty();
    }

    private void handOver(Run run) {
        CompletableFuture<Void> written;
        try {
            written = sink.writeRun(run.piece, run.offset, run.data);
        } catch (RuntimeException e) {
            // The disk layer released the blocks; they will be downloaded again.
            outcome.written(run.blocks, e, true);
            return;
        }
        written.whenComplete((v, e) -> outcome.written(run.blocks, e, false));
    }

    /** Consecutive blocks of one piece. */
    private static final class Run {
        final int piece;
        final int offset;
        final List<PiecePicker.Block> blocks = new ArrayList<>(4);
        final List<ByteBuf> data = new ArrayList<>(4);
        int end;

        Run(int piece, int offset) {
            this.piece = piece;
            this.offset = offset;
        }
    }
}
