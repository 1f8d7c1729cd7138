package io.torrentine.bencode;

import java.util.Optional;

/** A bencoded integer, a signed 64-bit value ({@code i42e}). */
public final class BInteger implements BValue {
    private final long value;
    private final Span span;

    BInteger(long value, Span span) {
        this.value = value;
        this.span = span;
    }

    /**
     * An integer value with no span.
     *
     * @param value the value
     * @return the bencode integer
     */
    public static BInteger of(long value) {
        return new BInteger(value, null);
    }

    /**
     * The value.
     *
     * @return the signed 64-bit value
     */
    public long value() {
        return value;
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
    public boolean equals(Object o) {
        return o instanceof BInteger other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    /** Returns the decimal value. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
