package io.torrentine.internal.peer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Function;

/**
 * Jazzer fuzzing of every extension payload decoder (BEP 10 handshake, BEP 9 ut_metadata,
 * BEP 11 ut_pex, BEP 54 lt_donthave): arbitrary bytes end in a message or an
 * {@link ExtensionProtocolException}, never another exception; what decodes re-encodes to bytes
 * that decode to the same message, and encode again to the same bytes. The {@code ByteBuf}
 * path, over a composite buffer, agrees with the array path.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over
 * {@code src/test/resources/io/torrentine/internal/peer/extension/ExtensionPayloadFuzzTestInputs/decodeArbitraryBytes/}
 * (the BEP examples and hostile inputs). To fuzz:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core test -Dtest=ExtensionPayloadFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class ExtensionPayloadFuzzTest {
    /** Limits small enough that random input reaches every bound. */
    private static final ExtensionLimits SMALL = new ExtensionLimits(256, 40_000, 256, 3);
    private static final List<ExtensionLimits> LIMITS = List.of(ExtensionLimits.DEFAULT, SMALL);

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"d1:md", "11:ut_metadata", "6:ut_pex", "11:lt_donthave", "13:metadata_size", "1:p",
        "1:v", "6:yourip", "4:ipv4", "4:ipv6", "4:reqq", "11:upload_only", "12:complete_ago",
        "8:msg_type", "5:piece", "10:total_size", "5:added", "7:added.f", "6:added6", "8:added6.f",
        "7:dropped", "8:dropped6", "i0e", "i1e", "i2e", "ee"})
    void decodeArbitraryBytes(byte[] input) {
        for (ExtensionLimits limits : LIMITS) {
            check(input, limits.maxHandshakeSize(), b -> ExtensionHandshakeCodec.decode(b, limits),
                    b -> ExtensionHandshakeCodec.decode(b, limits), ExtensionHandshakeCodec::encode);
            check(input, Integer.MAX_VALUE, b -> UtMetadataCodec.decode(b, limits),
                    b -> UtMetadataCodec.decode(b, limits), UtMetadataCodec::encode);
            check(input, limits.maxPexSize(), b -> UtPexCodec.decode(b, limits),
                    b -> UtPexCodec.decode(b, limits), m -> UtPexCodec.encode(m, true));
        }
        check(input, Integer.MAX_VALUE, LtDontHaveCodec::decode, LtDontHaveCodec::decode, LtDontHaveCodec::encode);
    }

    private static <T> void check(byte[] input, int maxEncoded, Function<byte[], T> decode,
                                  Function<ByteBuf, T> decodeBuf, Function<T, byte[]> encode) {
        T message = decodeOrNull(decode, input);
        assertThat(decodeBufOrNull(decodeBuf, input)).isEqualTo(message);
        if (message == null) {
            return;
        }
        byte[] encoded = encode.apply(message);
        // Replacing invalid UTF-8 in names can grow a handshake past its limit; nothing else grows.
        if (encoded.length <= maxEncoded) {
            T again = decode.apply(encoded);
            assertThat(again).isEqualTo(message);
            assertThat(encode.apply(again)).isEqualTo(encoded);
        }
    }

    private static <T> T decodeOrNull(Function<byte[], T> decode, byte[] input) {
        try {
            return decode.apply(input);
        } catch (ExtensionProtocolException e) {
            assertThat(e.reason()).isNotNull();
            return null;
        }
    }

    private static <T> T decodeBufOrNull(Function<ByteBuf, T> decode, byte[] input) {
        int split = input.length / 2;
        CompositeByteBuf buf = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.wrappedBuffer(input, 0, split))
                .addComponent(true, Unpooled.directBuffer(Math.max(1, input.length - split))
                        .writeBytes(input, split, input.length - split));
        try {
            T message = decode.apply(buf);
            assertThat(buf.readerIndex()).isZero();
            return message;
        } catch (ExtensionProtocolException e) {
            assertThat(e.reason()).isNotNull();
            return null;
        } finally {
            buf.release();
        }
    }
}
