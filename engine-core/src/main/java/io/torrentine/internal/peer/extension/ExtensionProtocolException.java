package io.torrentine.internal.peer.extension;

/** A BEP 10 extension message payload that a peer must not send; the connection closes. */
public final class ExtensionProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the payload was rejected. */
    public enum Reason {
        /** The payload is larger than the limit for its message. */
        PAYLOAD_TOO_LARGE,
        /** The payload is not valid bencode, or exceeds the bencode limits. */
        MALFORMED_BENCODE,
        /** The payload's bencoded value is not a dictionary. */
        NOT_A_DICTIONARY,
        /** A key every message of its kind carries is missing or has the wrong type. */
        MISSING_FIELD,
        /** A known key has a value that cannot be accepted (see the codec for which keys). */
        INVALID_FIELD,
        /** A claimed metadata size (BEP 9 {@code metadata_size} or {@code total_size}) is over the limit. */
        METADATA_TOO_LARGE,
        /** A ut_metadata piece index outside the metadata. */
        PIECE_OUT_OF_RANGE,
        /** A ut_metadata block longer than 16 KiB, or not the size its piece must have. */
        WRONG_PIECE_SIZE,
        /** Assembled metadata that does not hash to the expected info-hashes. */
        METADATA_HASH_MISMATCH,
        /** Assembled metadata that is not a valid info dictionary. */
        METADATA_INVALID,
        /** A fixed-size payload (BEP 54 lt_donthave) of the wrong length. */
        WRONG_LENGTH,
        /**
         * A peer sent BEP 11 ut_pex messages far more often than once a minute (libtorrent's
         * {@code too_frequent_pex}).
         */
        TOO_FREQUENT
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the payload was rejected
     * @param detail a human-readable detail
     */
    public ExtensionProtocolException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the payload was rejected
     * @param detail a human-readable detail
     * @param cause the underlying error
     */
    public ExtensionProtocolException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    /**
     * Why the payload was rejected.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
