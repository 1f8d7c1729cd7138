package io.torrentine.bencode;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes {@link BValue}s as canonical bencode (BEP 3): dictionary keys sorted by unsigned
 * bytes, integers without leading zeros. Stateless and thread-safe.
 *
 * <p>Recursion here is bounded: no value nests deeper than {@link BValue#MAX_NESTING}.
 */
public final class BencodeEncoder {

    private BencodeEncoder() {
    }

    /**
     * Encodes a value into a new array.
     *
     * @param value the value
     * @return the canonical encoding
     */
    public static byte[] encode(BValue value) {
        ByteBuffer out = ByteBuffer.allocate(encodedLength(value));
        write(value, out);
        return out.array();
    }

    /**
     * Encodes a value into a buffer at its position, advancing the position.
     *
     * @param value the value
     * @param out the buffer; needs {@link #encodedLength(BValue)} bytes remaining
     * @throws BufferOverflowException if the buffer has too little room
     * @throws ReadOnlyBufferException if the buffer is read-only
     */
    public static void encode(BValue value, ByteBuffer out) {
        if (out.remaining() < encodedLength(value)) {
            throw new BufferOverflowException();
        }
        write(value, out);
    }

    /**
     * The length of a value's canonical encoding, without encoding it.
     *
     * @param value the value
     * @return the number of bytes {@link #encode(BValue)} produces
     * @throws ArithmeticException if the encoding would exceed 2 GiB
     */
    public static int encodedLength(BValue value) {
        return Math.toIntExact(length(value));
    }

    private static long length(BValue value) {
        if (value instanceof BInteger i) {
            return 2 + Long.toString(i.value()).length();
        }
        if (value instanceof BString s) {
            return stringLength(s);
        }
        long n = 2;
        if (value instanceof BList l) {
            for (BValue v : l.values()) {
                n += length(v);
            }
        } else {
            for (Map.Entry<BString, BValue> e : ((BDictionary) value).asMap().entrySet()) {
                n += stringLength(e.getKey()) + length(e.getValue());
            }
        }
        return n;
    }

    private static long stringLength(BString s) {
        return decimalDigits(s.length()) + 1 + s.length();
    }

    private static int decimalDigits(int n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static void write(BValue value, ByteBuffer out) {
        if (value instanceof BInteger i) {
            out.put((byte) 'i');
            out.put(Long.toString(i.value()).getBytes(StandardCharsets.US_ASCII));
            out.put((byte) 'e');
        } else if (value instanceof BString s) {
            writeString(s, out);
        } else if (value instanceof BList l) {
            out.put((byte) 'l');
            for (BValue v : l.values()) {
                write(v, out);
            }
            out.put((byte) 'e');
        } else {
            out.put((byte) 'd');
            List<Map.Entry<BString, BValue>> sorted =
                    new ArrayList<>(((BDictionary) value).asMap().entrySet());
            sorted.sort(Map.Entry.comparingByKey());
            for (Map.Entry<BString, BValue> e : sorted) {
                writeString(e.getKey(), out);
                write(e.getValue(), out);
            }
            out.put((byte) 'e');
        }
    }

    private static void writeString(BString s, ByteBuffer out) {
        out.put(Integer.toString(s.length()).getBytes(StandardCharsets.US_ASCII));
        out.put((byte) ':');
        s.writeTo(out);
    }
}
