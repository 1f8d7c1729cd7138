package io.torrentine.internal.resume;

import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file that holds one torrent's resume data, replaced atomically so that a crash at any
 * moment leaves either the old data or the new, never a mix: the bytes go to a temporary file in
 * the same directory, are forced to the device, the temporary file is renamed over the target,
 * and the directory is forced so that the rename itself survives a power loss.
 *
 * <p>Every method blocks on file I/O: call them on a disk thread, never on an event loop. One
 * instance per target; writes to the same target must not overlap (the disk layer serializes a
 * torrent's jobs). I/O failures are {@link StorageException}s with operation
 * {@link StorageException.Operation#RESUME_DATA}.
 */
public final class ResumeDataFile {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeDataFile.class);
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path target;
    private final int maxSize;

    /**
     * A resume data file with the default size bound, {@link ResumeDataReader#MAX_SIZE}.
     *
     * @param target the file's path; its directory must exist
     */
    public ResumeDataFile(Path target) {
        this(target, ResumeDataReader.MAX_SIZE);
    }

    /**
     * A resume data file.
     *
     * @param target the file's path; its directory must exist
     * @param maxSize the largest file {@link #read()} accepts, in bytes
     */
    public ResumeDataFile(Path target, int maxSize) {
        this.target = Objects.requireNonNull(target, "target").toAbsolutePath();
        if (this.target.getFileName() == null) {
            throw new IllegalArgumentException("not a file path: " + target);
        }
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive");
        }
        this.maxSize = maxSize;
    }

    /**
     * The file's path.
     *
     * @return the absolute path
     */
    public Path path() {
        return target;
    }

    /**
     * Replaces the file's content atomically and durably. On failure the previous content is
     * intact and the temporary file is removed.
     *
     * @param data the new content
     * @throws StorageException if writing, syncing or renaming fails (disk full, permission
     *     denied, read-only file system...)
     */
    public void write(byte[] data) {
        Path directory = target.getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, target.getFileName() + ".", TEMP_SUFFIX);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // On POSIX rename(2) replaces the target atomically; where a platform cannot, this
            // fails rather than fall back to a copy that a crash could leave half-written.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw storageError(e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
        syncDirectory(directory);
    }

    /**
     * Reads the file, and first removes temporary files that an interrupted {@link #write}
     * left beside it. Call it when no write to this target is running (when the torrent is
     * loaded).
     *
     * @return the content, or empty if the file does not exist
     * @throws InvalidResumeDataException with reason {@code TOO_LARGE} if the file is over the
     *     size bound
     * @throws StorageException if reading fails
     */
    public Optional<byte[]> read() {
        deleteStaleTemporaryFiles();
        try (InputStream in = Files.newInputStream(target)) {
            byte[] bytes = in.readNBytes(maxSize + 1);
            if (bytes.length > maxSize) {
                throw new InvalidResumeDataException(InvalidResumeDataException.Reason.TOO_LARGE,
                        target + " is larger than " + maxSize + " bytes");
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw storageError(e);
        }
    }

    /**
     * Deletes the file, if it exists.
     *
     * @throws StorageException if deleting fails
     */
    public void delete() {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw storageError(e);
        }
        syncDirectory(target.getParent());
    }

    private void deleteStaleTemporaryFiles() {
        String prefix = target.getFileName() + ".";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                p -> isTemporaryName(p.getFileName().toString(), prefix))) {
            for (Path stale : siblings) {
                LOG.debug("Removing {}, left by an interrupted resume data write", stale);
                deleteQuietly(stale);
            }
        } catch (NoSuchFileException e) {
            // No directory yet, hence nothing to clean; read() reports the missing file.
        } catch (IOException e) {
            LOG.debug("Could not look for stale temporary files beside {}", target, e);
        }
    }

    /** Whether a name is {@code prefix}, digits (what {@link Files#createTempFile} adds), {@code .tmp}. */
    private static boolean isTemporaryName(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)
                || name.length() <= prefix.length() + TEMP_SUFFIX.length()) {
            return false;
        }
        for (int i = prefix.length(); i < name.length() - TEMP_SUFFIX.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Forces the directory entry of the rename to the device. Linux and macOS allow a
     * directory to be opened and synced; Windows refuses to open one, and there a rename is
     * journaled by NTFS anyway, so a failure here is only logged.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot sync directory {} on this platform", directory, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", file, e);
        }
    }

    private StorageException storageError(IOException e) {
        return new StorageException(reasonOf(e), StorageException.Operation.RESUME_DATA, -1, target, e);
    }

    /** The reason of an I/O error, from its exception type or the OS message (errno text). */
    static StorageException.Reason reasonOf(IOException e) {
        if (e instanceof AccessDeniedException) {
            return StorageException.Reason.PERMISSION_DENIED;
        }
        if (e instanceof NoSuchFileException) {
            return StorageException.Reason.FILE_NOT_FOUND;
        }
        String message = e instanceof FileSystemException
                ? ((FileSystemException) e).getReason() : e.getMessage();
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (text.contains("no space left") || text.contains("disk quota")) {
            return StorageException.Reason.DISK_FULL;
        }
        if (text.contains("read-only file system")) {
            return StorageException.Reason.READ_ONLY_FILE_SYSTEM;
        }
        if (text.contains("permission denied") || text.contains("operation not permitted")) {
            return StorageException.Reason.PERMISSION_DENIED;
        }
        return StorageException.Reason.IO_ERROR;
    }
}
