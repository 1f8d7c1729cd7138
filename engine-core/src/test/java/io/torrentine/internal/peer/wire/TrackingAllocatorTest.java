package io.torrentine.internal.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz test's leak check sees the decoder's own buffers, and a buffer left unreleased. */
class TrackingAllocatorTest {
    @Test
    void reportsUnreleasedBuffers() {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf kept = alloc.heapBuffer(8);
        ByteBuf freed = alloc.directBuffer(8);
        freed.release();
        assertThat(alloc.unreleased()).containsExactly(kept);
        kept.release();
        assertThat(alloc.unreleased()).isEmpty();
    }

    @Test
    void decoderAllocatesFromTheChannelsAllocator() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new PeerWireDecoder(WireLimits.DEFAULT, WireSamples.PIECES, false));
        byte[] piece = WireSamples.encode(List.of(new PeerMessage.Piece(1, 0,
                Unpooled.wrappedBuffer(new byte[100]))));
        // Dribbled in 10-byte reads: the block spans more reads than the decoder composes, so it
        // is copied into a buffer from the channel's allocator.
        int reads = 0;
        for (int i = 0; i < piece.length; i += 10, reads++) {
            channel.writeInbound(alloc.buffer().writeBytes(piece, i, Math.min(10, piece.length - i)));
        }
        List<Object> read = WireSamples.drain(channel);
        assertThat(read).hasSize(1);
        assertThat(alloc.allocatedCount()).isGreaterThan(reads);
        assertThat(alloc.unreleased()).isNotEmpty();
        WireSamples.releaseAll(read);
        channel.finishAndReleaseAll();
        assertThat(alloc.unreleased()).isEmpty();
    }
}
