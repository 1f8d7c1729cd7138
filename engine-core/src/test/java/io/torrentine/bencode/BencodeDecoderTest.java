package io.torrentine.bencode;

import static io.torrentine.bencode.Bytes.latin1;
import static io.torrentine.bencode.Bytes.spanBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BencodeException.Reason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** BEP 3 decoding: values, every rejection reason, strict and lenient modes, spans, prefixes. */
class BencodeDecoderTest {
    private static final BencodeDecoder STRICT = BencodeDecoder.strict();
    private static final BencodeDecoder LENIENT = BencodeDecoder.lenient();

    /** One input that fails for a reason, in a mode, at an offset. */
    private record Example(BencodeDecoder decoder, String input, long offset) {
    }

    /**
     * One example per {@link Reason}. {@link #everyReasonHasAnExample} fails when a reason is
     * added without one.
     */
    private static final Map<Reason, Example> EXAMPLES = new EnumMap<>(Map.ofEntries(
            Map.entry(Reason.UNEXPECTED_END, new Example(STRICT, "4:spa", 2)),
            Map.entry(Reason.INVALID_TYPE, new Example(LENIENT, "x", 0)),
            Map.entry(Reason.KEY_NOT_STRING, new Example(LENIENT, "di1ei2ee", 1)),
            Map.entry(Reason.UNMATCHED_END, new Example(LENIENT, "e", 0)),
            Map.entry(Reason.MISSING_VALUE, new Example(LENIENT, "d1:ae", 4)),
            Map.entry(Reason.INVALID_STRING_LENGTH, new Example(LENIENT, "3x", 1)),
            Map.entry(Reason.INVALID_INTEGER, new Example(LENIENT, "i1xe", 2)),
            Map.entry(Reason.INTEGER_OVERFLOW, new Example(LENIENT, "i9223372036854775808e", 0)),
            Map.entry(Reason.TOO_MANY_DIGITS,
                    new Example(LENIENT, "i" + "0".repeat(20) + "1e", 21)),
            Map.entry(Reason.LEADING_ZERO, new Example(STRICT, "i01e", 1)),
            Map.entry(Reason.NEGATIVE_ZERO, new Example(STRICT, "i-0e", 0)),
            Map.entry(Reason.UNSORTED_KEYS, new Example(STRICT, "d1:bi1e1:ai2ee", 7)),
            Map.entry(Reason.DUPLICATE_KEY, new Example(STRICT, "d1:ai1e1:ai2ee", 7)),
            Map.entry(Reason.TRAILING_DATA, new Example(STRICT, "i1ex", 3)),
            Map.entry(Reason.INPUT_TOO_LARGE, new Example(
                    LENIENT.withLimits(BencodeLimits.DEFAULT.withMaxInputSize(2)), "i1e", 0)),
            Map.entry(Reason.STRING_TOO_LONG, new Example(LENIENT, "2147483647:", 0)),
            Map.entry(Reason.DEPTH_EXCEEDED, new Example(LENIENT, "l".repeat(101), 100)),
            Map.entry(Reason.TOO_MANY_ITEMS, new Example(
                    LENIENT.withLimits(BencodeLimits.DEFAULT.withMaxItems(2)), "li1ei2ee", 4))));

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonHasAnExample(Reason reason) {
        Example example = EXAMPLES.get(reason);
        assertThat(example).as("an example input for %s", reason).isNotNull();

        assertThatThrownBy(() -> example.decoder().decode(latin1(example.input())))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.offset()).isEqualTo(example.offset());
                    assertThat(e.getMessage()).startsWith(reason + " at offset " + example.offset());
                });
    }

    @Nested
    class Values {
        @Test
        void integers() {
            assertThat(STRICT.decode(latin1("i0e"))).isEqualTo(BInteger.of(0));
            assertThat(STRICT.decode(latin1("i42e"))).isEqualTo(BInteger.of(42));
            assertThat(STRICT.decode(latin1("i-42e"))).isEqualTo(BInteger.of(-42));
        }

        @Test
        void longBoundsDecodeAndOneBeyondOverflows() {
            assertThat(STRICT.decode(latin1("i9223372036854775807e"))).isEqualTo(BInteger.of(Long.MAX_VALUE));
            assertThat(STRICT.decode(latin1("i-9223372036854775808e"))).isEqualTo(BInteger.of(Long.MIN_VALUE));
            for (String overflow : List.of("i9223372036854775808e", "i-9223372036854775809e",
                    "i10000000000000000000e", "i99999999999999999999e", "i-99999999999999999999e")) {
                for (BencodeDecoder decoder : List.of(STRICT, LENIENT)) {
                    assertReason(decoder, overflow, Reason.INTEGER_OVERFLOW, 0);
                }
            }
        }

        @Test
        void strings() {
            assertThat(STRICT.decode(latin1("0:"))).isEqualTo(BString.of(new byte[0]));
            assertThat(STRICT.decode(latin1("4:spam"))).isEqualTo(BString.of("spam"));
            // A string's bytes are data: 'e', ':' and digits inside it are not syntax.
            assertThat(STRICT.decode(latin1("6:i1e:le"))).isEqualTo(BString.of("i1e:le"));
        }

        @Test
        void binaryStringsKeepEveryByte() {
            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            byte[] input = concat(latin1("256:"), all);
            assertThat(((BString) STRICT.decode(input)).toByteArray()).isEqualTo(all);
        }

        @Test
        void listsAndDictionaries() {
            BValue value = STRICT.decode(latin1("d4:listli1e3:twoe3:numi-3e3:subdee"));
            assertThat(value).isEqualTo(BDictionary.builder()
                    .put("list", BList.of(BInteger.of(1), BString.of("two")))
                    .put("num", -3)
                    .put("sub", BDictionary.empty())
                    .build());
            assertThat(STRICT.decode(latin1("le"))).isEqualTo(BList.of());
            assertThat(STRICT.decode(latin1("de"))).isEqualTo(BDictionary.empty());
        }

        @Test
        void dictionaryKeepsDecodedOrder() {
            BDictionary dict = (BDictionary) LENIENT.decode(latin1("d1:bi1e1:ai2e1:ci3ee"));
            assertThat(dict.keys()).containsExactly(BString.of("b"), BString.of("a"), BString.of("c"));
        }

        @Test
        void binaryKeysSortUnsigned() {
            // 0x00 < 0x7f < 0x80 < 0xff unsigned; a signed compare would put 0x80 and 0xff first.
            String sorted = "d1:\u0000i0e1:\u007fi1e1:\u0080i2e1:\u00ffi3ee";
            BDictionary dict = (BDictionary) STRICT.decode(latin1(sorted));
            assertThat(dict.get(BString.of(new byte[] {(byte) 0xff}))).contains(BInteger.of(3));
            assertThat(dict.get(BString.of(new byte[] {0}))).contains(BInteger.of(0));

            assertReason(STRICT, "d1:\u00ffi3e1:\u0000i0ee", Reason.UNSORTED_KEYS, 7);
            assertReason(STRICT, "d1:\u0080i3e1:\u007fi0ee", Reason.UNSORTED_KEYS, 7);
        }

        @Test
        void shorterPrefixKeySortsFirst() {
            assertThat(STRICT.decode(latin1("d1:ai1e2:abi2ee"))).isInstanceOf(BDictionary.class);
            assertReason(STRICT, "d2:abi2e1:ai1ee", Reason.UNSORTED_KEYS, 8);
        }
    }

    @Nested
    class Malformed {
        @ParameterizedTest(name = "{0} -> {1} at {2}")
        @CsvSource(delimiter = '|', value = {
            "''           | UNEXPECTED_END        | 0",
            "i            | UNEXPECTED_END        | 1",
            "i12          | UNEXPECTED_END        | 3",
            "i-           | UNEXPECTED_END        | 2",
            "12           | UNEXPECTED_END        | 2",
            "5:abc        | UNEXPECTED_END        | 2",
            "l            | UNEXPECTED_END        | 1",
            "li1e         | UNEXPECTED_END        | 4",
            "d            | UNEXPECTED_END        | 1",
            "d1:a         | UNEXPECTED_END        | 4",
            "d1:ai1e      | UNEXPECTED_END        | 7",
            "ie           | INVALID_INTEGER       | 1",
            "i-e          | INVALID_INTEGER       | 2",
            "i--1e        | INVALID_INTEGER       | 2",
            "i+1e         | INVALID_INTEGER       | 1",
            "i 1e         | INVALID_INTEGER       | 1",
            "i1-e         | INVALID_INTEGER       | 2",
            "i1.5e        | INVALID_INTEGER       | 2",
            "-1:a         | INVALID_TYPE          | 0",
            "a            | INVALID_TYPE          | 0",
            "lxe          | INVALID_TYPE          | 1",
            "3xabc        | INVALID_STRING_LENGTH | 1",
            "1 :a         | INVALID_STRING_LENGTH | 1",
            "dlei1ee      | KEY_NOT_STRING        | 1",
            "ddei1ee      | KEY_NOT_STRING        | 1",
            "d1:ai1ei2ee  | KEY_NOT_STRING        | 7",
            "e            | UNMATCHED_END         | 0",
            "d1:ai1e1:be  | MISSING_VALUE         | 10",
        })
        void rejectedInBothModes(String input, Reason reason, long offset) {
            assertReason(STRICT, input, reason, offset);
            assertReason(LENIENT, input, reason, offset);
        }

        @Test
        void messagesCutLongKeysShort() {
            // Printing megabyte keys (as hex when binary) would cost more memory than the input.
            String big = "1000000:" + "\u00ff".repeat(1_000_000);
            for (String input : List.of("d" + big + "i0e" + big + "i1ee", "d" + big + "i0e1:ai1ee",
                    "d" + big + "e")) {
                assertThatThrownBy(() -> STRICT.decode(latin1(input)))
                        .isInstanceOfSatisfying(BencodeException.class, e -> {
                            assertThat(e.reason()).isIn(Reason.DUPLICATE_KEY, Reason.UNSORTED_KEYS,
                                    Reason.MISSING_VALUE);
                            assertThat(e.getMessage()).hasSizeLessThan(250).contains("(1000000 bytes)");
                        });
            }
        }

        @Test
        void unexpectedEndMeansMoreInputCouldHelp() {
            // Every strict prefix of a valid value fails with UNEXPECTED_END and nothing else.
            byte[] whole = latin1("d4:infod6:lengthi1024e4:name4:file5:piece0:e4:listli-1e1:xee");
            for (int n = 0; n < whole.length; n++) {
                byte[] prefix = java.util.Arrays.copyOf(whole, n);
                assertThatThrownBy(() -> LENIENT.decode(prefix))
                        .isInstanceOfSatisfying(BencodeException.class,
                                e -> assertThat(e.reason()).as("prefix of %d bytes", prefix.length)
                                        .isEqualTo(Reason.UNEXPECTED_END));
            }
            assertThat(LENIENT.decode(whole)).isInstanceOf(BDictionary.class);
        }
    }

    @Nested
    class StrictAndLenient {
        static Stream<Arguments> onlyLenient() {
            return Stream.of(
                    Arguments.of("i01e", BInteger.of(1), Reason.LEADING_ZERO, 1),
                    Arguments.of("i00e", BInteger.of(0), Reason.LEADING_ZERO, 1),
                    Arguments.of("i-01e", BInteger.of(-1), Reason.LEADING_ZERO, 2),
                    Arguments.of("i-0e", BInteger.of(0), Reason.NEGATIVE_ZERO, 0),
                    Arguments.of("03:abc", BString.of("abc"), Reason.LEADING_ZERO, 0),
                    Arguments.of("00:", BString.of(""), Reason.LEADING_ZERO, 0),
                    Arguments.of("d1:bi1e1:ai2ee",
                            BDictionary.builder().put("b", 1).put("a", 2).build(),
                            Reason.UNSORTED_KEYS, 7),
                    Arguments.of("d1:ai1e1:ai2ee", BDictionary.builder().put("a", 1).build(),
                            Reason.DUPLICATE_KEY, 7),
                    // A repeated key keeps its first value, as libtorrent's lookups find it.
                    Arguments.of("d1:ai1e1:bi2e1:ali9eee",
                            BDictionary.builder().put("a", 1).put("b", 2).build(),
                            Reason.UNSORTED_KEYS, 13),
                    Arguments.of("i1ei2e", BInteger.of(1), Reason.TRAILING_DATA, 3),
                    Arguments.of("lee", BList.of(), Reason.TRAILING_DATA, 2),
                    Arguments.of("de\n", BDictionary.empty(), Reason.TRAILING_DATA, 2),
                    Arguments.of("l" + "i01e" + "d1:bi0e1:ai0ee" + "e",
                            BList.of(BInteger.of(1), BDictionary.builder().put("b", 0).put("a", 0).build()),
                            Reason.LEADING_ZERO, 2));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("onlyLenient")
        void lenientAcceptsWhatStrictRejects(String input, BValue lenientValue, Reason strictReason,
                                             long strictOffset) {
            assertThat(LENIENT.decode(latin1(input))).isEqualTo(lenientValue);
            assertReason(STRICT, input, strictReason, strictOffset);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("onlyLenient")
        void reencodingLenientInputGivesStrictInput(String input, BValue lenientValue,
                                                    Reason ignoredReason, long ignoredOffset) {
            byte[] canonical = BencodeEncoder.encode(LENIENT.decode(latin1(input)));
            assertThat(STRICT.decode(canonical)).isEqualTo(lenientValue);
        }

        @Test
        void modesAreReported() {
            assertThat(STRICT.isStrict()).isTrue();
            assertThat(LENIENT.isStrict()).isFalse();
            BencodeLimits small = BencodeLimits.DEFAULT.withMaxDepth(3);
            assertThat(STRICT.withLimits(small).isStrict()).isTrue();
            assertThat(LENIENT.withLimits(small).isStrict()).isFalse();
            assertThat(LENIENT.withLimits(small).limits()).isEqualTo(small);
            assertThat(LENIENT.limits()).isEqualTo(BencodeLimits.DEFAULT);
        }
    }

    @Nested
    class Spans {
        @Test
        void everyValueKnowsItsBytes() {
            byte[] input = latin1("d4:infod6:lengthi1024e4:name4:filee4:listli-1e0:e3:numi7ee");
            BDictionary top = (BDictionary) STRICT.decode(input);
            assertThat(top.span()).contains(new Span(0, input.length));

            BDictionary info = top.getDictionary("info").orElseThrow();
            assertThat(latin1(spanBytes(input, info))).isEqualTo("d6:lengthi1024e4:name4:filee");
            assertThat(latin1(spanBytes(input, info.get("length").orElseThrow()))).isEqualTo("i1024e");
            assertThat(latin1(spanBytes(input, info.get("name").orElseThrow()))).isEqualTo("4:file");

            BList list = top.getList("list").orElseThrow();
            assertThat(latin1(spanBytes(input, list))).isEqualTo("li-1e0:e");
            assertThat(latin1(spanBytes(input, list.get(0)))).isEqualTo("i-1e");
            assertThat(latin1(spanBytes(input, list.get(1)))).isEqualTo("0:");
            assertThat(list.get(1).span()).contains(new Span(input.length - "0:e3:numi7ee".length(), 2));

            for (BString key : top.keys()) {
                assertThat(spanBytes(input, key)).isEqualTo(BencodeEncoder.encode(key));
            }
        }

        @Test
        void lenientSpanIsTheInputNotTheReencoding() {
            // Unsorted keys, a leading zero and a repeated key: re-encoding info changes it.
            String info = "d4:name1:x6:lengthi01e4:name1:ye";
            byte[] input = latin1("d4:info" + info + "5:otheri2ee");
            BValue decodedInfo = ((BDictionary) LENIENT.decode(input)).get("info").orElseThrow();

            assertThat(latin1(spanBytes(input, decodedInfo))).isEqualTo(info);
            assertThat(latin1(BencodeEncoder.encode(decodedInfo))).isEqualTo("d6:lengthi1e4:name1:xe");
        }

        @Test
        void spansAreOffsetsIntoTheWholeArray() {
            byte[] input = latin1("xxxxli1e3:abcexx");
            BList list = (BList) STRICT.decode(input, 4, 10);
            assertThat(list.span()).contains(new Span(4, 10));
            assertThat(list.get(0).span()).contains(new Span(5, 3));
            assertThat(list.get(1).span()).contains(new Span(8, 5));
            assertThat(list.get(1).span().orElseThrow().end()).isEqualTo(13);
        }

        @Test
        void valuesBuiltByHandHaveNoSpan() {
            assertThat(BInteger.of(1).span()).isEmpty();
            assertThat(BString.of("a").span()).isEmpty();
            assertThat(BList.of().span()).isEmpty();
            assertThat(BDictionary.builder().put("a", 1).build().span()).isEmpty();
            assertThat(BDictionary.empty().span()).isEmpty();
        }

        @Test
        void spanRejectsNegatives() {
            assertThatThrownBy(() -> new Span(-1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Span(0, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(new Span(3, 4).end()).isEqualTo(7);
        }
    }

    @Nested
    class Prefix {
        @Test
        void utMetadataDataMessageEndsWhereThePieceStarts() {
            // BEP 9: a data message is a bencoded dictionary followed by the metadata piece.
            String header = "d8:msg_typei1e5:piecei0e10:total_sizei8ee";
            byte[] message = latin1(header + "d4:infoe");
            for (BencodeDecoder decoder : List.of(STRICT, LENIENT)) {
                BencodeDecoder.Decoded decoded = decoder.decodePrefix(message, 0, message.length);
                assertThat(decoded.end()).isEqualTo(header.length());
                assertThat(((BDictionary) decoded.value()).getLong("total_size")).contains(8L);
            }
            assertReason(STRICT, latin1(message), Reason.TRAILING_DATA, header.length());
        }

        @Test
        void prefixAtAnOffsetEndsAtAnAbsoluteIndex() {
            byte[] input = latin1("..i42e4:tail");
            BencodeDecoder.Decoded decoded = STRICT.decodePrefix(input, 2, input.length - 2);
            assertThat(decoded).isEqualTo(new BencodeDecoder.Decoded(BInteger.of(42), 6));
            assertThat(STRICT.decodePrefix(input, decoded.end(), input.length - decoded.end()).end())
                    .isEqualTo(input.length);
        }

        @Test
        void prefixMustStillBeWhole() {
            assertThatThrownBy(() -> STRICT.decodePrefix(latin1("li1e"), 0, 4))
                    .isInstanceOfSatisfying(BencodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_END));
            // The range bounds what may be read, even if the array goes on.
            assertThatThrownBy(() -> STRICT.decodePrefix(latin1("i42e"), 0, 3))
                    .isInstanceOfSatisfying(BencodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_END));
        }

        @Test
        void rangeOutsideTheArrayIsAProgrammingError() {
            byte[] input = latin1("i1e");
            assertThatThrownBy(() -> STRICT.decodePrefix(input, 2, 2))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> STRICT.decode(input, -1, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> STRICT.decode(input, 0, 4))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    static void assertReason(BencodeDecoder decoder, String input, Reason reason, long offset) {
        assertThatThrownBy(() -> decoder.decode(latin1(input)))
                .as("%s decode of %s", decoder.isStrict() ? "strict" : "lenient", input)
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
