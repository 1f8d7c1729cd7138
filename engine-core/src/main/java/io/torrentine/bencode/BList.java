package io.torrentine.bencode;

import java.util.List;
import java.util.Optional;

/** A bencoded list ({@code l...e}): an immutable, ordered sequence of values. */
public final class BList implements BValue {
    private final List<BValue> values;
    private final Span span;
    private final int nesting;

    BList(List<BValue> values, Span span) {
        this.values = values;
        this.span = span;
        int deepest = 0;
        for (BValue v : values) {
            deepest = Math.max(deepest, v.nesting());
        }
        this.nesting = deepest + 1;
        if (nesting > MAX_NESTING) {
            throw new IllegalArgumentException("a value may nest at most " + MAX_NESTING + " levels");
        }
    }

    /**
     * A list of the given values.
     *
     * @param values the values, none null
     * @return the list
     * @throws IllegalArgumentException if the result would nest deeper than {@link #MAX_NESTING}
     */
    public static BList of(List<? extends BValue> values) {
        return new BList(List.copyOf(values), null);
    }

    /**
     * A list of the given values.
     *
     * @param values the values, none null
     * @return the list
     * @throws IllegalArgumentException if the result would nest deeper than {@link #MAX_NESTING}
     */
    public static BList of(BValue... values) {
        return new BList(List.of(values), null);
    }

    /**
     * The values.
     *
     * @return an unmodifiable list
     */
    public List<BValue> values() {
        return values;
    }

    /**
     * The number of values.
     *
     * @return the size
     */
    public int size() {
        return values.size();
    }

    /**
     * One value.
     *
     * @param index the index, from 0
     * @return the value
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public BValue get(int index) {
        return values.get(index);
    }

    @Override
    public Optional<Span> span() {
        return Optional.ofNullable(span);
    }

    @Override
    public int nesting() {
        return nesting;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BList other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
