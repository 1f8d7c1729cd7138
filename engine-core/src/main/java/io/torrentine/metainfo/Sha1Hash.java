package io.torrentine.metainfo;

import io.torrentine.internal.util.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A 20-byte SHA-1 digest: a v1 info-hash (BEP 3), a v1 piece hash or a similar-torrent hash
 * (BEP 38). Immutable; equal when the bytes are equal.
 */
public final class Sha1Hash implements Comparable<Sha1Hash> {
    /** The length of a SHA-1 digest in bytes. */
    public static final int LENGTH = 20;

    private final byte[] bytes;

    private Sha1Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps a copy of 20 bytes.
     *
     * @param bytes exactly 20 bytes
     * @return the hash
     * @throws IllegalArgumentException if {@code bytes} is not 20 bytes long
     */
    public static Sha1Hash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-1 hash has 20 bytes, not " + bytes.length);
        }
        return new Sha1Hash(bytes.clone());
    }

    /**
     * Copies 20 bytes from {@code source} at {@code offset}.
     *
     * @param source the array holding the hash
     * @param offset where the hash starts
     * @return the hash
     * @throws IndexOutOfBoundsException if fewer than 20 bytes remain at {@code offset}
     */
    public static Sha1Hash of(byte[] source, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, source.length);
        return new Sha1Hash(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    /**
     * Parses 40 hex digits of either case.
     *
     * @param hex the hex text
     * @return the hash
     * @throws IllegalArgumentException if {@code hex} is not 40 hex digits
     */
    public static Sha1Hash fromHex(String hex) {
        if (!Hex.isHex(hex, 2 * LENGTH)) {
            throw new IllegalArgumentException("a SHA-1 hash is 40 hex digits: '" + hex + "'");
        }
        return new Sha1Hash(Hex.decode(hex));
    }

    /**
     * The digest bytes.
     *
     * @return a fresh copy of the 20 bytes
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * The digest as lower-case hex.
     *
     * @return 40 hex digits
     */
    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha1Hash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Sha1Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Returns the lower-case hex form. */
    @Override
    public String toString() {
        return toHex();
    }
}
