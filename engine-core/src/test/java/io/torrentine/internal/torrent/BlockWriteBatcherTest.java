package io.torrentine.internal.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.picker.PiecePicker.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs of consecutive blocks per piece, handed to the disk in one write each. */
class BlockWriteBatcherTest {
    private static final int BLOCK = FileLayout.BLOCK_SIZE;

    private final List<String> runs = new ArrayList<>();
    private final List<CompletableFuture<Void>> futures = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final List<ByteBuf> handedOver = new ArrayList<>();
    private final BlockWriteBatcher batcher = new BlockWriteBatcher((piece, offset, blocks) -> {
        runs.add(piece + "@" + offset / BLOCK + "x" + blocks.size());
        handedOver.addAll(blocks);
        CompletableFuture<Void> f = new CompletableFuture<>();
        futures.add(f);
        return f;
    }, (blocks, error, refused) -> outcomes.add(blocks.size() + (error == null ? " ok" : " failed")));

    @AfterEach
    void release() {
        handedOver.forEach(ByteBuf::release);
    }

    private void add(int piece, int block) {
        batcher.add(new Block(piece, block * BLOCK, BLOCK), Unpooled.buffer(1).writeByte(block));
    }

    @Test
    void consecutiveBlocksOfAPieceBecomeOneRunAtTheEndOfTheTurn() {
        add(4, 0);
        add(4, 1);
        add(9, 3);
        add(4, 2);
        add(9, 4);
        assertThat(runs).as("nothing before the turn ends").isEmpty();
        batcher.flushAll();
        assertThat(runs).containsExactly("4@0x3", "9@3x2");
        assertThat(batcher.isEmpty()).isTrue();
        assertThat(handedOver).extracting(b -> (int) b.getByte(0)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aBlockThatDoesNotContinueTheRunHandsTheRunOver() {
        add(1, 0);
        add(1, 1);
        add(1, 5); // end-game or another peer: not the next block
        assertThat(runs).containsExactly("1@0x2");
        add(1, 6);
        batcher.flush(1); // the piece is complete: its hash must see every block
        assertThat(runs).containsExactly("1@0x2", "1@5x2");
        batcher.flushAll();
        assertThat(runs).hasSize(2);
    }

    @Test
    void eachRunReportsItsOwnOutcome() {
        add(2, 0);
        add(3, 0);
        batcher.flushAll();
        futures.get(1).completeExceptionally(new IllegalStateException("disk full"));
        futures.get(0).complete(null);
        assertThat(outcomes).containsExactly("1 failed", "1 ok");
    }

    @Test
    void aRefusedRunIsReportedAtOnce() {
        BlockWriteBatcher refusing = new BlockWriteBatcher((piece, offset, blocks) -> {
            blocks.forEach(ByteBuf::release); // the disk layer releases what it refuses
            throw new IllegalArgumentException("not a block");
        }, (blocks, error, refused) -> outcomes.add(blocks.size() + " refused=" + refused));
        ByteBuf data = Unpooled.buffer(1).writeByte(1);
        refusing.add(new Block(0, 0, BLOCK), data);
        refusing.flushAll();
        assertThat(outcomes).containsExactly("1 refused=true");
        assertThat(data.refCnt()).isZero();
    }
}
