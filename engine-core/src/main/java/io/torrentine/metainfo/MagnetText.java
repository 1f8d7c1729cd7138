package io.torrentine.metainfo;

import io.torrentine.internal.util.Hex;
import io.torrentine.metainfo.InvalidMagnetLinkException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding and -encoding of magnet parameter values as UTF-8 text, and the ASCII-only
 * comparisons the parser needs (never {@link String#equalsIgnoreCase}, whose Unicode case
 * folding would let {@code ſo} pass for {@code so}).
 */
final class MagnetText {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    /**
     * Characters written as they are in a value: RFC 3986 unreserved characters and the
     * delimiters a tracker URL is made of that mean nothing in a query value. Everything
     * else, in particular {@code & = + % #} and space, is percent-encoded.
     */
    private static final boolean[] KEEP = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            KEEP[c] = true;
            KEEP[c - 'a' + 'A'] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            KEEP[c] = true;
        }
        for (char c : "-._~:/@?!$'()*,".toCharArray()) {
            KEEP[c] = true;
        }
    }

    private MagnetText() {
    }

    /**
     * Decodes {@code s[from, to)}: {@code %XX} escapes and raw characters become UTF-8 bytes,
     * {@code +} becomes a space (as in HTML forms and as libtorrent reads it), and the bytes
     * must then be well-formed UTF-8.
     *
     * @param parameter the parameter name, for the message
     * @throws InvalidMagnetLinkException with {@link Reason#MALFORMED_ESCAPE},
     *     {@link Reason#INVALID_UTF8} or {@link Reason#UNPAIRED_SURROGATE}
     */
    static String decode(String s, int from, int to, String parameter) {
        if (isPlain(s, from, to)) {
            return s.substring(from, to);
        }
        // Each char yields at most 3 bytes (a BMP char); a %XX triple yields 1.
        byte[] bytes = new byte[3 * (to - from)];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int high = i + 1 < to ? hexDigit(s.charAt(i + 1)) : -1;
                int low = i + 2 < to ? hexDigit(s.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw new InvalidMagnetLinkException(Reason.MALFORMED_ESCAPE,
                            "'%' not followed by two hex digits in " + parameter + " at index " + i);
                }
                bytes[n++] = (byte) ((high << 4) | low);
                i += 2;
            } else if (c == '+') {
                bytes[n++] = ' ';
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else if (c < 0x800) {
                bytes[n++] = (byte) (0xC0 | (c >> 6));
                bytes[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                bytes[n++] = (byte) (0xE0 | (c >> 12));
                bytes[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes[n++] = (byte) (0xF0 | (cp >> 18));
                bytes[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                throw new InvalidMagnetLinkException(Reason.UNPAIRED_SURROGATE,
                        "unpaired surrogate in " + parameter + " at index " + i);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMagnetLinkException(Reason.INVALID_UTF8,
                    "the decoded bytes of " + parameter + " are not UTF-8");
        }
    }

    /** Whether the range needs no decoding: ASCII without {@code %} or {@code +}. */
    private static boolean isPlain(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends a value percent-encoded as UTF-8, so that {@link #decode} gives it back exactly.
     *
     * @param value well-formed text (no unpaired surrogates; see {@link #hasUnpairedSurrogate})
     */
    static void encode(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (KEEP[c]) {
                    out.append(c);
                } else {
                    escape(c, out);
                }
            } else if (c < 0x800) {
                escape(0xC0 | (c >> 6), out);
                escape(0x80 | (c & 0x3F), out);
            } else if (!Character.isSurrogate(c)) {
                escape(0xE0 | (c >> 12), out);
                escape(0x80 | ((c >> 6) & 0x3F), out);
                escape(0x80 | (c & 0x3F), out);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                escape(0xF0 | (cp >> 18), out);
                escape(0x80 | ((cp >> 12) & 0x3F), out);
                escape(0x80 | ((cp >> 6) & 0x3F), out);
                escape(0x80 | (cp & 0x3F), out);
            } else {
                throw new IllegalArgumentException("unpaired UTF-16 surrogate at index " + i);
            }
        }
    }

    private static void escape(int b, StringBuilder out) {
        out.append('%').append(HEX_UPPER[b >> 4]).append(HEX_UPPER[b & 0xF]);
    }

    /** Whether the text holds a surrogate char without its pair, which UTF-8 cannot encode. */
    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first index of {@code c} in {@code s[from, to)}, or -1: unlike
     * {@link String#indexOf(int, int)} it never scans past {@code to}, which keeps parsing a
     * link with many parameters linear.
     */
    static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The value of an ASCII hex digit of either case, or -1. */
    static int hexDigit(char c) {
        return Hex.asciiDigit(c);
    }

    /** Whether every char is an ASCII hex digit and there are {@code length} of them. */
    static boolean isAsciiHex(String s, int length) {
        return Hex.isHex(s, length);
    }

    /** Whether {@code s[from, to)} equals {@code lowerAscii}, ignoring ASCII case only. */
    static boolean equalsAsciiIgnoreCase(String s, int from, int to, String lowerAscii) {
        return to - from == lowerAscii.length() && startsWithAsciiIgnoreCase(s, from, lowerAscii);
    }

    /** Whether {@code s} has {@code lowerAscii} at {@code from}, ignoring ASCII case only. */
    static boolean startsWithAsciiIgnoreCase(String s, int from, String lowerAscii) {
        if (s.length() - from < lowerAscii.length()) {
            return false;
        }
        for (int i = 0; i < lowerAscii.length(); i++) {
            char c = s.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
