package io.torrentine.internal.disk;

import io.torrentine.internal.metainfo.FileNameRules;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageException.Reason;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A save path and the rules that keep every file the storage touches inside it. A relative path
 * is resolved and normalized, then proven inside with {@link Path#startsWith}; before a file is
 * opened, created, moved or deleted, every existing component of its path below the save path
 * is checked so that no symbolic link (planted by someone else, or left by an earlier torrent)
 * leads out of the save path. On Windows a component must also be an ordinary file name there
 * ({@link FileNameRules#isUsable}): {@code C:\save\CON} is the console, not a file in the save
 * path. Immutable; a moved storage gets a new instance.
 */
final class SavePath {
    private final Path root;
    private final FileNameRules rules;
    private volatile Path realRoot;

    /**
     * A save path on this host.
     *
     * @param root the directory; made absolute and normalized
     */
    SavePath(Path root) {
        this(root, FileNameRules.host());
    }

    /**
     * A save path under a host's file-name rules (tests run the Windows rules anywhere).
     *
     * @param root the directory; made absolute and normalized
     * @param rules the host's file-name rules
     */
    SavePath(Path root, FileNameRules rules) {
        this.root = root.toAbsolutePath().normalize();
        this.rules = rules;
    }

    /**
     * The directory.
     *
     * @return the absolute, normalized save path
     */
    Path root() {
        return root;
    }

    /**
     * Resolves a path relative to the save path and proves it lands strictly inside.
     *
     * @param relative a relative path, {@code /}-separated
     * @param fileIndex the file concerned, for the error, or -1
     * @param operation the operation, for the error
     * @return the absolute, normalized path
     * @throws StorageException with {@link Reason#PATH_OUTSIDE_SAVE_PATH} if it is absolute,
     *     malformed, leaves the save path, or has a component that is not an ordinary file name
     *     on this host (a DOS device name on Windows)
     */
    Path resolve(String relative, int fileIndex, Operation operation) {
        Path path;
        try {
            Path rel = root.getFileSystem().getPath(relative);
            if (rel.isAbsolute() || rel.getRoot() != null) {
                throw outside(fileIndex, operation, rel);
            }
            path = root.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            throw new StorageException(Reason.PATH_OUTSIDE_SAVE_PATH, operation, fileIndex, null, e);
        }
        if (!path.startsWith(root) || path.equals(root)) {
            throw outside(fileIndex, operation, path);
        }
        for (Path name : root.relativize(path)) {
            if (!rules.isUsable(name.toString())) {
                // Metadata names are sanitized for the host already; this catches a name given
                // by the application (renameFile) that Windows would read as a device or alias.
                throw outside(fileIndex, operation, path);
            }
        }
        return path;
    }

    /**
     * Checks that no symbolic link on the way from the save path to {@code path} (the path
     * itself included) leads out of the save path, and creates the missing directories on the
     * way if asked. Directories are created one at a time, never through a link that leads out.
     * A dangling link is refused: whatever it names could be created outside later.
     *
     * @param path a path from {@link #resolve}
     * @param createParents whether to create missing parent directories (for writing)
     * @param fileIndex the file concerned, for the error, or -1
     * @param operation the operation, for the error
     * @throws StorageException with {@link Reason#PATH_OUTSIDE_SAVE_PATH} if a link leads out
     * @throws NoSuchFileException if the save path does not exist
     * @throws IOException if a directory cannot be created or a component cannot be read
     */
    void checkLinks(Path path, boolean createParents, int fileIndex, Operation operation) throws IOException {
        checkLinks(path, createParents, fileIndex, operation, null);
    }

    /**
     * {@link #checkLinks(Path, boolean, int, Operation)}, recording the directories it creates.
     *
     * @param path a path from {@link #resolve}
     * @param createParents whether to create missing parent directories
     * @param fileIndex the file concerned, for the error, or -1
     * @param operation the operation, for the error
     * @param created where to add each directory created, in creation order, or null
     * @throws StorageException with {@link Reason#PATH_OUTSIDE_SAVE_PATH} if a link leads out
     * @throws IOException if a directory cannot be created or a component cannot be read
     */
    void checkLinks(Path path, boolean createParents, int fileIndex, Operation operation, List<Path> created)
            throws IOException {
        Path real = realRoot();
        Path relative = root.relativize(path);
        Path current = root;
        int count = relative.getNameCount();
        for (int i = 0; i < count; i++) {
            current = current.resolve(relative.getName(i));
            boolean last = i == count - 1;
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes == null) {
                if (last || !createParents) {
                    return;
                }
                try {
                    Files.createDirectory(current);
                    if (created != null) {
                        created.add(current);
                    }
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    attributes = attributesOrNull(current);
                    if (attributes == null) {
                        throw raced;
                    }
                }
            }
            if (attributes.isSymbolicLink()) {
                Path target;
                try {
                    target = current.toRealPath();
                } catch (NoSuchFileException dangling) {
                    throw outside(fileIndex, operation, current);
                }
                if (!target.startsWith(real)) {
                    throw outside(fileIndex, operation, current);
                }
            }
        }
    }

    /**
     * Creates the save path itself if it is missing (it is the application's choice, so links
     * in it are followed).
     *
     * @throws IOException if it cannot be created
     */
    void create() throws IOException {
        Files.createDirectories(root);
    }

    /** The save path with every link resolved, for comparing link targets against. */
    private Path realRoot() throws IOException {
        Path r = realRoot;
        if (r == null) {
            r = root.toRealPath();
            realRoot = r;
        }
        return r;
    }

    private static BasicFileAttributes attributesOrNull(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static StorageException outside(int fileIndex, Operation operation, Path path) {
        return new StorageException(Reason.PATH_OUTSIDE_SAVE_PATH, operation, fileIndex, path, null);
    }
}
