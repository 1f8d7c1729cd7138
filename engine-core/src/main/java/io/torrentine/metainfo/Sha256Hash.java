package io.torrentine.metainfo;

import io.torrentine.internal.util.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A 32-byte SHA-256 digest: a v2 info-hash, a file's merkle root or a piece-layer hash
 * (BEP 52). Immutable; equal when the bytes are equal.
 */
public final class Sha256Hash implements Comparable<Sha256Hash> {
    /** The length of a SHA-256 digest in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private Sha256Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps a copy of 32 bytes.
     *
     * @param bytes exactly 32 bytes
     * @return the hash
     * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
     */
    public static Sha256Hash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + bytes.length);
        }
        return new Sha256Hash(bytes.clone());
    }

    /**
     * Copies 32 bytes from {@code source} at {@code offset}.
     *
     * @param source the array holding the hash
     * @param offset where the hash starts
     * @return the hash
     * @throws IndexOutOfBoundsException if fewer than 32 bytes remain at {@code offset}
     */
    public static Sha256Hash of(byte[] source, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, source.length);
        return new Sha256Hash(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    /**
     * Parses 64 hex digits of either case.
     *
     * @param hex the hex text
     * @return the hash
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static Sha256Hash fromHex(String hex) {
        if (!Hex.isHex(hex, 2 * LENGTH)) {
            throw new IllegalArgumentException("a SHA-256 hash is 64 hex digits: '" + hex + "'");
        }
        return new Sha256Hash(Hex.decode(hex));
    }

    /**
     * The digest bytes.
     *
     * @return a fresh copy of the 32 bytes
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * The digest as lower-case hex.
     *
     * @return 64 hex digits
     */
    public String toHex() {
        return Hex.encode(bytes);
    }

    /**
     * The first 20 bytes: how a v2 info-hash appears where only 20 bytes fit (the BEP 52
     * handshake, trackers, the DHT).
     *
     * @return the truncated hash
     */
    public Sha1Hash truncated() {
        return Sha1Hash.of(bytes, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256Hash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Sha256Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Returns the lower-case hex form. */
    @Override
    public String toString() {
        return toHex();
    }
}
