package io.torrentine.internal.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.bencode.BencodeLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strings that share the decoded array behave exactly as copied ones (equality, hash, order,
 * text, encoding), and only the input-sharing decoders make them: a public decoder still copies.
 */
class InputSharingDecodersTest {
    /** Keys and values of several lengths, binary and text, with the strings in the middle of the input. */
    private static final byte[] INPUT = ("d4:infod6:lengthi5e4:name5:caf\u00c3\u00a9e"
            + "3:keyl0:1:a3:abc4:\u0000\u0001\u0002\u0003e5:zzzzz8:trailinge")
            .getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void sharedValuesEqualCopiedValues() {
        for (BencodeDecoder base : List.of(BencodeDecoder.lenient(), BencodeDecoder.strict())) {
            BValue copied = base.decode(INPUT);
            BValue shared = InputSharingDecoders.of(base).decode(INPUT);
            assertThat(shared).isEqualTo(copied);
            assertThat(shared.hashCode()).isEqualTo(copied.hashCode());
            assertThat(shared.span()).isEqualTo(copied.span());
            assertThat(BencodeEncoder.encode(shared)).isEqualTo(BencodeEncoder.encode(copied)).isEqualTo(INPUT);
            assertThat(shared.toString()).isEqualTo(copied.toString());
        }
    }

    @Test
    void aSharedStringReadsOnlyItsOwnRange() {
        BDictionary d = (BDictionary) InputSharingDecoders.of(BencodeDecoder.strict()).decode(INPUT);
        List<BString> strings = new ArrayList<>(d.keys());
        for (BValue v : d.getList("key").orElseThrow().values()) {
            strings.add((BString) v);
        }
        strings.add(d.getDictionary("info").orElseThrow().getString("name").orElseThrow());
        for (BString s : strings) {
            BString copy = BString.of(s.toByteArray());
            assertThat(s).isEqualTo(copy).hasSameHashCodeAs(copy);
            assertThat(s.compareTo(copy)).isZero();
            assertThat(s.length()).isEqualTo(copy.length());
            assertThat(s.asUtf8()).isEqualTo(copy.asUtf8());
            assertThat(s.asStrictUtf8()).isEqualTo(copy.asStrictUtf8());
            assertThat(s.contentEquals(copy.asUtf8())).isEqualTo(copy.contentEquals(copy.asUtf8()));
            assertThat(s.toString()).isEqualTo(copy.toString());
            ByteBuffer view = s.asReadOnlyBuffer();
            assertThat(view.position()).isZero();
            assertThat(view.remaining()).isEqualTo(s.length());
            assertThat(view.isReadOnly()).isTrue();
            assertThat(view).isEqualTo(ByteBuffer.wrap(copy.toByteArray()));
            for (int i = 0; i < s.length(); i++) {
                assertThat(s.byteAt(i)).isEqualTo(copy.byteAt(i));
            }
            assertThatThrownBy(() -> s.byteAt(s.length())).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.byteAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            if (s.length() >= 2) {
                assertThat(s.copyOfRange(1, s.length())).isEqualTo(copy.copyOfRange(1, copy.length()));
            }
            assertThatThrownBy(() -> s.copyOfRange(0, s.length() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        // Unsigned order across ranges of the same array: "abc" < "zzzzz", "" first.
        assertThat(strings).extracting(BString::asUtf8).contains("", "a", "abc", "zzzzz", "café");
        List<BString> sorted = new ArrayList<>(strings);
        sorted.sort(null);
        assertThat(sorted.get(0).length()).isZero();
    }

    @Test
    void sharedStringsViewTheInputWhileCopiedOnesDoNot() {
        byte[] input = "d4:spam4:eggse".getBytes(StandardCharsets.US_ASCII);
        BDictionary shared = (BDictionary) InputSharingDecoders.of(BencodeDecoder.lenient()).decode(input);
        BDictionary copied = (BDictionary) BencodeDecoder.lenient().decode(input);
        Arrays.fill(input, 9, 13, (byte) 'x');
        // This is why the sharing mode is internal: the engine's parsers never change their input.
        assertThat(shared.getString("spam").orElseThrow().asUtf8()).isEqualTo("xxxx");
        assertThat(copied.getString("spam").orElseThrow().asUtf8()).isEqualTo("eggs");
    }

    @Test
    void keepsTheModeAndLimitsOfTheDecoderItConverts() {
        BencodeDecoder small = BencodeDecoder.strict().withLimits(BencodeLimits.DEFAULT.withMaxStringLength(3));
        BencodeDecoder sharing = InputSharingDecoders.of(small);
        assertThat(sharing.isStrict()).isTrue();
        assertThat(sharing.limits()).isEqualTo(small.limits());
        byte[] tooLong = "4:spam".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> sharing.decode(tooLong)).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(BencodeException.Reason.STRING_TOO_LONG));
        byte[] unsorted = "d1:bi1e1:ai2ee".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> sharing.decode(unsorted)).isInstanceOfSatisfying(BencodeException.class,
                e -> assertThat(e.reason()).isEqualTo(BencodeException.Reason.UNSORTED_KEYS));
        assertThat(InputSharingDecoders.of(BencodeDecoder.lenient()).decode(unsorted))
                .isEqualTo(BencodeDecoder.lenient().decode(unsorted));
        assertThat(((BList) InputSharingDecoders.of(BencodeDecoder.lenient())
                .decodePrefix("l1:ae1:b".getBytes(StandardCharsets.US_ASCII), 0, 8).value()).size()).isEqualTo(1);
    }

    @Test
    void theConversionIsRegisteredOnlyOnce() {
        assertThatThrownBy(() -> InputSharingDecoders.register(d -> d)).isInstanceOf(IllegalStateException.class);
    }
}
