package io.torrentine.metainfo;

import java.util.Objects;

/**
 * A magnet link that {@link MagnetLink#parse(String)} rejects: malformed, or over one of the
 * limits that keep parsing bounded. Carries a {@link Reason} to act on; the message adds a
 * short human-readable detail (never the whole input).
 */
public final class InvalidMagnetLinkException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the magnet link was rejected. */
    public enum Reason {
        /**
         * The URI is longer than {@link MagnetLink#MAX_URI_LENGTH} characters, as given or in its
         * canonical form ({@link MagnetLink#toUri()}).
         */
        URI_TOO_LONG,
        /** The text does not start with {@code magnet:?}. */
        NOT_A_MAGNET_LINK,
        /** A {@code %} in a parameter value that is not followed by two hex digits. */
        MALFORMED_ESCAPE,
        /** The percent-decoded bytes of a parameter value are not well-formed UTF-8. */
        INVALID_UTF8,
        /** The input string holds a UTF-16 surrogate without its pair in a parameter value. */
        UNPAIRED_SURROGATE,
        /** No {@code xt} parameter names a BitTorrent info-hash (BEP 9). */
        MISSING_INFO_HASH,
        /**
         * An {@code xt=urn:btih:} whose hash is neither 40 hex digits nor 32 base32 characters
         * (BEP 9).
         */
        INVALID_BTIH,
        /**
         * An {@code xt=urn:btmh:} that is not {@code 1220} followed by 64 hex digits, the
         * multihash form of a SHA-256 v2 info-hash (BEP 9, BEP 52).
         */
        INVALID_BTMH,
        /**
         * An {@code xt=urn:btmh:} multihash of a hash function other than SHA-256, which no
         * BitTorrent version uses.
         */
        UNSUPPORTED_MULTIHASH,
        /** Two {@code urn:btih:} (or two {@code urn:btmh:}) exact topics with different hashes. */
        CONFLICTING_INFO_HASHES,
        /** More distinct trackers ({@code tr}) than {@link MagnetLink#MAX_TRACKERS}. */
        TOO_MANY_TRACKERS,
        /** More distinct web seeds ({@code ws}) than {@link MagnetLink#MAX_WEB_SEEDS}. */
        TOO_MANY_WEB_SEEDS,
        /** More distinct peer addresses ({@code x.pe}) than {@link MagnetLink#MAX_PEERS}. */
        TOO_MANY_PEERS,
        /**
         * A select-only list ({@code so}, BEP 53) that is not comma-separated file indices and
         * inclusive ranges {@code first-last} with {@code first <= last}.
         */
        INVALID_SELECT_ONLY,
        /** A select-only file index above {@link MagnetLink#MAX_FILE_INDEX} (BEP 53). */
        FILE_INDEX_TOO_LARGE,
        /**
         * More select-only indices and ranges, over all {@code so} parameters, than
         * {@link MagnetLink#MAX_SELECT_ONLY_RANGES} (BEP 53).
         */
        TOO_MANY_SELECT_ONLY_RANGES
    }

    /** Why the magnet link was rejected. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the magnet link was rejected
     * @param detail a short human-readable detail, or an empty string
     */
    public InvalidMagnetLinkException(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + (detail.isEmpty() ? "" : ": " + detail));
        this.reason = reason;
    }

    /**
     * Why the magnet link was rejected.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
