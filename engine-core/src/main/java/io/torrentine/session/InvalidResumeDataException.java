package io.torrentine.session;

import java.util.Objects;

/**
 * Resume data could not be read: it is malformed, over a limit, or contradicts the torrent it
 * names. Nothing was loaded; the torrent can still be added without it (and its data checked).
 *
 * <p>Failing to read or write the resume data file itself is a storage error instead
 * ({@link io.torrentine.spi.StorageException} with operation {@code RESUME_DATA}).
 */
public final class InvalidResumeDataException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the resume data was refused. */
    public enum Reason {
        /** The input is larger than the size limit. */
        TOO_LARGE,
        /** The input is not valid bencode, exceeds a bencode limit, or has bytes after it. */
        MALFORMED_BENCODE,
        /** The input is not a bencoded dictionary. */
        NOT_A_DICTIONARY,
        /** {@code file-format} is not {@code "libtorrent resume file"}. */
        WRONG_FILE_FORMAT,
        /** {@code file-version} is not 1. */
        UNSUPPORTED_VERSION,
        /** Neither {@code info-hash} nor {@code info-hash2} names the torrent, and there is no {@code info}. */
        MISSING_INFO_HASH,
        /** A known key holds a value of the wrong type, length or range; the message names it. */
        INVALID_FIELD,
        /**
         * The {@code info} dictionary is not valid metadata (a {@code piece layers} entry included);
         * the cause says why.
         */
        INVALID_METADATA,
        /** The metadata does not hash to {@code info-hash} / {@code info-hash2}. */
        INFO_HASH_MISMATCH,
        /**
         * Pieces, piece priorities, partial pieces or v2 merkle trees ({@code trees}) are given, but no
         * metadata to check them against.
         */
        MISSING_METADATA,
        /** {@code pieces} or {@code piece_priority} does not have one entry per piece. */
        PIECE_COUNT_MISMATCH,
        /** {@code file_priority} or {@code trees} has more entries than the torrent has files. */
        FILE_COUNT_MISMATCH,
        /** A partial piece's index is not a piece of the torrent, or is given twice. */
        PIECE_OUT_OF_RANGE,
        /** A partial piece's bitmask marks a block the piece does not have. */
        BLOCK_OUT_OF_RANGE,
        /** A piece is both had and partial. */
        INCONSISTENT_PIECES,
        /** {@code save_path} is missing or empty. */
        MISSING_SAVE_PATH
    }

    /** Why the resume data was refused. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the resume data was refused
     * @param detail what exactly, for logs
     */
    public InvalidResumeDataException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the resume data was refused
     * @param detail what exactly, for logs
     * @param cause the underlying error (a bencode or metainfo error), or null
     */
    public InvalidResumeDataException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the resume data was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
