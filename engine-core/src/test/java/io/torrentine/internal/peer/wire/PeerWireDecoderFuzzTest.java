package io.torrentine.internal.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzzing of {@link PeerWireDecoder} (BEP 3 framing and every message it knows).
 *
 * <p>The first input byte picks the mode (handshake first or not, piece count known or not) and
 * the chunk size the rest is fed in; arbitrary bytes must end only in messages or a
 * {@link PeerProtocolException}, and every buffer is released (leak detection is paranoid).
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
        EmbeddedChannel channel = new EmbeddedChannel(new PeerWireDecoder(limits, pieces, handshake));
        boolean failed = false;
        List<ByteBuf> fed = new ArrayList<>();
        try {
            for (int off = 1; off < input.length && !failed; off += chunk) {
                int len = Math.min(chunk, input.length - off);
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(len).writeBytes(input, off, len);
                fed.add(buf);
                try {
                    channel.writeInbound(buf);
                } catch (PeerProtocolException e) {
                    assertThat(e.reason()).isNotNull();
                    assertThat(channel.isOpen()).isFalse();
                    failed = true;
                }
                if (failed) {
                    assertThat(buf.refCnt()).isZero();
                }
                List<Object> read = WireSamples.drain(channel);
                for (Object m : read) {
                    assertThat(m).isInstanceOfAny(PeerMessage.class, Handshake.class);
                }
                WireSamples.releaseAll(read);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        // The decoder may keep an incomplete frame's bytes until the channel closes, not longer.
        for (ByteBuf buf : fed) {
            assertThat(buf.refCnt()).isZero();
        }
    }
}
