package io.torrentine.internal.util;

/** Lower-case hexadecimal encoding and strict decoding. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Encodes bytes as lower-case hex. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * Decodes hex of either case.
     *
     * @throws IllegalArgumentException if the length is odd or a character is not a hex digit
     */
    public static byte[] decode(CharSequence hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex.charAt(2 * i)) << 4) | digit(hex.charAt(2 * i + 1)));
        }
        return out;
    }

    /** Whether every character is a hex digit and the length is {@code length}. */
    public static boolean isHex(CharSequence s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (asciiDigit(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(char c) {
        int d = asciiDigit(c);
        if (d < 0) {
            throw new IllegalArgumentException("not a hex digit: '" + c + "'");
        }
        return d;
    }

    /**
     * The value of an ASCII hex digit of either case. Only ASCII: {@link Character#digit} would
     * also take, say, Arabic-Indic digits.
     *
     * @param c the character
     * @return 0 to 15, or -1 if {@code c} is not an ASCII hex digit
     */
    public static int asciiDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
