package io.torrentine.bencode;

import static io.torrentine.bencode.BencodeDecoderTest.assertReason;
import static io.torrentine.bencode.Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.torrentine.bencode.BencodeException.Reason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every limit is hit exactly at its boundary: the limit is accepted, one more is rejected. */
class BencodeLimitsTest {
    private static final BencodeLimits DEFAULT = BencodeLimits.DEFAULT;

    @Test
    void defaultsAreLibtorrentsTorrentLoadingBounds() {
        assertThat(DEFAULT).isEqualTo(new BencodeLimits(64 << 20, 64 << 20, 100, 3_000_000, 20));
    }

    @Test
    void inputSize() {
        BencodeDecoder decoder = BencodeDecoder.strict().withLimits(DEFAULT.withMaxInputSize(6));
        assertThat(decoder.decode(latin1("4:spam"))).isEqualTo(BString.of("spam"));
        assertReason(decoder, "5:spams", Reason.INPUT_TOO_LARGE, 0);
        // A prefix decode is bounded by the bytes it is offered, not by the value it finds.
        assertThatThrownBy(() -> decoder.decodePrefix(latin1("i1e....."), 0, 8))
                .isInstanceOfSatisfying(BencodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_TOO_LARGE));
        assertThat(decoder.decodePrefix(latin1("i1e...xx"), 0, 6).end()).isEqualTo(3);
    }

    @Test
    void stringLength() {
        BencodeDecoder decoder = BencodeDecoder.strict().withLimits(DEFAULT.withMaxStringLength(5));
        assertThat(decoder.decode(latin1("5:abcde"))).isEqualTo(BString.of("abcde"));
        assertReason(decoder, "6:abcdef", Reason.STRING_TOO_LONG, 0);
        // The length is judged before the bytes are looked for: a truncated input says so too.
        assertReason(decoder, "6:abc", Reason.STRING_TOO_LONG, 0);
        // Keys are strings too.
        assertReason(decoder, "d6:abcdefi1ee", Reason.STRING_TOO_LONG, 1);
    }

    @Test
    void zeroStringLengthAllowsOnlyEmptyStrings() {
        BencodeDecoder decoder = BencodeDecoder.strict().withLimits(DEFAULT.withMaxStringLength(0));
        assertThat(decoder.decode(latin1("0:"))).isEqualTo(BString.of(""));
        assertReason(decoder, "1:a", Reason.STRING_TOO_LONG, 0);
    }

    /**
     * A claimed length is checked before anything is allocated: with a 1 GiB test heap, allocating
     * 2 GiB (or 100 GB) would end in an {@link OutOfMemoryError}, not a quick {@link BencodeException}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2147483647:", "2147483648:", "99999999999:", "99999999999999999999999:x"})
    void hugeClaimedLengthsFailFastWithoutAllocating(String input) {
        BencodeDecoder unlimited = BencodeDecoder.lenient()
                .withLimits(DEFAULT.withMaxStringLength(Integer.MAX_VALUE));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertReason(BencodeDecoder.lenient(), input, Reason.STRING_TOO_LONG, 0);
            assertReason(BencodeDecoder.strict(), input, Reason.STRING_TOO_LONG, 0);
            assertThatThrownBy(() -> unlimited.decode(latin1(input)))
                    .isInstanceOfSatisfying(BencodeException.class, e -> assertThat(e.reason())
                            .isIn(Reason.UNEXPECTED_END, Reason.STRING_TOO_LONG));
        });
        // With the string limit lifted, only the missing bytes stop a 2 GiB claim.
        if (input.equals("2147483647:")) {
            assertReason(unlimited, input, Reason.UNEXPECTED_END, input.length());
        }
    }

    @Test
    void depth() {
        String hundred = "l".repeat(100) + "e".repeat(100);
        for (BencodeDecoder decoder : List.of(BencodeDecoder.strict(), BencodeDecoder.lenient())) {
            assertThat(decoder.decode(latin1(hundred)).nesting()).isEqualTo(100);
            assertReason(decoder, "l".repeat(101) + "e".repeat(101), Reason.DEPTH_EXCEEDED, 100);
        }
        // Dictionaries count as levels too.
        String dicts = "d1:a".repeat(99) + "le" + "e".repeat(99);
        assertThat(BencodeDecoder.strict().decode(latin1(dicts)).nesting()).isEqualTo(100);
        assertReason(BencodeDecoder.strict(), "d1:a".repeat(100) + "le" + "e".repeat(100),
                Reason.DEPTH_EXCEEDED, 400);
    }

    @Test
    void smallerDepthLimit() {
        BencodeDecoder decoder = BencodeDecoder.strict().withLimits(DEFAULT.withMaxDepth(1));
        assertThat(decoder.decode(latin1("li1ee"))).isEqualTo(BList.of(BInteger.of(1)));
        assertReason(decoder, "llee", Reason.DEPTH_EXCEEDED, 1);
    }

    @Test
    void hundredThousandOpenListsAreRejectedWithoutRecursion() {
        String hostile = "l".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertReason(BencodeDecoder.lenient(), hostile, Reason.DEPTH_EXCEEDED, 100);
            assertReason(BencodeDecoder.lenient().withLimits(DEFAULT.withMaxDepth(BValue.MAX_NESTING)),
                    hostile + "e".repeat(100_000), Reason.DEPTH_EXCEEDED, BValue.MAX_NESTING);
        });
    }

    @Test
    void deepestAllowedValueDecodesEncodesAndCompares() {
        int depth = BValue.MAX_NESTING;
        byte[] input = latin1("l".repeat(depth) + "i1e" + "e".repeat(depth));
        BencodeDecoder decoder = BencodeDecoder.strict().withLimits(DEFAULT.withMaxDepth(depth));
        BValue value = decoder.decode(input);
        assertThat(value.nesting()).isEqualTo(depth);
        assertThat(BencodeEncoder.encode(value)).isEqualTo(input);
        assertThat(decoder.decode(input)).isEqualTo(value).hasSameHashCodeAs(value);
        assertThat(value.toString()).startsWith("[[[").endsWith("]]]");
    }

    @Test
    void itemCount() {
        BencodeDecoder decoder = BencodeDecoder.strict().withLimits(DEFAULT.withMaxItems(3));
        // The list, both integers: three items.
        assertThat(decoder.decode(latin1("li1ei2ee"))).isEqualTo(BList.of(BInteger.of(1), BInteger.of(2)));
        assertReason(decoder, "li1ei2ei3ee", Reason.TOO_MANY_ITEMS, 7);
        // Keys count: the dictionary, its key and its value are three.
        assertThat(decoder.decode(latin1("d1:ai1ee"))).isInstanceOf(BDictionary.class);
        assertReason(decoder, "d1:ai1e1:bi2ee", Reason.TOO_MANY_ITEMS, 7);
        // So do empty containers.
        assertReason(decoder, "lllleeee", Reason.TOO_MANY_ITEMS, 3);
    }

    @Test
    void itemCountStopsAFloodOfEmptyStrings() {
        BencodeDecoder decoder = BencodeDecoder.lenient().withLimits(DEFAULT.withMaxItems(1000));
        assertThat(((BList) decoder.decode(latin1("l" + "0:".repeat(999) + "e"))).size()).isEqualTo(999);
        assertReason(decoder, "l" + "0:".repeat(1000) + "e", Reason.TOO_MANY_ITEMS, 1 + 2 * 999);
    }

    @Test
    void integerDigits() {
        BencodeLimits threeDigits = new BencodeLimits(1 << 20, 1 << 20, 100, 1000, 3);
        BencodeDecoder decoder = BencodeDecoder.lenient().withLimits(threeDigits);
        assertThat(decoder.decode(latin1("i999e"))).isEqualTo(BInteger.of(999));
        assertThat(decoder.decode(latin1("i-999e"))).as("the sign is not a digit").isEqualTo(BInteger.of(-999));
        assertThat(decoder.decode(latin1("i007e"))).isEqualTo(BInteger.of(7));
        assertReason(decoder, "i1000e", Reason.TOO_MANY_DIGITS, 4);
        assertReason(decoder, "i-1000e", Reason.TOO_MANY_DIGITS, 5);
        assertReason(decoder, "i0007e", Reason.TOO_MANY_DIGITS, 4);
    }

    @Test
    void defaultIntegerDigitsAllowTwentyEvenWithLeadingZeros() {
        BencodeDecoder lenient = BencodeDecoder.lenient();
        assertThat(lenient.decode(latin1("i" + "0".repeat(19) + "1e"))).isEqualTo(BInteger.of(1));
        assertReason(lenient, "i" + "0".repeat(20) + "1e", Reason.TOO_MANY_DIGITS, 21);
        // A million digits cost one comparison past the twentieth.
        assertReason(lenient, "i" + "0".repeat(1_000_000) + "e", Reason.TOO_MANY_DIGITS, 21);
    }

    @Test
    void boundsAreValidated() {
        assertThatThrownBy(() -> DEFAULT.withMaxInputSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULT.withMaxStringLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULT.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULT.withMaxItems(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BencodeLimits(1, 1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DEFAULT.withMaxDepth(BValue.MAX_NESTING).maxDepth()).isEqualTo(BValue.MAX_NESTING);
        assertThatThrownBy(() -> DEFAULT.withMaxDepth(BValue.MAX_NESTING + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BencodeDecoder.strict().withLimits(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void withersChangeOneBound() {
        BencodeLimits limits = DEFAULT.withMaxInputSize(10).withMaxStringLength(9).withMaxDepth(8).withMaxItems(7);
        assertThat(limits).isEqualTo(new BencodeLimits(10, 9, 8, 7, DEFAULT.maxIntegerDigits()));
    }
}
