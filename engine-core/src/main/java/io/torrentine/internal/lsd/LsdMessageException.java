package io.torrentine.internal.lsd;

/** A datagram on the BEP 14 port that is not an announce we can use; it is ignored. */
public final class LsdMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the datagram was refused. */
    public enum Reason {
        /** Longer than {@link LsdCodec#MAX_DATAGRAM}. */
        TOO_LARGE,
        /** The request line is not {@code BT-SEARCH * HTTP/1.x}. */
        NOT_BT_SEARCH,
        /** A header line without a colon before the blank line. */
        MALFORMED_HEADER,
        /** No {@code Port} header, or one that is not a decimal port 1 to 65535, or two that differ. */
        INVALID_PORT,
        /** No {@code Infohash} header with 40 hex digits. */
        NO_INFOHASH
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the datagram was refused
     * @param detail a human-readable detail
     */
    public LsdMessageException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /**
     * Why the datagram was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
