package io.torrentine.bencode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bencoded dictionary ({@code d...e}) with byte-string keys.
 *
 * <p>Entries keep the order they were decoded or put in; the encoder writes them sorted by
 * unsigned bytes, as BEP 3 requires. A leniently decoded dictionary that repeated a key keeps
 * the first value, as libtorrent's lookups do.
 */
public final class BDictionary implements BValue {
    private final Map<BString, BValue> entries;
    private final Span span;
    private final int nesting;

    BDictionary(Map<BString, BValue> entries, Span span) {
        this.entries = Collections.unmodifiableMap(entries);
        this.span = span;
        int deepest = 0;
        for (BValue v : entries.values()) {
            deepest = Math.max(deepest, v.nesting());
        }
        this.nesting = deepest + 1;
        if (nesting > MAX_NESTING) {
            throw new IllegalArgumentException("a value may nest at most " + MAX_NESTING + " levels");
        }
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The empty dictionary.
     *
     * @return a dictionary without entries
     */
    public static BDictionary empty() {
        return new BDictionary(new LinkedHashMap<>(), null);
    }

    /**
     * The entries, in decoded or insertion order.
     *
     * @return an unmodifiable map
     */
    public Map<BString, BValue> asMap() {
        return entries;
    }

    /**
     * The keys, in decoded or insertion order.
     *
     * @return an unmodifiable set
     */
    public Set<BString> keys() {
        return entries.keySet();
    }

    /**
     * The number of entries.
     *
     * @return the size
     */
    public int size() {
        return entries.size();
    }

    /**
     * The value under a key.
     *
     * @param key the key
     * @return the value, or empty
     */
    public Optional<BValue> get(BString key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * The value under the UTF-8 encoding of {@code key}.
     *
     * @param key the key as text
     * @return the value, or empty
     */
    public Optional<BValue> get(String key) {
        return get(BString.of(key));
    }

    /**
     * The value under {@code key} if it is a string.
     *
     * @param key the key as text
     * @return the string, or empty if absent or of another type
     */
    public Optional<BString> getString(String key) {
        return get(key).filter(BString.class::isInstance).map(BString.class::cast);
    }

    /**
     * The value under {@code key} if it is an integer.
     *
     * @param key the key as text
     * @return the integer, or empty if absent or of another type
     */
    public Optional<Long> getLong(String key) {
        return get(key).filter(BInteger.class::isInstance).map(v -> ((BInteger) v).value());
    }

    /**
     * The value under {@code key} if it is a list.
     *
     * @param key the key as text
     * @return the list, or empty if absent or of another type
     */
    public Optional<BList> getList(String key) {
        return get(key).filter(BList.class::isInstance).map(BList.class::cast);
    }

    /**
     * The value under {@code key} if it is a dictionary.
     *
     * @param key the key as text
     * @return the dictionary, or empty if absent or of another type
     */
    public Optional<BDictionary> getDictionary(String key) {
        return get(key).filter(BDictionary.class::isInstance).map(BDictionary.class::cast);
    }

    /**
     * A builder holding this dictionary's entries, to derive a changed copy.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries);
        return b;
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
        return o instanceof BDictionary other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    /** Builds a dictionary; a later {@code put} of the same key replaces the value. */
    public static final class Builder {
        private final LinkedHashMap<BString, BValue> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Puts a value.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder put(BString key, BValue value) {
            entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Puts a value under the UTF-8 encoding of {@code key}.
         *
         * @param key the key as text
         * @param value the value
         * @return this builder
         */
        public Builder put(String key, BValue value) {
            return put(BString.of(key), value);
        }

        /**
         * Puts an integer.
         *
         * @param key the key as text
         * @param value the integer
         * @return this builder
         */
        public Builder put(String key, long value) {
            return put(BString.of(key), BInteger.of(value));
        }

        /**
         * Puts the UTF-8 encoding of a text.
         *
         * @param key the key as text
         * @param value the text
         * @return this builder
         */
        public Builder put(String key, String value) {
            return put(BString.of(key), BString.of(value));
        }

        /**
         * Puts a byte string.
         *
         * @param key the key as text
         * @param value the bytes, copied
         * @return this builder
         */
        public Builder put(String key, byte[] value) {
            return put(BString.of(key), BString.of(value));
        }

        /**
         * Removes a key if present.
         *
         * @param key the key as text
         * @return this builder
         */
        public Builder remove(String key) {
            entries.remove(BString.of(key));
            return this;
        }

        /**
         * Builds the dictionary.
         *
         * @return the dictionary
         * @throws IllegalArgumentException if it would nest deeper than {@link BValue#MAX_NESTING}
         */
        public BDictionary build() {
            return new BDictionary(new LinkedHashMap<>(entries), null);
        }
    }
}
