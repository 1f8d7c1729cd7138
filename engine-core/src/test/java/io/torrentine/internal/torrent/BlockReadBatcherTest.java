package io.torrentine.internal.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.peer.wire.PeerMessage.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Runs of consecutive requests per peer, served by one read each and cut into the blocks. */
class BlockReadBatcherTest {
    private static final int BLOCK = 16384;

    private final List<String> reads = new ArrayList<>();
    private final List<CompletableFuture<ByteBuf>> pending = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();
    private final List<ByteBuf> blocks = new ArrayList<>();
    private final BlockReadBatcher<String> batcher = new BlockReadBatcher<>((piece, offset, length) -> {
        reads.add(piece + "@" + offset + "+" + length);
        CompletableFuture<ByteBuf> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    }, new BlockReadBatcher.Delivery<>() {
        @Override
        public void read(String peer, Request request, ByteBuf block) {
            delivered.add(peer + " " + request.begin() + " first byte " + block.getByte(0) + " len " + block.readableBytes());
            blocks.add(block);
        }

        @Override
        public void failed(String peer, Request request, Throwable error) {
            delivered.add(peer + " " + request.begin() + " failed");
        }
    });

    /** A piece's bytes: byte i of block b is b. */
    private static ByteBuf piece(int offset, int length) {
        ByteBuf buf = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            buf.writeByte((offset + i) / BLOCK);
        }
        return buf;
    }

    @Test
    void consecutiveRequestsOfAPeerAreOneReadCutIntoTheirBlocks() {
        batcher.add("a", new Request(7, 0, BLOCK));
        batcher.add("b", new Request(7, 0, BLOCK));
        batcher.add("a", new Request(7, BLOCK, BLOCK));
        batcher.add("a", new Request(7, 2 * BLOCK, BLOCK));
        assertThat(reads).as("nothing before the turn ends").isEmpty();
        batcher.flushAll();
        assertThat(reads).containsExactly("7@0+" + 3 * BLOCK, "7@0+" + BLOCK);

        ByteBuf run = piece(0, 3 * BLOCK);
        pending.get(0).complete(run);
        assertThat(delivered).containsExactly("a 0 first byte 0 len 16384", "a 16384 first byte 1 len 16384",
                "a 32768 first byte 2 len 16384");
        assertThat(run.refCnt()).as("held by the three blocks only").isEqualTo(3);
        blocks.forEach(ByteBuf::release);
        assertThat(run.refCnt()).isZero();

        pending.get(1).completeExceptionally(new IllegalStateException("disk gone"));
        assertThat(delivered).endsWith("b 0 failed");
    }

    @Test
    void aRequestThatDoesNotContinueTheRunStartsAnother() {
        batcher.add("a", new Request(1, 0, BLOCK));
        batcher.add("a", new Request(1, 2 * BLOCK, BLOCK));
        batcher.add("a", new Request(2, 3 * BLOCK, BLOCK));
        assertThat(reads).containsExactly("1@0+" + BLOCK, "1@" + 2 * BLOCK + "+" + BLOCK);
        batcher.flushAll();
        assertThat(reads).hasSize(3).endsWith("2@" + 3 * BLOCK + "+" + BLOCK);
        batcher.flushAll();
        assertThat(reads).hasSize(3);
        pending.forEach(f -> f.complete(Unpooled.buffer(BLOCK).writeZero(BLOCK)));
        assertThat(delivered).hasSize(3);
        blocks.forEach(ByteBuf::release);
    }
}
