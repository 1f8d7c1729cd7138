package io.torrentine.metainfo;

import java.util.Objects;

/**
 * {@link TorrentCreator} could not make a torrent. {@link #reason()} says why, for programs to
 * act on; the message adds the file or value concerned; {@link #getCause()} holds the
 * underlying {@link java.io.IOException} for {@link Reason#IO_ERROR} and, where there was one,
 * for the source reasons.
 */
public final class TorrentCreationException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the torrent could not be created. */
    public enum Reason {
        /** The source path does not exist. */
        SOURCE_MISSING,
        /**
         * The source has no content to hash: an empty file, or a folder whose files are all
         * empty (BEP 3 needs at least one piece).
         */
        SOURCE_EMPTY,
        /**
         * The source or a file in it cannot be read: permission denied, neither a regular file
         * nor a folder, or a symbolic link loop.
         */
        SOURCE_UNREADABLE,
        /** A file changed size or disappeared between the scan and the hashing. */
        SOURCE_CHANGED,
        /**
         * The piece size is not allowed: v2 and hybrid need a power of two, v1 a multiple of
         * 16 KiB, and every piece size is between 16 KiB and 256 MiB.
         */
        INVALID_PIECE_SIZE,
        /** A tracker or web seed URL is not an absolute URI with a scheme and a host. */
        INVALID_URL,
        /**
         * The torrent would exceed what torrent loaders accept (libtorrent's and ours): too many
         * pieces, too many files, or a path nested too deeply.
         */
        LIMIT_EXCEEDED,
        /** Reading a file failed; the cause holds the {@link java.io.IOException}. */
        IO_ERROR,
        /** The thread that called {@link TorrentCreator#create()} was interrupted. */
        INTERRUPTED
    }

    /** Why the torrent could not be created. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the torrent could not be created
     * @param detail what was concerned (a path, a value)
     */
    public TorrentCreationException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the torrent could not be created
     * @param detail what was concerned (a path, a value)
     * @param cause the underlying exception, or null
     */
    public TorrentCreationException(Reason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail, cause);
        this.reason = reason;
    }

    /**
     * Why the torrent could not be created.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
