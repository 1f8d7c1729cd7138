package io.torrentine.metainfo;

import java.util.Objects;

/**
 * Torrent metadata that Torrentine refuses to load: malformed, inconsistent, hostile or over a
 * {@link MetainfoLimits} bound. The {@link Reason} names what was wrong; the reasons mirror
 * libtorrent's error codes so that both engines can be compared file by file.
 */
public final class InvalidMetainfoException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the metadata was rejected. */
    public enum Reason {
        /** Not bencode, or not the canonical bencode a v2 info dictionary must be. */
        INVALID_BENCODING,
        /** Lists and dictionaries nested deeper than the decoder allows. */
        DEPTH_EXCEEDED,
        /** The file is larger than the limit for a .torrent file. */
        FILE_TOO_LARGE,
        /** The top level is not a dictionary. */
        NOT_A_DICTIONARY,
        /** There is no {@code info} dictionary. */
        MISSING_INFO,
        /** {@code piece length} is missing, not a positive integer, too large, or not a power of
         *  two of at least 16 KiB for v2. */
        MISSING_PIECE_LENGTH,
        /** {@code name}, or a file's {@code path}, is missing or not a string. */
        MISSING_NAME,
        /** A path or symlink target holds something other than strings. */
        INVALID_NAME,
        /** A file length is missing, negative, not an integer or too large, or the torrent
         *  holds no bytes at all. */
        INVALID_LENGTH,
        /** {@code pieces} is missing or not a string. */
        MISSING_PIECES,
        /** {@code pieces} does not hold exactly 20 bytes per piece. */
        INVALID_HASHES,
        /** More pieces than the limit. */
        TOO_MANY_PIECES,
        /** More files than the limit. */
        TOO_MANY_FILES,
        /** A path nested deeper than the limit. */
        PATH_TOO_DEEP,
        /** The file list is empty. */
        NO_FILES,
        /** The v2 file tree cannot be read (BEP 52). */
        FILE_PARSE_FAILED,
        /** The v1 and v2 file lists of a hybrid torrent disagree, or a v1 file is not aligned to
         *  a piece as BEP 52 requires. */
        INCONSISTENT_FILES,
        /** A v2 file with content has no usable {@code pieces root}. */
        MISSING_PIECES_ROOT,
        /** A v2 file carries the pad attribute, which only v1 lists may (BEP 47). */
        INVALID_PAD_FILE,
        /** A piece layer is malformed, belongs to no file, or does not hash to its root. */
        INVALID_PIECE_LAYER,
        /** Renaming files that share a path collided more often than the limit allows. */
        TOO_MANY_DUPLICATE_FILENAMES,
        /** Metadata received for a torrent does not hash to its info-hash (BEP 9). */
        INFO_HASH_MISMATCH
    }

    /** Why the metadata was rejected. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the metadata was rejected
     * @param detail a human-readable detail
     */
    public InvalidMetainfoException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the metadata was rejected
     * @param detail a human-readable detail
     * @param cause the underlying error, or null
     */
    public InvalidMetainfoException(Reason reason, String detail, Throwable cause) {
        super(reason + (detail.isEmpty() ? "" : ": " + detail), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the metadata was rejected.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
