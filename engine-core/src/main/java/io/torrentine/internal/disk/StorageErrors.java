package io.torrentine.internal.disk;

import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageException.Reason;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;

/**
 * Turns the JDK's I/O errors into {@link StorageException}s with a reason. Java names few errno
 * values with an exception class (EACCES, ENOENT); the others arrive as an {@link IOException}
 * or {@link FileSystemException} carrying the C library's message, so those are matched on the
 * text {@code strerror} gives on Linux, macOS and the BSDs.
 */
final class StorageErrors {

    private StorageErrors() {
    }

    /**
     * The typed error for an I/O failure.
     *
     * @param e the failure
     * @param operation what was being done
     * @param fileIndex the file concerned, or -1
     * @param path the path concerned, or null
     * @return the exception to throw
     */
    static StorageException of(Exception e, Operation operation, int fileIndex, Path path) {
        if (e instanceof StorageException se) {
            return se;
        }
        return new StorageException(reasonOf(e), operation, fileIndex, path, e);
    }

    /**
     * The reason for an I/O failure.
     *
     * @param e the failure
     * @return the reason; {@link Reason#IO_ERROR} for anything not recognized
     */
    static Reason reasonOf(Exception e) {
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return Reason.PERMISSION_DENIED;
        }
        if (e instanceof NoSuchFileException) {
            return Reason.FILE_NOT_FOUND;
        }
        if (e instanceof ReadOnlyFileSystemException) {
            return Reason.READ_ONLY_FILE_SYSTEM;
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (text == null) {
            return Reason.IO_ERROR;
        }
        String message = text.toLowerCase(Locale.ROOT);
        if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
            return Reason.DISK_FULL;
        }
        if (message.contains("read-only file system")) {
            return Reason.READ_ONLY_FILE_SYSTEM;
        }
        if (message.contains("permission denied") || message.contains("operation not permitted")) {
            return Reason.PERMISSION_DENIED;
        }
        return Reason.IO_ERROR;
    }
}
