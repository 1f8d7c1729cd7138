package io.torrentine.internal.bencode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.bencode.BencodeException.Reason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Bencode (BEP 3) to and from Netty {@link ByteBuf}s, for the peer wire (BEP 10 extension
 * handshakes, BEP 9 {@code ut_metadata} messages) and UDP payloads.
 *
 * <p>Writing produces exactly the bytes of {@link BencodeEncoder#encode(BValue)}, straight into
 * the buffer. Decoding reads a buffer's readable bytes, whatever the buffer (heap, direct or
 * composite), and leaves its reader index alone unless the method says it advances it. Spans of
 * decoded values, {@link BencodeDecoder.Decoded#end()} and {@link BencodeException#offset()} all
 * count from the reader index at the call: offset 0 is the first readable byte.
 *
 * <p>None of these methods retains or releases a buffer it is given; the caller keeps ownership.
 */
public final class ByteBufBencode {

    private ByteBufBencode() {
    }

    /**
     * Writes a value's canonical encoding at the writer index, growing the buffer first if it
     * must.
     *
     * @param value the value
     * @param out the buffer to write into; its writer index advances by the returned count
     * @return the number of bytes written, {@link BencodeEncoder#encodedLength(BValue)}
     * @throws ArithmeticException if the encoding would exceed 2 GiB
     * @throws IndexOutOfBoundsException if {@code out} cannot grow by that much
     * @throws java.nio.ReadOnlyBufferException if {@code out} is read-only
     */
    public static int write(BValue value, ByteBuf out) {
        int length = BencodeEncoder.encodedLength(value);
        out.ensureWritable(length);
        int start = out.writerIndex();
        writeValue(value, out);
        int written = out.writerIndex() - start;
        if (written != length) {
            // The two walks disagree only if the encoder changed; never send such bytes.
            out.writerIndex(start);
            throw new IllegalStateException("wrote " + written + " bytes, expected " + length);
        }
        return length;
    }

    /**
     * Encodes a value into a new buffer of exactly its encoded length.
     *
     * @param value the value
     * @param alloc the allocator of the new buffer
     * @return a buffer holding the encoding; the caller releases it
     * @throws ArithmeticException if the encoding would exceed 2 GiB
     */
    public static ByteBuf encode(BValue value, ByteBufAllocator alloc) {
        int length = BencodeEncoder.encodedLength(value);
        ByteBuf out = alloc.buffer(length, length);
        boolean done = false;
        try {
            write(value, out);
            done = true;
            return out;
        } finally {
            if (!done) {
                out.release();
            }
        }
    }

    /**
     * Decodes all readable bytes of a buffer as one value; the reader index does not move.
     *
     * @param decoder the decoder, which sets the mode and the limits
     * @param in the buffer
     * @return the value, with spans counted from the reader index
     * @throws BencodeException if the bytes are not valid bencode for {@code decoder} or exceed
     *     its limits; in strict mode also if bytes follow the value
     */
    public static BValue decode(BencodeDecoder decoder, ByteBuf in) {
        Input input = Input.of(decoder, in);
        return decoder.decode(input.bytes, 0, input.length);
    }

    /**
     * Decodes the value at the start of a buffer's readable bytes and tells where it ended; the
     * bytes after it (a BEP 9 metadata piece) are left alone, and so is the reader index.
     *
     * @param decoder the decoder, which sets the mode and the limits
     * @param in the buffer
     * @return the value, and its end counted from the reader index
     * @throws BencodeException if the value is not valid bencode for {@code decoder} or the
     *     readable bytes exceed its limits
     */
    public static BencodeDecoder.Decoded decodePrefix(BencodeDecoder decoder, ByteBuf in) {
        Input input = Input.of(decoder, in);
        return decoder.decodePrefix(input.bytes, 0, input.length);
    }

    /**
     * Decodes the value at the start of a buffer's readable bytes and advances the reader index
     * just past it, so that what follows can be read next. On failure the reader index does not
     * move.
     *
     * @param decoder the decoder, which sets the mode and the limits
     * @param in the buffer
     * @return the value, with spans counted from the reader index before the call
     * @throws BencodeException if the value is not valid bencode for {@code decoder} or the
     *     readable bytes exceed its limits
     */
    public static BValue readPrefix(BencodeDecoder decoder, ByteBuf in) {
        BencodeDecoder.Decoded decoded = decodePrefix(decoder, in);
        in.skipBytes(decoded.end());
        return decoded.value();
    }

    /** The readable bytes as an array starting at index 0, so that spans need no shifting. */
    private static final class Input {
        final byte[] bytes;
        final int length;

        private Input(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        static Input of(BencodeDecoder decoder, ByteBuf in) {
            int length = in.readableBytes();
            // Checked here as well as in the decoder so that a huge buffer is never copied.
            if (length > decoder.limits().maxInputSize()) {
                throw new BencodeException(Reason.INPUT_TOO_LARGE, 0,
                        length + " bytes, limit " + decoder.limits().maxInputSize());
            }
            if (in.hasArray() && in.arrayOffset() + in.readerIndex() == 0) {
                // Array index equals readable offset: decode in place (wrapped arrays, fresh heap
                // buffers). Bytes past the writer index are outside the range the decoder reads.
                return new Input(in.array(), length);
            }
            byte[] copy = new byte[length];
            in.getBytes(in.readerIndex(), copy);
            return new Input(copy, length);
        }
    }

    // Recursion is bounded: no BValue nests deeper than BValue.MAX_NESTING.
    private static void writeValue(BValue value, ByteBuf out) {
        if (value instanceof BInteger i) {
            out.writeByte('i');
            writeDecimal(i.value(), out);
            out.writeByte('e');
        } else if (value instanceof BString s) {
            writeString(s, out);
        } else if (value instanceof BList l) {
            out.writeByte('l');
            for (BValue v : l.values()) {
                writeValue(v, out);
            }
            out.writeByte('e');
        } else {
            out.writeByte('d');
            for (Map.Entry<BString, BValue> e : sortedEntries((BDictionary) value)) {
                writeString(e.getKey(), out);
                writeValue(e.getValue(), out);
            }
            out.writeByte('e');
        }
    }

    private static Iterable<Map.Entry<BString, BValue>> sortedEntries(BDictionary dict) {
        Iterable<Map.Entry<BString, BValue>> entries = dict.asMap().entrySet();
        // Decoded canonical input and most built dictionaries are already in order: skip the copy.
        if (isSorted(dict.keys().iterator())) {
            return entries;
        }
        List<Map.Entry<BString, BValue>> sorted = new ArrayList<>(dict.asMap().entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        return sorted;
    }

    private static boolean isSorted(Iterator<BString> keys) {
        BString previous = null;
        while (keys.hasNext()) {
            BString key = keys.next();
            if (previous != null && previous.compareTo(key) > 0) {
                return false;
            }
            previous = key;
        }
        return true;
    }

    private static void writeString(BString s, ByteBuf out) {
        writeDecimal(s.length(), out);
        out.writeByte(':');
        // A read-only view of the string's bytes: nothing is copied on the way to the buffer.
        out.writeBytes(s.asReadOnlyBuffer());
    }

    private static void writeDecimal(long value, ByteBuf out) {
        if (value == Long.MIN_VALUE) {
            // Its magnitude does not fit a long; it is the one value negation cannot handle.
            out.writeCharSequence(Long.toString(value), java.nio.charset.StandardCharsets.US_ASCII);
            return;
        }
        long v = value;
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        out.ensureWritable(digits);
        int at = out.writerIndex();
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(at + i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(at + digits);
    }
}
