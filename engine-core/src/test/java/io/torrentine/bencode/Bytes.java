package io.torrentine.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Test helpers that turn readable bencode into bytes and back. */
final class Bytes {

    private Bytes() {
    }

    /** One byte per char (ISO-8859-1), so that {@code "1:\u00ff"} is the bytes 31 3a ff. */
    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The inverse of {@link #latin1(String)}. */
    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a span. */
    static byte[] spanBytes(byte[] input, BValue value) {
        Span span = value.span().orElseThrow();
        return Arrays.copyOfRange(input, span.offset(), span.end());
    }

    /** {@code c} repeated {@code n} times. */
    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }
}
