package io.torrentine.internal.peer.wire;

import static io.torrentine.internal.peer.wire.WireSamples.PIECES;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoding then decoding every message through {@code EmbeddedChannel}s (BEP 3, 5, 6, 10, 52). */
class PeerWireCodecTest {

    private static EmbeddedChannel decoder(boolean handshake) {
        return new EmbeddedChannel(new PeerWireDecoder(WireLimits.DEFAULT, PIECES, handshake));
    }

    @Test
    void everyMessageRoundTrips() {
        List<PeerMessage> expected = WireSamples.everyMessage(WireLimits.BLOCK);
        for (int i = 0; i < expected.size(); i++) {
            EmbeddedChannel in = decoder(false);
            byte[] wire = WireSamples.encode(List.of(WireSamples.everyMessage(WireLimits.BLOCK).get(i)));
            ByteBuf buf = Unpooled.wrappedBuffer(wire);
            in.writeInbound(buf);
            List<Object> read = WireSamples.drain(in);
            try {
                assertThat(read).as("message %s", expected.get(i)).containsExactly(expected.get(i));
                assertThat(in.finish()).isFalse();
            } finally {
                WireSamples.releaseAll(read);
            }
            // A piece block is a slice of the read buffer: released with the message, not before.
            assertThat(buf.refCnt()).isZero();
        }
        WireSamples.releaseAll(expected);
    }

    @Test
    void handshakeRoundTripsAndSwitchesToMessages() {
        Handshake handshake = WireSamples.handshake();
        byte[] wire = WireSamples.encode(List.of(handshake, new PeerMessage.Have(5)));
        assertThat(wire).hasSize(Handshake.LENGTH + 9);
        assertThat(wire[0]).isEqualTo((byte) 19);
        assertThat(new String(wire, 1, 19, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("BitTorrent protocol");
        // BEP 10 reserved[5] & 0x10; BEP 5 and BEP 6 in reserved[7].
        assertThat(Arrays.copyOfRange(wire, 20, 28)).containsExactly(0, 0, 0, 0, 0, 0x10, 0, 0x05);
        EmbeddedChannel in = decoder(true);
        in.writeInbound(Unpooled.wrappedBuffer(wire));
        assertThat(WireSamples.drain(in)).containsExactly(handshake, new PeerMessage.Have(5));
        assertThat(in.finish()).isFalse();
    }

    @Test
    void pieceEncodingSharesTheBlock() {
        ByteBuf block = PooledByteBufAllocator.DEFAULT.directBuffer(WireLimits.BLOCK).writeZero(WireLimits.BLOCK);
        PeerMessage.Piece piece = new PeerMessage.Piece(1, 0, block);
        ByteBuf wire = PeerWireEncoder.encode(PooledByteBufAllocator.DEFAULT, piece);
        try {
            assertThat(wire.readableBytes()).isEqualTo(13 + WireLimits.BLOCK);
            assertThat(block.refCnt()).as("the composite holds its own reference").isEqualTo(2);
            assertThat(wire.getInt(0)).isEqualTo(9 + WireLimits.BLOCK);
            assertThat(wire.getByte(4)).isEqualTo((byte) 7);
        } finally {
            wire.release();
            piece.release();
        }
        assertThat(block.refCnt()).isZero();
    }

    /**
     * A block within one read is a slice of that read's buffer; one split across two reads is a
     * composite of slices of both. Nothing is copied, and each read is released with the last
     * block that holds it.
     */
    @Test
    void pieceBlocksShareTheReadBuffers() {
        byte[] payload = new byte[WireLimits.BLOCK];
        new java.util.Random(7).nextBytes(payload);
        byte[] wire = WireSamples.encode(List.of(new PeerMessage.Piece(3, 0, Unpooled.wrappedBuffer(payload)),
                new PeerMessage.Piece(3, WireLimits.BLOCK, Unpooled.wrappedBuffer(payload))));
        int frame = wire.length / 2;
        ByteBuf first = Unpooled.directBuffer(wire.length).writeBytes(wire, 0, frame + 100);
        ByteBuf second = Unpooled.directBuffer(wire.length).writeBytes(wire, frame + 100, wire.length - frame - 100);
        EmbeddedChannel in = decoder(false);
        in.writeInbound(first);
        in.writeInbound(second);
        List<Object> read = WireSamples.drain(in);
        try {
            assertThat(read).hasSize(2);
            PeerMessage.Piece whole = (PeerMessage.Piece) read.get(0);
            PeerMessage.Piece split = (PeerMessage.Piece) read.get(1);
            assertThat(whole.block().memoryAddress()).as("sliced from the first read")
                    .isEqualTo(first.memoryAddress() + 13);
            assertThat(first.refCnt()).as("held by both blocks").isEqualTo(2);
            assertThat(second.refCnt()).as("held by the split block").isEqualTo(1);
            assertThat(split.block().nioBufferCount()).as("two views, no copy").isEqualTo(2);
            assertThat(ByteBufUtil.getBytes(whole.block())).isEqualTo(payload);
            assertThat(ByteBufUtil.getBytes(split.block())).isEqualTo(payload);
            assertThat(in.finish()).isFalse();
        } finally {
            WireSamples.releaseAll(read);
        }
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
    }

    /** A block dribbled in over many tiny reads is copied: a block never costs more than a few slices. */
    @Test
    void aBlockSplitAcrossManyReadsIsCopied() {
        byte[] payload = new byte[1000];
        new java.util.Random(8).nextBytes(payload);
        byte[] wire = WireSamples.encode(List.of(new PeerMessage.Piece(3, 0, Unpooled.wrappedBuffer(payload))));
        EmbeddedChannel in = decoder(false);
        List<ByteBuf> reads = new ArrayList<>();
        for (int i = 0; i < wire.length; i += 100) {
            ByteBuf read = Unpooled.directBuffer(100).writeBytes(wire, i, Math.min(100, wire.length - i));
            reads.add(read);
            in.writeInbound(read);
        }
        List<Object> read = WireSamples.drain(in);
        try {
            PeerMessage.Piece piece = (PeerMessage.Piece) read.get(0);
            assertThat(ByteBufUtil.getBytes(piece.block())).isEqualTo(payload);
            assertThat(reads).as("copied out: no read is held").allSatisfy(b -> assertThat(b.refCnt()).isZero());
            assertThat(in.finish()).isFalse();
        } finally {
            WireSamples.releaseAll(read);
        }
    }

    /** Concatenated frames split at every byte boundary decode to the same messages. */
    @Test
    void streamSplitAtEveryByteDecodesTheSame() {
        List<Object> messages = new ArrayList<>();
        messages.add(WireSamples.handshake());
        messages.addAll(WireSamples.everyMessage(100));
        List<Object> expected = new ArrayList<>();
        expected.add(WireSamples.handshake());
        expected.addAll(WireSamples.everyMessage(100));
        byte[] wire = WireSamples.encode(messages);
        try {
            checkDecodes(expected, List.of(wire));
            for (int split = 0; split <= wire.length; split++) {
                checkDecodes(expected, List.of(Arrays.copyOfRange(wire, 0, split),
                        Arrays.copyOfRange(wire, split, wire.length)));
            }
            List<byte[]> bytes = new ArrayList<>();
            for (byte b : wire) {
                bytes.add(new byte[] {b});
            }
            checkDecodes(expected, bytes);
        } finally {
            WireSamples.releaseAll(expected);
        }
    }

    private static void checkDecodes(List<Object> expected, List<byte[]> chunks) {
        EmbeddedChannel in = decoder(true);
        List<Object> read = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                in.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(chunk.length).writeBytes(chunk));
                read.addAll(WireSamples.drain(in));
            }
            assertThat(read).isEqualTo(expected);
            assertThat(in.finish()).isFalse();
        } finally {
            WireSamples.releaseAll(read);
        }
    }

    @Test
    void unknownPieceCountAcceptsAnyBitfieldUntilSet() {
        PeerWireDecoder decoder = new PeerWireDecoder(WireLimits.DEFAULT, PeerWireDecoder.UNKNOWN_PIECE_COUNT, false);
        EmbeddedChannel in = new EmbeddedChannel(decoder);
        in.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 5, (byte) 0xff, (byte) 0xff}));
        assertThat(WireSamples.drain(in)).containsExactly(new PeerMessage.Bitfield(new byte[] {-1, -1}));
        in.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5, 4, 0x7f, 0, 0, 0}));
        assertThat(WireSamples.drain(in)).containsExactly(new PeerMessage.Have(0x7f000000));
        decoder.pieceCount(16);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> in.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5, 4, 0, 0, 0, 16})))
                .isInstanceOf(PeerProtocolException.class)
                .extracting(e -> ((PeerProtocolException) e).reason())
                .isEqualTo(PeerProtocolException.Reason.INDEX_OUT_OF_RANGE);
        in.finishAndReleaseAll();
    }
}
