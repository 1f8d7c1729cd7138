package io.torrentine.examples.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.internal.peer.wire.PeerWireEncoder;
import io.torrentine.internal.peer.wire.WireLimits;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding 16 KiB {@code piece} messages (BEP 3) with pooled direct buffers: one
 * operation is one message, so ops/s is messages/s and MB/s is ops/s × 16,397 bytes. See the
 * section "Peer wire codec" of {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PieceMessageBenchmark {
    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private ByteBuf wire;
    private ByteBuf block;
    private EmbeddedChannel decoder;

    /** Encodes one message to decode over and over, and a block to encode over and over. */
    @Setup(Level.Trial)
    public void setUp() {
        block = ALLOC.directBuffer(WireLimits.BLOCK);
        byte[] random = new byte[WireLimits.BLOCK];
        ThreadLocalRandom.current().nextBytes(random);
        block.writeBytes(random);
        ByteBuf encoded = PeerWireEncoder.encode(ALLOC, new PeerMessage.Piece(3, 16384, block.retainedDuplicate()));
        wire = ALLOC.directBuffer(encoded.readableBytes()).writeBytes(encoded);
        encoded.release();
        decoder = new EmbeddedChannel(new PeerWireDecoder(WireLimits.DEFAULT, 1000, false));
        decoder.config().setAllocator(ALLOC);
        // Measuring a decoder that produced nothing would be meaningless.
        PeerMessage.Piece check = (PeerMessage.Piece) decodeOnce();
        if (!check.block().equals(block)) {
            throw new IllegalStateException("the block did not round-trip");
        }
        check.release();
    }

    /** Releases the buffers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        decoder.finishAndReleaseAll();
        wire.release();
        block.release();
    }

    private Object decodeOnce() {
        decoder.writeInbound(wire.retainedDuplicate());
        return decoder.readInbound();
    }

    /**
     * Decodes one {@code piece} frame through the pipeline; the block is copied into a pooled
     * buffer of its own, then released as the disk layer would after writing it.
     *
     * @return the piece index, so that the work is not eliminated
     */
    @Benchmark
    public int decode() {
        PeerMessage.Piece piece = (PeerMessage.Piece) decodeOnce();
        int index = piece.index();
        piece.release();
        return index;
    }

    /**
     * Encodes one {@code piece}: a 13-byte header composed with the block, not copied.
     *
     * @return the encoded length, so that the work is not eliminated
     */
    @Benchmark
    public int encode() {
        PeerMessage.Piece piece = new PeerMessage.Piece(3, 16384, block.retainedDuplicate());
        ByteBuf out = PeerWireEncoder.encode(ALLOC, piece);
        int length = out.readableBytes();
        out.release();
        piece.release();
        return length;
    }
}
