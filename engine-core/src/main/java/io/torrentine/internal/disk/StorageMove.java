package io.torrentine.internal.disk;

import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageException.Reason;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a torrent's files from one save path to another, all or nothing. Each file is renamed
 * atomically when both paths are on one file system, else copied (sparse) and then deleted. If
 * anything fails, every file already moved is moved back and the directories made for the move
 * are removed, so the files are where they were. Only the torrent's own files move; a file that
 * is not there is skipped; nothing is ever replaced at the destination.
 */
final class StorageMove {
    private static final Logger LOG = LoggerFactory.getLogger(StorageMove.class);

    private final SavePath from;
    private final SavePath to;
    private final List<Path[]> moved = new ArrayList<>();
    private final List<Path> createdDirectories = new ArrayList<>();

    private StorageMove(SavePath from, SavePath to) {
        this.from = from;
        this.to = to;
    }

    /**
     * Moves files.
     *
     * @param relativePaths the files, relative to the save path (the torrent's files and its
     *     part file)
     * @param from the current save path
     * @param to the new save path
     * @throws StorageException with {@link Reason#MOVE_FAILED} (the cause says why) if the move
     *     failed; the files are then back where they were
     */
    static void run(List<String> relativePaths, SavePath from, SavePath to) {
        new StorageMove(from, to).run(relativePaths);
    }

    private void run(List<String> relativePaths) {
        try {
            createRoot();
            for (String relative : relativePaths) {
                moveFile(relative);
            }
        } catch (IOException | RuntimeException e) {
            rollBack(e);
            throw new StorageException(Reason.MOVE_FAILED, Operation.MOVE, -1, to.root(), e);
        }
        removeEmptyDirectories(moved.stream().map(m -> m[0]).toList(), from.root());
    }

    private void moveFile(String relative) throws IOException {
        Path source = from.resolve(relative, -1, Operation.MOVE);
        BasicFileAttributes attributes = attributesOrNull(source);
        if (attributes == null || attributes.isDirectory()) {
            return;
        }
        try {
            from.checkLinks(source, false, -1, Operation.MOVE);
        } catch (StorageException e) {
            if (e.reason() != Reason.PATH_OUTSIDE_SAVE_PATH) {
                throw e;
            }
            // Reached through a link that leads out: not a file this storage wrote, so it stays.
            LOG.warn("not moving {}: a symbolic link on its path leads out of {}", source, from.root());
            return;
        }
        Path target = to.resolve(relative, -1, Operation.MOVE);
        to.checkLinks(target, true, -1, Operation.MOVE, createdDirectories);
        if (attributesOrNull(target) != null) {
            throw new FileAlreadyExistsException(target.toString(), null, "the destination exists");
        }
        moveOne(source, target);
        moved.add(new Path[] {source, target});
    }

    /**
     * Moves one file: a rename on one file system, else a copy and a delete.
     *
     * @param source the file
     * @param target where it goes; it must not exist
     * @throws IOException if it could not be moved; the source is then still in place
     */
    static void moveOne(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        } catch (AtomicMoveNotSupportedException crossDevice) {
            // Another file system: copy, then delete below.
        }
        SparseCopy.copy(source, target);
        try {
            Files.delete(source);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void createRoot() throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = to.root(); p != null && attributesOrNull(p) == null; p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            createdDirectories.add(p);
        }
    }

    private void rollBack(Exception failure) {
        for (int i = moved.size() - 1; i >= 0; i--) {
            Path[] m = moved.get(i);
            try {
                moveOne(m[1], m[0]);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                LOG.error("moving {} back to {} after a failed move failed: it stays at the new place", m[1], m[0], e);
            }
        }
        for (int i = createdDirectories.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirectories.get(i));
            } catch (DirectoryNotEmptyException e) {
                // Something else lives there now (or a file could not be moved back): keep it.
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Deletes the directories that held {@code files} (deepest first) if they are empty now,
     * never {@code root} itself nor anything above or outside it, and never through a link.
     *
     * @param files files that were removed from under {@code root}
     * @param root the save path
     */
    static void removeEmptyDirectories(List<Path> files, Path root) {
        Set<Path> directories = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (Path f : files) {
            for (Path d = f.getParent(); d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
                directories.add(d);
            }
        }
        for (Path d : directories) {
            try {
                BasicFileAttributes a = attributesOrNull(d);
                if (a != null && a.isDirectory()) {
                    Files.delete(d);
                }
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // Still holds something that is not ours, or already gone: leave it.
            } catch (IOException e) {
                LOG.warn("cannot remove the empty directory {}", d, e);
            }
        }
    }

    private static BasicFileAttributes attributesOrNull(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
