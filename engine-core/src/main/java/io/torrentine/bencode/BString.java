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
 *
 * <p>A string made by {@link #of(byte[])}, {@link #of(String)} or a {@link BencodeDecoder} owns a
 * private copy of its bytes, so it keeps no caller's array alive and nothing can change it.
 */
public final class BString implements BValue, Comparable<BString> {
    /**
     * The array holding the bytes, from {@code offset} for {@code length} bytes. Only the
     * engine's own parsers make strings that are a range of a larger array (an input they own
     * and never modify, decoded without copying: see {@code InputSharingDecoders}).
     */
    private final byte[] array;
    private final int offset;
    private final int length;
    private final Span span;
    private int hash;

    BString(byte[] bytes, Span span) {
        this(bytes, 0, bytes.length, span);
    }

    /** A string of a range of {@code array}, which the caller promises never to modify. */
    BString(byte[] array, int offset, int length, Span span) {
        this.array = array;
        this.offset = offset;
        this.length = length;
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
        return length;
    }

    /**
     * One byte.
     *
     * @param index the index, from 0
     * @return the byte at {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public byte byteAt(int index) {
        return array[offset + Objects.checkIndex(index, length)];
    }

    /**
     * The bytes.
     *
     * @return a fresh copy of the bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * A read-only view of the bytes, without copying them.
     *
     * @return a read-only buffer positioned at 0
     */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
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
        Objects.checkFromToIndex(from, to, length);
        return Arrays.copyOfRange(array, offset + from, offset + to);
    }

    /**
     * The bytes decoded as UTF-8, with each malformed sequence replaced by U+FFFD.
     *
     * @return the text
     */
    public String asUtf8() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
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
                    .decode(ByteBuffer.wrap(array, offset, length));
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
        byte[] other = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(array, offset, offset + length, other, 0, other.length);
    }

    /** Writes the bytes, without copying them first (the encoder's path). */
    void writeTo(ByteBuffer out) {
        out.put(array, offset, length);
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
        return Arrays.compareUnsigned(array, offset, offset + length, o.array, o.offset, o.offset + o.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString other
                && Arrays.equals(array, offset, offset + length, other.array, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // Arrays.hashCode's formula over the range, so that the value does not depend on
            // whether the bytes are shared or copied.
            h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + array[i];
            }
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
        for (int i = offset; i < offset + length; i++) {
            byte b = array[i];
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
