package io.torrentine.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A storage operation failed for one torrent. The torrent is paused with an error alert; the
 * engine, its disk threads and other torrents go on, and nothing already verified is lost.
 */
public final class StorageException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** No space left on the device (ENOSPC) or over a quota. */
        DISK_FULL,
        /** The file system refused access (EACCES, EPERM). */
        PERMISSION_DENIED,
        /** The file system is mounted read-only (EROFS). */
        READ_ONLY_FILE_SYSTEM,
        /** A file that should exist does not (removed under us). */
        FILE_NOT_FOUND,
        /** A file is shorter than the data that was written to it (truncated under us). */
        FILE_TRUNCATED,
        /** A path would leave the save path: refused before touching the disk. */
        PATH_OUTSIDE_SAVE_PATH,
        /** Moving the storage failed; the files stay where they were. */
        MOVE_FAILED,
        /** The storage was closed. */
        CLOSED,
        /** Any other I/O error; the cause says more. */
        IO_ERROR
    }

    /** The operation that failed. */
    public enum Operation {
        /** Reading a block or piece. */
        READ,
        /** Writing a block. */
        WRITE,
        /** Opening or creating a file. */
        OPEN,
        /** Checking existing data. */
        CHECK,
        /** Moving the storage. */
        MOVE,
        /** Renaming a file. */
        RENAME,
        /** Deleting files. */
        DELETE,
        /** Reading or writing resume data. */
        RESUME_DATA
    }

    /** What went wrong. */
    private final Reason reason;
    /** The operation that failed. */
    private final Operation operation;
    /** The index of the file concerned, or -1. */
    private final int fileIndex;
    /** The path concerned, as text (Path is not serializable), or null. */
    private final String path;

    /**
     * Creates the exception.
     *
     * @param reason what went wrong
     * @param operation the operation that failed
     * @param fileIndex the torrent's index of the file concerned, or -1 for none
     * @param path the path concerned, or null
     * @param cause the underlying error, or null
     */
    public StorageException(Reason reason, Operation operation, int fileIndex, Path path, Throwable cause) {
        super(reason + " during " + operation + (path == null ? "" : " of " + path)
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.fileIndex = fileIndex;
        this.path = path == null ? null : path.toString();
    }

    /**
     * What went wrong.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The operation that failed.
     *
     * @return the operation
     */
    public Operation operation() {
        return operation;
    }

    /**
     * The torrent's index of the file concerned.
     *
     * @return the index, or empty if no single file is concerned
     */
    public OptionalInt fileIndex() {
        return fileIndex < 0 ? OptionalInt.empty() : OptionalInt.of(fileIndex);
    }

    /**
     * The path concerned.
     *
     * @return the path, or empty
     */
    public Optional<Path> path() {
        return Optional.ofNullable(path).map(Path::of);
    }
}
