package io.torrentine.bencode;

import static io.torrentine.bencode.Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value types: content equality, byte strings, dictionary lookups and immutability. */
class BValueTest {

    @Test
    void equalityIgnoresSpans() {
        byte[] input = latin1("..d1:ali1e1:xee");
        BValue decoded = BencodeDecoder.strict().decode(input, 2, input.length - 2);
        BValue built = BDictionary.builder().put("a", BList.of(BInteger.of(1), BString.of("x"))).build();
        assertThat(decoded).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(decoded.span()).isPresent();
        assertThat(built.span()).isEmpty();
    }

    @Test
    void dictionaryEqualityIgnoresEntryOrder() {
        BValue ab = BDictionary.builder().put("a", 1).put("b", 2).build();
        BValue ba = BDictionary.builder().put("b", 2).put("a", 1).build();
        assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba);
        assertThat(BList.of(BInteger.of(1), BInteger.of(2))).isNotEqualTo(BList.of(BInteger.of(2), BInteger.of(1)));
    }

    @Test
    void typesNeverEqualEachOther() {
        List<BValue> values = List.of(BInteger.of(0), BString.of(""), BList.of(), BDictionary.empty());
        for (BValue a : values) {
            for (BValue b : values) {
                assertThat(a.equals(b)).isEqualTo(a == b);
            }
        }
    }

    @Test
    void stringsCompareAsUnsignedBytes() {
        BString zero = BString.of(new byte[] {0});
        BString high = BString.of(new byte[] {(byte) 0x80});
        BString max = BString.of(new byte[] {(byte) 0xff});
        List<BString> strings = new ArrayList<>(List.of(max, BString.of("ab"), high, BString.of(""), zero, BString.of("a")));
        strings.sort(null);
        assertThat(strings).containsExactly(BString.of(""), zero, BString.of("a"), BString.of("ab"), high, max);
    }

    @Test
    void stringsCopyTheirBytesInAndOut() {
        byte[] bytes = {1, 2, 3};
        BString s = BString.of(bytes);
        bytes[0] = 9;
        assertThat(s.byteAt(0)).isEqualTo((byte) 1);
        s.toByteArray()[1] = 9;
        assertThat(s.byteAt(1)).isEqualTo((byte) 2);
        assertThat(s.copyOfRange(1, 3)).containsExactly(2, 3);
        assertThat(s.length()).isEqualTo(3);
        assertThat(s.asReadOnlyBuffer().isReadOnly()).isTrue();
        assertThat(s.asReadOnlyBuffer().remaining()).isEqualTo(3);
        assertThatThrownBy(() -> s.byteAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.copyOfRange(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void textViews() {
        BString text = BString.of("gr\u00fc\u00df");
        assertThat(text.asUtf8()).isEqualTo("gr\u00fc\u00df");
        assertThat(text.asStrictUtf8()).contains("gr\u00fc\u00df");
        assertThat(text.contentEquals("gr\u00fc\u00df")).isTrue();
        assertThat(text.toString()).isEqualTo("gr\u00fc\u00df");

        BString binary = BString.of(new byte[] {(byte) 0xff, 0x00, 0x1f});
        assertThat(binary.asStrictUtf8()).isEmpty();
        assertThat(binary.asUtf8()).startsWith("\ufffd");
        assertThat(binary.toString()).isEqualTo("0xff001f");
        assertThat(BString.of("a\nb").toString()).as("control characters print as hex").isEqualTo("0x610a62");
    }

    @Test
    void dictionaryLookupsAreTyped() {
        BDictionary dict = BDictionary.builder()
                .put("int", 5)
                .put("str", "text")
                .put("bytes", new byte[] {1})
                .put("list", BList.of())
                .put("dict", BDictionary.empty())
                .build();
        assertThat(dict.getLong("int")).contains(5L);
        assertThat(dict.getString("str")).contains(BString.of("text"));
        assertThat(dict.getString("bytes")).contains(BString.of(new byte[] {1}));
        assertThat(dict.getList("list")).contains(BList.of());
        assertThat(dict.getDictionary("dict")).contains(BDictionary.empty());
        assertThat(dict.getLong("str")).isEmpty();
        assertThat(dict.getString("int")).isEmpty();
        assertThat(dict.getList("dict")).isEmpty();
        assertThat(dict.getDictionary("list")).isEmpty();
        assertThat(dict.getLong("missing")).isEmpty();
        assertThat(dict.get(BString.of("int"))).contains(BInteger.of(5));
        assertThat(dict.size()).isEqualTo(5);
    }

    @Test
    void builderPutsReplacesAndRemoves() {
        BDictionary original = BDictionary.builder().put("a", 1).put("b", 2).build();
        BDictionary changed = original.toBuilder().put("a", 10).remove("b").put("c", "x").build();
        assertThat(changed).isEqualTo(BDictionary.builder().put("a", 10).put("c", "x").build());
        assertThat(original).as("the original is untouched")
                .isEqualTo(BDictionary.builder().put("a", 1).put("b", 2).build());
        assertThatThrownBy(() -> BDictionary.builder().put((BString) null, BInteger.of(1)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BDictionary.builder().put("a", (BValue) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void collectionsAreUnmodifiable() {
        BDictionary dict = (BDictionary) BencodeDecoder.strict().decode(latin1("d1:ai1ee"));
        assertThatThrownBy(() -> dict.asMap().put(BString.of("b"), BInteger.of(2)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> dict.keys().clear()).isInstanceOf(UnsupportedOperationException.class);
        BList list = (BList) BencodeDecoder.strict().decode(latin1("li1ee"));
        assertThatThrownBy(() -> list.values().add(BInteger.of(2)))
                .isInstanceOf(UnsupportedOperationException.class);

        List<BValue> source = new ArrayList<>(List.of(BInteger.of(1)));
        BList copied = BList.of(source);
        source.add(BInteger.of(2));
        assertThat(copied.size()).isEqualTo(1);
        assertThat(copied.get(0)).isEqualTo(BInteger.of(1));
    }

    @Test
    void toStringsAreReadable() {
        assertThat(BInteger.of(-3)).hasToString("-3");
        assertThat(BList.of(BInteger.of(1), BString.of("a"))).hasToString("[1, a]");
        assertThat(BDictionary.builder().put("k", "v").build()).hasToString("{k=v}");
        assertThat(BDictionary.builder().put("k", "v").build().asMap()).containsExactly(
                Map.entry(BString.of("k"), BString.of("v")));
    }
}
