package io.torrentine.internal.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.bencode.BencodeException.Reason;
import io.torrentine.bencode.BencodeLimits;
import io.torrentine.bencode.Span;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bencode in and out of every kind of Netty buffer. Every buffer a test allocates is released
 * exactly once, checked by {@link #releaseAll()}; the build runs with paranoid leak detection.
 */
class ByteBufBencodeTest {
    private static final byte[] TORRENT = ascii(
            "d8:announce11:udp://x:1113:fooi-7e4:infod6:lengthi1024e4:name4:file6:pieces0:ee");
    private static final BencodeDecoder STRICT = BencodeDecoder.strict();
    private static final BencodeDecoder LENIENT = BencodeDecoder.lenient();

    private final List<ByteBuf> allocated = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        for (ByteBuf buf : allocated) {
            assertThat(buf.refCnt()).as("still referenced before release: %s", buf).isEqualTo(1);
            assertThat(buf.release()).as("released to zero: %s", buf).isTrue();
        }
    }

    /** Buffer makers: each holds {@code prefix + content} with the reader index past prefix. */
    static Stream<Arguments> bufferKinds() {
        return Stream.of(
                Arguments.of("wrapped array", maker(Unpooled::wrappedBuffer)),
                Arguments.of("unpooled heap", maker(b -> Unpooled.buffer(b.length + 7).writeBytes(b))),
                Arguments.of("unpooled direct", maker(b -> Unpooled.directBuffer(b.length).writeBytes(b))),
                Arguments.of("pooled heap",
                        maker(b -> PooledByteBufAllocator.DEFAULT.heapBuffer(b.length).writeBytes(b))),
                Arguments.of("pooled direct",
                        maker(b -> PooledByteBufAllocator.DEFAULT.directBuffer(b.length).writeBytes(b))),
                Arguments.of("composite of 3-byte pieces", maker(ByteBufBencodeTest::composite)));
    }

    private static Function<byte[], ByteBuf> maker(Function<byte[], ByteBuf> f) {
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bufferKinds")
    void decodesReadableBytesWithoutMovingTheReaderIndex(String kind, Function<byte[], ByteBuf> maker) {
        for (String prefix : List.of("", "junk")) {
            ByteBuf buf = track(maker.apply(concat(ascii(prefix), TORRENT)));
            buf.skipBytes(prefix.length());
            int readerIndex = buf.readerIndex();

            BValue value = ByteBufBencode.decode(STRICT, buf);

            assertThat(buf.readerIndex()).isEqualTo(readerIndex);
            assertThat(buf.readableBytes()).isEqualTo(TORRENT.length);
            assertThat(value).isEqualTo(STRICT.decode(TORRENT));
            // Spans count from the reader index, whatever the buffer's layout.
            BValue info = ((BDictionary) value).get("info").orElseThrow();
            Span span = info.span().orElseThrow();
            assertThat(buf.toString(buf.readerIndex() + span.offset(), span.length(), StandardCharsets.US_ASCII))
                    .isEqualTo("d6:lengthi1024e4:name4:file6:pieces0:e");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bufferKinds")
    void decodesAPrefixAndLeavesThePayload(String kind, Function<byte[], ByteBuf> maker) {
        // BEP 9 ut_metadata data message: a dictionary, then the metadata piece.
        byte[] header = ascii("d8:msg_typei1e5:piecei0e10:total_sizei3ee");
        ByteBuf buf = track(maker.apply(concat(ascii("##"), concat(header, ascii("abc")))));
        buf.skipBytes(2);

        BencodeDecoder.Decoded decoded = ByteBufBencode.decodePrefix(STRICT, buf);
        assertThat(decoded.end()).isEqualTo(header.length);
        assertThat(buf.readerIndex()).isEqualTo(2);

        BValue value = ByteBufBencode.readPrefix(STRICT, buf);
        assertThat(value).isEqualTo(decoded.value());
        assertThat(buf.readerIndex()).isEqualTo(2 + header.length);
        assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bufferKinds")
    void failuresReportOffsetsFromTheReaderIndexAndMoveNothing(String kind, Function<byte[], ByteBuf> maker) {
        ByteBuf buf = track(maker.apply(ascii("xxd1:bi1e1:ai2ee")));
        buf.skipBytes(2);
        assertThatThrownBy(() -> ByteBufBencode.readPrefix(STRICT, buf))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNSORTED_KEYS);
                    assertThat(e.offset()).isEqualTo(7);
                });
        assertThat(buf.readerIndex()).isEqualTo(2);
        assertThat(ByteBufBencode.readPrefix(LENIENT, buf)).isInstanceOf(BDictionary.class);
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void strictWholeDecodeRejectsTrailingBytesButAPrefixDecodeDoesNot() {
        ByteBuf buf = track(Unpooled.copiedBuffer(ascii("i1ei2e")));
        assertThatThrownBy(() -> ByteBufBencode.decode(STRICT, buf))
                .isInstanceOfSatisfying(BencodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRAILING_DATA));
        assertThat(ByteBufBencode.decode(LENIENT, buf)).isEqualTo(BInteger.of(1));
        assertThat(ByteBufBencode.readPrefix(STRICT, buf)).isEqualTo(BInteger.of(1));
        assertThat(ByteBufBencode.readPrefix(STRICT, buf)).isEqualTo(BInteger.of(2));
    }

    @Test
    void bytesPastTheWriterIndexAreNotRead() {
        // A wrapped array decoded in place must stop at the writer index, not at the array's end.
        byte[] array = ascii("li1ee");
        ByteBuf buf = track(Unpooled.wrappedBuffer(array).writerIndex(4));
        assertThatThrownBy(() -> ByteBufBencode.decode(LENIENT, buf))
                .isInstanceOfSatisfying(BencodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_END));
    }

    @Test
    void oversizedInputIsRejectedBeforeItIsCopied() {
        BencodeDecoder small = LENIENT.withLimits(BencodeLimits.DEFAULT.withMaxInputSize(16));
        ByteBuf direct = track(Unpooled.directBuffer(17).writeBytes(ascii("15:abcdefghijklmn")));
        assertThatThrownBy(() -> ByteBufBencode.decodePrefix(small, direct))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INPUT_TOO_LARGE);
                    assertThat(e.offset()).isZero();
                });
        assertThat(ByteBufBencode.decode(small, direct.duplicate().readerIndex(1).writerIndex(8)))
                .isEqualTo(BString.of("abcde"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeTargets")
    void writesTheEncodersBytes(String kind, ByteBuf out) {
        track(out);
        out.writeByte('#');
        Random random = new Random(42);
        ByteBuf expected = track(Unpooled.buffer());
        expected.writeByte('#');
        for (BValue value : sampleValues(random)) {
            int before = out.writerIndex();
            int written = ByteBufBencode.write(value, out);
            assertThat(written).isEqualTo(BencodeEncoder.encodedLength(value));
            assertThat(out.writerIndex() - before).isEqualTo(written);
            expected.writeBytes(BencodeEncoder.encode(value));
        }
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(ByteBufUtil.getBytes(expected));
        assertThat(out.readerIndex()).isZero();
    }

    static Stream<Arguments> writeTargets() {
        // Small initial capacities so that every target has to grow.
        return Stream.of(
                Arguments.of("unpooled heap", Unpooled.buffer(1)),
                Arguments.of("unpooled direct", Unpooled.directBuffer(1)),
                Arguments.of("pooled heap", PooledByteBufAllocator.DEFAULT.heapBuffer(1)),
                Arguments.of("pooled direct", PooledByteBufAllocator.DEFAULT.directBuffer(1)),
                // Two components with room (writer index 0, capacity 3 + 5), then growth.
                Arguments.of("composite", Unpooled.compositeBuffer()
                        .addComponent(false, Unpooled.buffer(3).writerIndex(3))
                        .addComponent(false, Unpooled.directBuffer(5).writerIndex(5))));
    }

    @Test
    void writesEveryIntegerLikeTheEncoder() {
        Random random = new Random(7);
        ByteBuf out = track(Unpooled.buffer(32));
        List<Long> values = new ArrayList<>(List.of(0L, -1L, 9L, 10L, -10L, 99L, 100L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L));
        for (int i = 0; i < 2000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long v : values) {
            out.clear();
            ByteBufBencode.write(BInteger.of(v), out);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("i" + v + "e");
        }
    }

    @Test
    void writingBeyondMaxCapacityFailsBeforeWritingAnything() {
        ByteBuf out = track(Unpooled.buffer(4, 8));
        out.writeByte('#');
        assertThatThrownBy(() -> ByteBufBencode.write(BString.of("12345678"), out))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(out.writerIndex()).isEqualTo(1);
        assertThat(ByteBufBencode.write(BString.of("12345"), out)).isEqualTo(7);
        assertThat(out.isWritable()).isFalse();
    }

    @Test
    void readOnlyBuffersAreRejected() {
        ByteBuf buffer = track(Unpooled.buffer(16));
        ByteBuf readOnly = buffer.asReadOnly();
        assertThatThrownBy(() -> ByteBufBencode.write(BInteger.of(1), readOnly))
                .isInstanceOf(ReadOnlyBufferException.class);
        assertThat(buffer.writerIndex()).isZero();
    }

    @Test
    void encodeAllocatesExactlyTheEncodedLength() {
        BValue value = BDictionary.builder().put("b", 2).put("a", BList.of(BString.of("x"))).build();
        for (ByteBufAllocator alloc : List.of(UnpooledByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT)) {
            ByteBuf encoded = track(ByteBufBencode.encode(value, alloc));
            assertThat(encoded.toString(StandardCharsets.US_ASCII)).isEqualTo("d1:al1:xe1:bi2ee");
            assertThat(encoded.capacity()).isEqualTo(encoded.readableBytes());
            assertThat(encoded.maxCapacity()).isEqualTo(encoded.readableBytes());
        }
    }

    @Test
    void roundTripsThroughCompositeBuffersSplitAnywhere() {
        byte[] encoded = BencodeEncoder.encode(sampleValues(new Random(3)).get(5));
        for (int split = 0; split <= encoded.length; split++) {
            CompositeByteBuf composite = Unpooled.compositeBuffer()
                    .addComponent(true, Unpooled.wrappedBuffer(encoded, 0, split))
                    .addComponent(true, Unpooled.directBuffer(encoded.length - split)
                            .writeBytes(encoded, split, encoded.length - split));
            track(composite);
            assertThat(BencodeEncoder.encode(ByteBufBencode.decode(STRICT, composite))).isEqualTo(encoded);
        }
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    private static List<BValue> sampleValues(Random random) {
        List<BValue> values = new ArrayList<>(List.of(
                BInteger.of(0), BInteger.of(Long.MIN_VALUE), BString.of(""), BList.of(), BDictionary.empty()));
        byte[] big = new byte[5000];
        random.nextBytes(big);
        values.add(BDictionary.builder()
                .put(BString.of(new byte[] {(byte) 0xff}), BString.of(big))
                .put("z", BList.of(BInteger.of(-5), BString.of("text"), BDictionary.builder().put("k", 1).build()))
                .put(BString.of(new byte[] {0}), BInteger.of(Long.MAX_VALUE))
                .put("a", 12)
                .build());
        values.add(BDictionary.builder().put("a", 1).put("b", 2).build());
        return values;
    }

    private static ByteBuf composite(byte[] bytes) {
        CompositeByteBuf composite = Unpooled.compositeBuffer(bytes.length);
        for (int i = 0; i < bytes.length; i += 3) {
            int n = Math.min(3, bytes.length - i);
            ByteBuf part = (i / 3) % 2 == 0
                    ? Unpooled.buffer(n).writeBytes(bytes, i, n)
                    : Unpooled.directBuffer(n).writeBytes(bytes, i, n);
            composite.addComponent(true, part);
        }
        return composite;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
