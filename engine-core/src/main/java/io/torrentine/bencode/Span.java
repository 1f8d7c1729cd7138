package io.torrentine.bencode;

/**
 * Where a decoded value stood in the array it was decoded from: the raw bytes that hash to an
 * info-hash, or that a peer sent.
 *
 * @param offset the index of the value's first byte in the input array
 * @param length the number of bytes of the value's encoding
 */
public record Span(int offset, int length) {

    /**
     * Checks that the span is not negative.
     *
     * @param offset the index of the value's first byte
     * @param length the number of bytes
     * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
     */
    public Span {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative span " + offset + "+" + length);
        }
    }

    /**
     * The index just past the value's last byte.
     *
     * @return {@code offset + length}
     */
    public int end() {
        return offset + length;
    }
}
