package io.torrentine.bencode;

import static io.torrentine.bencode.Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical BEP 3 encoding: sorted unsigned keys, minimal integers, exact lengths. */
class BencodeEncoderTest {

    @ParameterizedTest
    @CsvSource({
        "0, i0e",
        "1, i1e",
        "-1, i-1e",
        "42, i42e",
        "9223372036854775807, i9223372036854775807e",
        "-9223372036854775808, i-9223372036854775808e",
    })
    void integers(long value, String encoded) {
        assertThat(latin1(BencodeEncoder.encode(BInteger.of(value)))).isEqualTo(encoded);
        assertThat(BencodeEncoder.encodedLength(BInteger.of(value))).isEqualTo(encoded.length());
    }

    @Test
    void strings() {
        assertThat(latin1(BencodeEncoder.encode(BString.of("")))).isEqualTo("0:");
        assertThat(latin1(BencodeEncoder.encode(BString.of("spam")))).isEqualTo("4:spam");
        assertThat(latin1(BencodeEncoder.encode(BString.of("\u00e9")))).as("UTF-8, two bytes")
                .isEqualTo("2:\u00c3\u00a9");
        assertThat(BencodeEncoder.encode(BString.of(new byte[] {0, (byte) 0xff})))
                .isEqualTo(new byte[] {'2', ':', 0, (byte) 0xff});
        byte[] tenThousand = new byte[10_000];
        assertThat(BencodeEncoder.encode(BString.of(tenThousand))).hasSize(6 + 10_000);
    }

    @Test
    void listsAndDictionaries() {
        assertThat(latin1(BencodeEncoder.encode(BList.of()))).isEqualTo("le");
        assertThat(latin1(BencodeEncoder.encode(BDictionary.empty()))).isEqualTo("de");
        BValue value = BList.of(BInteger.of(1), BString.of("a"), BList.of(BDictionary.builder().put("k", "v").build()));
        assertThat(latin1(BencodeEncoder.encode(value))).isEqualTo("li1e1:ald1:k1:veee");
    }

    @Test
    void keysAreSortedByUnsignedBytesWhateverTheInsertionOrder() {
        BDictionary dict = BDictionary.builder()
                .put(BString.of(new byte[] {(byte) 0xff}), BInteger.of(4))
                .put("z", 3)
                .put("ab", 2)
                .put(BString.of(new byte[] {(byte) 0x80}), BInteger.of(5))
                .put("a", 1)
                .put("", 0)
                .put(BString.of(new byte[] {0}), BInteger.of(-1))
                .build();
        assertThat(latin1(BencodeEncoder.encode(dict)))
                .isEqualTo("d0:i0e1:\u0000i-1e1:ai1e2:abi2e1:zi3e1:\u0080i5e1:\u00ffi4ee");
        // Insertion order is kept for iteration; only the encoding is sorted.
        assertThat(dict.keys().iterator().next()).isEqualTo(BString.of(new byte[] {(byte) 0xff}));
    }

    @Test
    void nonCanonicalInputComesOutCanonical() {
        BValue lenient = BencodeDecoder.lenient().decode(latin1("d1:bi-0e1:ai007e1:bi9e3:str03:abce"));
        assertThat(latin1(BencodeEncoder.encode(lenient))).isEqualTo("d1:ai7e1:bi0e3:str3:abce");
    }

    @Test
    void strictInputComesOutByteForByte() {
        byte[] input = latin1("d4:infod6:lengthi1024e4:name4:file6:pieces0:e4:listli-1e0:lee3:numi7ee");
        assertThat(BencodeEncoder.encode(BencodeDecoder.strict().decode(input))).isEqualTo(input);
    }

    @Test
    void randomValuesRoundTripAndLengthsMatch() {
        RandomValues random = new RandomValues(20_240_601L, true);
        for (int i = 0; i < 2000; i++) {
            BValue value = random.value(4);
            byte[] encoded = BencodeEncoder.encode(value);
            assertThat(BencodeEncoder.encodedLength(value)).isEqualTo(encoded.length);
            assertThat(BencodeDecoder.strict().decode(encoded)).isEqualTo(value);
        }
    }

    @Test
    void encodesIntoAByteBufferAtItsPosition() {
        BValue value = BList.of(BInteger.of(7), BString.of("xy"));
        for (ByteBuffer buffer : List.of(ByteBuffer.allocate(16), ByteBuffer.allocateDirect(16))) {
            buffer.put((byte) '#');
            BencodeEncoder.encode(value, buffer);
            assertThat(buffer.position()).isEqualTo(1 + 9);
            buffer.flip();
            byte[] written = new byte[buffer.remaining()];
            buffer.get(written);
            assertThat(latin1(written)).isEqualTo("#li7e2:xye");
        }
    }

    @Test
    void tooSmallBufferIsLeftUntouched() {
        BValue value = BString.of("four");
        ByteBuffer exact = ByteBuffer.allocate(6);
        BencodeEncoder.encode(value, exact);
        assertThat(exact.hasRemaining()).isFalse();

        ByteBuffer small = ByteBuffer.allocate(5);
        assertThatThrownBy(() -> BencodeEncoder.encode(value, small)).isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();
        assertThat(small.array()).containsOnly(0);
    }

    @Test
    void readOnlyBufferIsRejected() {
        ByteBuffer readOnly = ByteBuffer.allocate(16).asReadOnlyBuffer();
        assertThatThrownBy(() -> BencodeEncoder.encode(BInteger.of(1), readOnly))
                .isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void valuesNestUpToMaxNesting() {
        BValue deepest = nestedLists(BValue.MAX_NESTING);
        assertThat(deepest.nesting()).isEqualTo(BValue.MAX_NESTING);
        byte[] encoded = BencodeEncoder.encode(deepest);
        assertThat(encoded).hasSize(2 * BValue.MAX_NESTING);
        assertThat(BencodeEncoder.encodedLength(deepest)).isEqualTo(encoded.length);
    }

    @Test
    void handBuiltValuesNestingDeeperThanMaxNestingAreRejected() {
        BList deepest = nestedLists(BValue.MAX_NESTING);
        assertThatThrownBy(() -> BList.of(deepest)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BList.of(List.of(BInteger.of(1), deepest)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BDictionary.builder().put("deep", deepest).build())
                .isInstanceOf(IllegalArgumentException.class);

        BDictionary deepestDict = nestedDictionaries(BValue.MAX_NESTING);
        assertThat(deepestDict.nesting()).isEqualTo(BValue.MAX_NESTING);
        assertThatThrownBy(() -> BList.of(deepestDict)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deepestDict.toBuilder().put("x", BList.of(deepestDict)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nestingCountsLevels() {
        assertThat(BInteger.of(1).nesting()).isZero();
        assertThat(BString.of("a").nesting()).isZero();
        assertThat(BList.of().nesting()).isEqualTo(1);
        assertThat(BDictionary.empty().nesting()).isEqualTo(1);
        assertThat(BList.of(BInteger.of(1), BList.of(BList.of())).nesting()).isEqualTo(3);
        assertThat(BDictionary.builder().put("a", BList.of()).build().nesting()).isEqualTo(2);
    }

    @Test
    void duplicateKeysCannotBeBuilt() {
        BDictionary.Builder builder = BDictionary.builder().put("a", 1).put("a", 2);
        assertThat(latin1(BencodeEncoder.encode(builder.build()))).isEqualTo("d1:ai2ee");
    }

    private static BList nestedLists(int levels) {
        BList value = BList.of();
        for (int i = 1; i < levels; i++) {
            value = BList.of(value);
        }
        return value;
    }

    private static BDictionary nestedDictionaries(int levels) {
        BDictionary value = BDictionary.empty();
        for (int i = 1; i < levels; i++) {
            value = BDictionary.builder().put("d", value).build();
        }
        return value;
    }
}
