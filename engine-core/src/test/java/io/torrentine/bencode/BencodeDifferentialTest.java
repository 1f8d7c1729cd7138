package io.torrentine.bencode;

import static io.torrentine.bencode.Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;
import io.torrentine.bencode.BencodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Our codec against {@code com.dampcake:bencode} 1.4.2, a second opinion kept in test scope.
 *
 * <p>On canonical values with text keys and text strings the two must agree byte for byte, and
 * each must decode the other's output to the same value. The keys are restricted to printable
 * ASCII: dampcake sorts keys as Java strings (UTF-16 code units), BEP 3 sorts raw bytes, and the
 * two orders differ for keys holding both characters U+E000..U+FFFF and characters beyond U+FFFF
 * (see {@link KnownDifferences}). String values may hold any Unicode text.
 *
 * <p>Why dampcake cannot be the engine's codec (GUIDE.md), each shown in {@link KnownDifferences}:
 * <ul>
 *   <li>binary dictionary keys are decoded to {@code String}s, so distinct raw-hash keys (v2
 *       {@code piece layers}, scrape {@code files}) collapse into one U+FFFD key;</li>
 *   <li>keys are encoded in UTF-16 order, which is not BEP 3's byte order, so its output can be
 *       non-canonical and a strict peer rejects it;</li>
 *   <li>no limits: a claimed string length is allocated before the bytes are read (so
 *       {@code 2000000000:} asks for 2 GB), and nesting recurses until {@link StackOverflowError},
 *       which it catches and wraps;</li>
 *   <li>malformed input is accepted: integers go through {@code BigDecimal}, so {@code i1.5e} is 1
 *       and {@code i9223372036854775808e} wraps to {@link Long#MIN_VALUE}; a truncated string is
 *       padded with zero bytes; a repeated key keeps its last value (libtorrent keeps the first);</li>
 *   <li>no spans: the info-hash must be the hash of the raw {@code info} bytes.</li>
 * </ul>
 */
class BencodeDifferentialTest {
    private static final Bencode DAMPCAKE = new Bencode(StandardCharsets.UTF_8);
    private static final int VALUES = 3000;

    @Test
    void canonicalTextValuesEncodeIdentically() {
        Random random = new Random(0x5eed_beefL);
        for (int i = 0; i < VALUES; i++) {
            Pair pair = randomPair(random, 4, true);
            byte[] ours = BencodeEncoder.encode(pair.ours());
            byte[] theirs = dampcakeEncode(pair.theirs());
            assertThat(latin1(ours)).as("value %d: %s", i, pair.ours()).isEqualTo(latin1(theirs));
        }
    }

    @Test
    void eachDecodesTheOthersOutputToTheSameValue() {
        Random random = new Random(0x0dd_ba11L);
        for (int i = 0; i < VALUES; i++) {
            Pair pair = randomPair(random, 4, true);
            byte[] ours = BencodeEncoder.encode(pair.ours());
            byte[] theirs = dampcakeEncode(pair.theirs());

            assertThat(BencodeDecoder.strict().decode(theirs)).as("value %d", i).isEqualTo(pair.ours());
            assertThat(fromDampcake(dampcakeDecode(ours))).as("value %d", i).isEqualTo(pair.ours());
        }
    }

    @Nested
    class KnownDifferences {
        @Test
        void binaryKeysCollapseInDampcake() {
            // Two raw one-byte keys, sorted and canonical: neither is valid UTF-8.
            byte[] input = latin1("d1:\u00fei1e1:\u00ffi2ee");
            BDictionary ours = (BDictionary) BencodeDecoder.strict().decode(input);
            assertThat(ours.size()).isEqualTo(2);
            assertThat(ours.get(BString.of(new byte[] {(byte) 0xfe}))).contains(BInteger.of(1));

            Map<String, Object> theirs = DAMPCAKE.decode(input, Type.DICTIONARY);
            assertThat(theirs).containsExactly(Map.entry("\ufffd", 2L));
        }

        @Test
        void dampcakeSortsKeysInUtf16OrderNotByteOrder() {
            // U+E000 is EE 80 80 in UTF-8 and U+1F600 is F0 9F 98 80: bytes put U+E000 first,
            // UTF-16 (E000 against the surrogate D83D) puts U+1F600 first.
            String privateUse = "\ue000";
            String emoji = "\ud83d\ude00";
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(privateUse, 1L);
            map.put(emoji, 2L);
            byte[] theirs = DAMPCAKE.encode(map);
            byte[] ours = BencodeEncoder.encode(BDictionary.builder().put(privateUse, 1).put(emoji, 2).build());

            assertThat(ours).isNotEqualTo(theirs);
            assertThat(BencodeDecoder.strict().decode(ours)).isInstanceOf(BDictionary.class);
            assertThatThrownBy(() -> BencodeDecoder.strict().decode(theirs))
                    .isInstanceOfSatisfying(BencodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNSORTED_KEYS));
        }

        @Test
        void dampcakeAcceptsMalformedIntegersAndTruncatedStrings() {
            assertThat(DAMPCAKE.decode(latin1("i9223372036854775808e"), Type.NUMBER)).isEqualTo(Long.MIN_VALUE);
            assertThat(DAMPCAKE.decode(latin1("i1.5e"), Type.NUMBER)).isEqualTo(1L);
            assertThat(DAMPCAKE.decode(latin1("5:ab"), Type.STRING)).isEqualTo("ab\0\0\0");

            BencodeDecoder lenient = BencodeDecoder.lenient();
            assertThatThrownBy(() -> lenient.decode(latin1("i9223372036854775808e")))
                    .isInstanceOfSatisfying(BencodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INTEGER_OVERFLOW));
            assertThatThrownBy(() -> lenient.decode(latin1("i1.5e")))
                    .isInstanceOfSatisfying(BencodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INTEGER));
            assertThatThrownBy(() -> lenient.decode(latin1("5:ab")))
                    .isInstanceOfSatisfying(BencodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_END));
        }

        @Test
        void repeatedKeysKeepDifferentValues() {
            byte[] input = latin1("d1:ai1e1:ai2ee");
            assertThat(DAMPCAKE.decode(input, Type.DICTIONARY)).containsExactly(Map.entry("a", 2L));
            // Ours keeps the first, as libtorrent's lookups do.
            assertThat(((BDictionary) BencodeDecoder.lenient().decode(input)).getLong("a")).contains(1L);
        }
    }

    /** The same random value for both codecs. */
    private record Pair(BValue ours, Object theirs) {
    }

    private static Pair randomPair(Random random, int depth, boolean top) {
        // dampcake's typed API needs to know the top-level type; use all four anyway.
        int kind = random.nextInt(depth <= 0 ? 2 : 4);
        if (top && random.nextInt(4) != 0) {
            kind = 3;
        }
        switch (kind) {
            case 0: {
                long v = random.nextBoolean() ? random.nextInt(2001) - 1000 : random.nextLong();
                return new Pair(BInteger.of(v), v);
            }
            case 1: {
                String text = randomText(random, random.nextInt(10) == 0 ? 200 : 12);
                return new Pair(BString.of(text), text);
            }
            case 2: {
                List<BValue> ours = new ArrayList<>();
                List<Object> theirs = new ArrayList<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    Pair child = randomPair(random, depth - 1, false);
                    ours.add(child.ours());
                    theirs.add(child.theirs());
                }
                return new Pair(BList.of(ours), theirs);
            }
            default: {
                BDictionary.Builder ours = BDictionary.builder();
                Map<String, Object> theirs = new LinkedHashMap<>();
                int n = random.nextInt(7);
                for (int i = 0; i < n; i++) {
                    String key = randomAsciiKey(random);
                    Pair child = randomPair(random, depth - 1, false);
                    ours.put(key, child.ours());
                    theirs.put(key, child.theirs());
                }
                return new Pair(ours.build(), theirs);
            }
        }
    }

    /** Printable ASCII, where UTF-16 order and unsigned UTF-8 byte order agree. */
    private static String randomAsciiKey(Random random) {
        StringBuilder key = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            key.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
        }
        return key.toString();
    }

    /** Any Unicode scalar values: ASCII, other BMP characters and supplementary ones. */
    private static String randomText(Random random, int maxCodePoints) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(maxCodePoints + 1);
        for (int i = 0; i < n; i++) {
            int cp;
            switch (random.nextInt(3)) {
                case 0:
                    cp = random.nextInt(0x80);
                    break;
                case 1:
                    do {
                        cp = random.nextInt(0x10000);
                    } while (Character.isSurrogate((char) cp));
                    break;
                default:
                    cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
            }
            text.appendCodePoint(cp);
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static byte[] dampcakeEncode(Object value) {
        if (value instanceof Map<?, ?> map) {
            return DAMPCAKE.encode((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return DAMPCAKE.encode(list);
        }
        if (value instanceof String s) {
            return DAMPCAKE.encode(s);
        }
        return DAMPCAKE.encode((Long) value);
    }

    private static Object dampcakeDecode(byte[] input) {
        Type<?> type = DAMPCAKE.type(input);
        return DAMPCAKE.decode(input, type);
    }

    private static BValue fromDampcake(Object value) {
        if (value instanceof Long l) {
            return BInteger.of(l);
        }
        if (value instanceof String s) {
            return BString.of(s);
        }
        if (value instanceof List<?> list) {
            List<BValue> values = new ArrayList<>();
            for (Object o : list) {
                values.add(fromDampcake(o));
            }
            return BList.of(values);
        }
        BDictionary.Builder builder = BDictionary.builder();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            builder.put((String) e.getKey(), fromDampcake(e.getValue()));
        }
        return builder.build();
    }
}
