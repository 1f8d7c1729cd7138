package io.torrentine.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.bencode.ByteBufBencode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Jazzer fuzzing of the decoder and encoder (BEP 3).
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over the inputs in
 * {@code src/test/resources/io/torrentine/bencode/BencodeFuzzTestInputs/decodeArbitraryBytes/}:
 * real torrents from libtorrent's corpus, small hostile inputs, and every crash fuzzing found.
 * With {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (jazzer-junit 0.24 bounds a fuzzing
 * run only through the annotation):
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core test -Dtest=BencodeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class BencodeFuzzTest {
    /** Limits small enough that random input reaches every bound. */
    private static final BencodeLimits SMALL = new BencodeLimits(512, 40, 4, 48, 4);
    private static final BencodeDecoder STRICT = BencodeDecoder.strict();
    private static final BencodeDecoder LENIENT = BencodeDecoder.lenient();
    private static final List<BencodeDecoder> DECODERS =
            List.of(STRICT, LENIENT, STRICT.withLimits(SMALL), LENIENT.withLimits(SMALL));

    /**
     * Decoding arbitrary bytes ends in a value or a {@link BencodeException}, never another
     * exception or error; what decodes re-encodes canonically and stably.
     */
    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"i", "e", "l", "d", "0:", "1:", "i-", "-0", "de", "le", "4:info",
        "9223372036854775807", "9223372036854775808", "2147483647:"})
    void decodeArbitraryBytes(byte[] input) {
        for (BencodeDecoder decoder : DECODERS) {
            BValue value = decodeOrNull(decoder, input);
            BencodeDecoder.Decoded prefix = decodePrefixOrNull(decoder, input);
            if (prefix != null) {
                assertThat(prefix.end()).isBetween(1, input.length);
                checkSpans(input, prefix.value());
            }
            if (decoder.isStrict()) {
                // A whole strict decode is a prefix decode that used every byte.
                assertThat(value != null).isEqualTo(prefix != null && prefix.end() == input.length);
                if (value != null) {
                    assertThat(BencodeEncoder.encode(value)).isEqualTo(input);
                }
            } else {
                assertThat(value != null).isEqualTo(prefix != null);
                if (value != null) {
                    assertThat(value).isEqualTo(prefix.value());
                    checkLenientReencoding(decoder, input, value);
                }
            }
            checkByteBufAgrees(decoder, input, value);
        }
    }

    private static void checkLenientReencoding(BencodeDecoder decoder, byte[] input, BValue value) {
        byte[] canonical = BencodeEncoder.encode(value);
        assertThat(canonical.length).isLessThanOrEqualTo(input.length);
        assertThat(BencodeEncoder.encodedLength(value)).isEqualTo(canonical.length);
        // Re-encoding never grows a value, so the same limits must accept it in strict mode.
        BValue again = BencodeDecoder.strict().withLimits(decoder.limits()).decode(canonical);
        assertThat(again).isEqualTo(value);
        assertThat(BencodeEncoder.encode(again)).isEqualTo(canonical);
    }

    /** Every value's span holds exactly the bytes that decode to it. */
    private static void checkSpans(byte[] input, BValue value) {
        Span span = value.span().orElseThrow();
        assertThat(span.end()).isLessThanOrEqualTo(input.length);
        BValue reread = LENIENT.decode(Arrays.copyOfRange(input, span.offset(), span.end()));
        assertThat(reread).isEqualTo(value);
        if (value instanceof BList list) {
            for (BValue child : list.values()) {
                checkSpans(input, child);
            }
        } else if (value instanceof BDictionary dict) {
            for (Map.Entry<BString, BValue> e : dict.asMap().entrySet()) {
                assertThat(e.getKey().span().orElseThrow().offset()).isGreaterThan(span.offset());
                checkSpans(input, e.getValue());
            }
        }
    }

    /** The ByteBuf path, over a composite buffer split in the middle, gives the same result. */
    private static void checkByteBufAgrees(BencodeDecoder decoder, byte[] input, BValue expected) {
        int split = input.length / 2;
        CompositeByteBuf buf = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.wrappedBuffer(input, 0, split))
                .addComponent(true, Unpooled.directBuffer(Math.max(1, input.length - split))
                        .writeBytes(input, split, input.length - split));
        try {
            BValue actual = decodeOrNull(decoder, buf);
            assertThat(actual).isEqualTo(expected);
            if (actual != null) {
                ByteBuf out = Unpooled.buffer(1);
                try {
                    ByteBufBencode.write(actual, out);
                    byte[] written = new byte[out.readableBytes()];
                    out.readBytes(written);
                    assertThat(written).isEqualTo(BencodeEncoder.encode(actual));
                } finally {
                    out.release();
                }
            }
        } finally {
            buf.release();
        }
    }

    private static BValue decodeOrNull(BencodeDecoder decoder, byte[] input) {
        try {
            return decoder.decode(input);
        } catch (BencodeException e) {
            checkException(e, input.length);
            return null;
        }
    }

    private static BValue decodeOrNull(BencodeDecoder decoder, ByteBuf input) {
        try {
            return ByteBufBencode.decode(decoder, input);
        } catch (BencodeException e) {
            checkException(e, input.readableBytes());
            return null;
        }
    }

    private static BencodeDecoder.Decoded decodePrefixOrNull(BencodeDecoder decoder, byte[] input) {
        try {
            return decoder.decodePrefix(input, 0, input.length);
        } catch (BencodeException e) {
            checkException(e, input.length);
            return null;
        }
    }

    private static void checkException(BencodeException e, int inputLength) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) inputLength);
    }
}
