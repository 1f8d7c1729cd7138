package io.torrentine.bencode;

import java.util.Objects;

/**
 * Input that is not valid bencode, or that exceeds a {@link BencodeLimits} bound. Carries a
 * {@link Reason} to act on and the offset in the input where decoding stopped.
 */
public final class BencodeException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the input was rejected. */
    public enum Reason {
        /** The input ended inside a value: it may be truncated. */
        UNEXPECTED_END,
        /** A byte that cannot start a value ({@code i}, {@code l}, {@code d} or a digit). */
        INVALID_TYPE,
        /** A dictionary key that is not a byte string. */
        KEY_NOT_STRING,
        /** An {@code e} with no list or dictionary open. */
        UNMATCHED_END,
        /**
         * A dictionary key followed by the dictionary's {@code e} instead of a value. Unlike
         * {@link #UNEXPECTED_END}, more input would not help.
         */
        MISSING_VALUE,
        /** A string length that is not decimal digits followed by {@code :}. */
        INVALID_STRING_LENGTH,
        /** An integer that is not an optional {@code -} then digits then {@code e}. */
        INVALID_INTEGER,
        /** An integer or length that does not fit a signed 64-bit value. */
        INTEGER_OVERFLOW,
        /** A number with more digits than the limit allows. */
        TOO_MANY_DIGITS,
        /** A leading zero in a number (strict mode). */
        LEADING_ZERO,
        /** The integer {@code -0} (strict mode). */
        NEGATIVE_ZERO,
        /** Dictionary keys not in ascending unsigned byte order (strict mode). */
        UNSORTED_KEYS,
        /** A dictionary key given twice (strict mode). */
        DUPLICATE_KEY,
        /** Bytes after the value (strict mode). */
        TRAILING_DATA,
        /** The input is larger than the limit. */
        INPUT_TOO_LARGE,
        /** A string longer than the limit. */
        STRING_TOO_LONG,
        /** Lists and dictionaries nested deeper than the limit. */
        DEPTH_EXCEEDED,
        /** More values in the input than the limit. */
        TOO_MANY_ITEMS
    }

    /** Why the input was rejected. */
    private final Reason reason;
    /** Where in the input decoding stopped. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param reason why the input was rejected
     * @param offset the offset in the input where decoding stopped
     * @param detail a human-readable detail
     */
    public BencodeException(Reason reason, long offset, String detail) {
        super(reason + " at offset " + offset + (detail.isEmpty() ? "" : ": " + detail));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.offset = offset;
    }

    /**
     * Why the input was rejected.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Where in the input decoding stopped.
     *
     * @return the byte offset
     */
    public long offset() {
        return offset;
    }
}
