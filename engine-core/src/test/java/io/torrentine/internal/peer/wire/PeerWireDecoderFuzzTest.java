package io.torrentine.internal.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;

/**
 * Jazzer fuzzing of {@link PeerWireDecoder} (BEP 3 framing and every message it knows).
 *
 * <p>The first input byte picks the mode (handshake first or not, piece count known or not) and
 * the chunk size the rest is fed in; arbitrary bytes must end only in messages or a
 * {@link PeerProtocolException}, and every buffer is released: the fed ones and those the
 * decoder allocates all come from a {@link TrackingAllocator}, checked after each input (cheaper
 * than the paranoid leak detector, which held fuzzing to about 200 inputs/s under Jazzer; about
 * 22,000/s with it).
 * Without {@code JAZZER_FUZZ} it replays
 * {@code src/test/resources/io/torrentine/internal/peer/wire/PeerWireDecoderFuzzTestInputs/decodeArbitraryBytes/}:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core test -Dtest=PeerWireDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class PeerWireDecoderFuzzTest {
    /** Small limits so that random lengths reach the bounds. */
    private static final WireLimits SMALL = new WireLimits(300, 64);

    @FuzzTest(maxDuration = "60s")
    void decodeArbitraryBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        boolean handshake = (mode & 1) != 0;
        int pieces = (mode & 2) != 0 ? PeerWireDecoder.UNKNOWN_PIECE_COUNT : 1 + (mode >>> 4) * 7;
        WireLimits limits = (mode & 4) != 0 ? SMALL : WireLimits.DEFAULT;
        int chunk = 1 + ((mode >>> 3) & 1) * 63;
        // Every buffer, fed or made by the decoder (cumulation, piece and extended payloads), comes
        // from this allocator and is checked below: faster than the paranoid leak detector.
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new PeerWireDecoder(limits, pieces, handshake));
        boolean failed = false;
        try {
            for (int off = 1; off < input.length && !failed; off += chunk) {
                int len = Math.min(chunk, input.length - off);
                ByteBuf buf = alloc.directBuffer(len).writeBytes(input, off, len);
                try {
                    channel.writeInbound(buf);
                } catch (PeerProtocolException e) {
                    assertThat(e.reason()).isNotNull();
                    assertThat(channel.isOpen()).isFalse();
                    failed = true;
                }
                List<Object> read = WireSamples.drain(channel);
                for (Object m : read) {
                    assertThat(m).isInstanceOfAny(PeerMessage.class, Handshake.class);
                }
                WireSamples.releaseAll(read);
                if (failed) {
                    // Blocks decoded from this read before the violation are slices of it: once
                    // they are released, nothing may hold the read any more.
                    assertThat(buf.refCnt()).isZero();
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        // The decoder may keep an incomplete frame's bytes until the channel closes, not longer.
        assertThat(alloc.unreleased()).isEmpty();
    }
}
