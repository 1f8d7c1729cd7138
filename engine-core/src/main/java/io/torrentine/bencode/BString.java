package io.torrentine.bencode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A bencoded byte string ({@code 4:spam}). It holds bytes, not text: keys of v2 piece layers and
 * scrape responses are raw hashes, so nothing here assumes UTF-8 until asked.
 *
 * <p>Strings compare by unsigned bytes, the order BEP 3 sorts dictionary keys in.
 */
public final class BString implements BValue, Comparable<BString> {
    private final byte[] bytes;
    private final Span span;
    private int hash;

    BString(byte[] bytes, Span span) {
        this.bytes = bytes;
        this.span = span;
    }

    /**
     * A string of a copy of {@code bytes}.
     *
     * @param bytes the bytes
     * @return the bencode string
     */
    public static BString of(byte[] bytes) {
        return new BString(bytes.clone(), null);
    }

    /**
     * A string of the UTF-8 encoding of {@code text}.
     *
     * @param text the text
     * @return the bencode string
     */
    public static BString of(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The number of bytes.
     *
     * @return the length in bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * One byte.
     *
     * @param index the index, from 0
     * @return the byte at {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public byte byteAt(int index) {
        return bytes[Objects.checkIndex(index, bytes.length)];
    }

    /**
     * The bytes.
     *
     * @return a fresh copy of the bytes
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * A read-only view of the bytes, without copying them.
     *
     * @return a read-only buffer positioned at 0
     */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * Copies a range of the bytes.
     *
     * @param from the first index, inclusive
     * @param to the last index, exclusive
     * @return the bytes in the range
     * @throws IndexOutOfBoundsException if the range is out of bounds
     */
    public byte[] copyOfRange(int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        return Arrays.copyOfRange(bytes, from, to);
    }

    /**
     * The bytes decoded as UTF-8, with each malformed sequence replaced by U+FFFD.
     *
     * @return the text
     */
    public String asUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The bytes decoded as UTF-8, if they are valid UTF-8.
     *
     * @return the text, or empty if the bytes are not valid UTF-8
     */
    public Optional<String> asStrictUtf8() {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the bytes equal the UTF-8 encoding of {@code text}.
     *
     * @param text the text to compare with
     * @return true if equal
     */
    public boolean contentEquals(String text) {
        return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public Optional<Span> span() {
        return Optional.ofNullable(span);
    }

    @Override
    public int nesting() {
        return 0;
    }

    @Override
    public int compareTo(BString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** Returns the text if it is printable UTF-8, else the bytes as hex prefixed by {@code 0x}. */
    @Override
    public String toString() {
        Optional<String> text = asStrictUtf8();
        if (text.isPresent() && text.get().codePoints().noneMatch(Character::isISOControl)) {
            return text.get();
        }
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
