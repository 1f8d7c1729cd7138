package io.torrentine.internal.create;

import io.torrentine.metainfo.TorrentCreationException;
import io.torrentine.metainfo.TorrentCreationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the files of a torrent source: one file, or every regular file below a folder.
 *
 * <p>Order: each folder's entries sorted by the unsigned bytes of their UTF-8 names, depth
 * first, which is libtorrent's order for v2 and hybrid torrents (path component by component,
 * so {@code a/b} comes before {@code a.txt}) and the key order of a BEP 52 file tree. Hidden
 * files and empty files are included. Symbolic links are followed, as libtorrent does without
 * its {@code symlinks} flag: a link to a file adds the target's content under the link's name,
 * a link to a folder is walked. A link that points back to a folder being walked is an error;
 * dangling links, sockets, pipes and devices are skipped with a log line.
 */
public final class SourceScanner {
    /**
     * The deepest path we put in a torrent. A BEP 52 file tree nests one dictionary per path
     * component, and loaders (libtorrent's bdecode, ours) stop at 100 levels.
     */
    public static final int MAX_PATH_DEPTH = 64;
    /** The most files in one torrent; beyond it the file lists exceed loaders' token limits. */
    public static final int MAX_FILES = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(SourceScanner.class);
    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final List<SourceFile> files = new ArrayList<>();
    private final Set<Object> foldersBeingWalked = new HashSet<>();
    private long totalBytes;

    private SourceScanner() {
    }

    /**
     * Scans a source.
     *
     * @param source the file or folder
     * @return the files, in torrent order
     * @throws TorrentCreationException with {@code SOURCE_MISSING}, {@code SOURCE_UNREADABLE},
     *     {@code LIMIT_EXCEEDED} or {@code IO_ERROR}
     */
    public static ScannedSource scan(Path source) {
        Path absolute = source.toAbsolutePath().normalize();
        Path fileName = absolute.getFileName();
        if (fileName == null) {
            throw new TorrentCreationException(Reason.SOURCE_UNREADABLE,
                    absolute + " has no name to give the torrent");
        }
        String name = fileName.toString();
        BasicFileAttributes attributes;
        try {
            attributes = readAttributes(absolute);
        } catch (NoSuchFileException e) {
            throw new TorrentCreationException(Reason.SOURCE_MISSING, absolute.toString(), e);
        } catch (IOException e) {
            throw failure(absolute, e);
        }
        SourceScanner scanner = new SourceScanner();
        if (attributes.isRegularFile()) {
            scanner.add(absolute, List.of(), attributes);
            return new ScannedSource(name, true, scanner.files, scanner.totalBytes);
        }
        if (!attributes.isDirectory()) {
            throw new TorrentCreationException(Reason.SOURCE_UNREADABLE,
                    absolute + " is neither a regular file nor a folder");
        }
        scanner.walk(absolute, new ArrayDeque<>(), attributes);
        return new ScannedSource(name, false, scanner.files, scanner.totalBytes);
    }

    private void walk(Path folder, Deque<String> prefix, BasicFileAttributes folderAttributes) {
        Object key = folderKey(folder, folderAttributes);
        if (!foldersBeingWalked.add(key)) {
            throw new TorrentCreationException(Reason.SOURCE_UNREADABLE,
                    "symbolic link loop: " + folder + " leads back to a folder that contains it");
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw failure(folder, e);
        }
        names.sort(UTF8_ORDER);
        for (String name : names) {
            Path child = folder.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = readAttributes(child);
            } catch (NoSuchFileException e) {
                // Either a dangling symbolic link or an entry deleted since the listing.
                LOG.warn("skipping {}: {}", child, Files.isSymbolicLink(child)
                        ? "symbolic link to a missing target" : "it disappeared during the scan");
                continue;
            } catch (IOException e) {
                throw failure(child, e);
            }
            prefix.addLast(name);
            if (prefix.size() > MAX_PATH_DEPTH) {
                throw new TorrentCreationException(Reason.LIMIT_EXCEEDED,
                        child + " is nested deeper than " + MAX_PATH_DEPTH + " folders");
            }
            if (attributes.isDirectory()) {
                walk(child, prefix, attributes);
            } else if (attributes.isRegularFile()) {
                add(child, List.copyOf(prefix), attributes);
            } else {
                LOG.warn("skipping {}: not a regular file or folder", child);
            }
            prefix.removeLast();
        }
        foldersBeingWalked.remove(key);
    }

    private void add(Path path, List<String> components, BasicFileAttributes attributes) {
        if (files.size() >= MAX_FILES) {
            throw new TorrentCreationException(Reason.LIMIT_EXCEEDED,
                    "more than " + MAX_FILES + " files");
        }
        boolean executable = attributes instanceof PosixFileAttributes posix
                && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        files.add(new SourceFile(path, components, attributes.size(), executable));
        totalBytes += attributes.size();
    }

    private static BasicFileAttributes readAttributes(Path path) throws IOException {
        // The POSIX view gives the owner's execute bit with no second system call.
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.readAttributes(path, PosixFileAttributes.class);
        }
        return Files.readAttributes(path, BasicFileAttributes.class);
    }

    private static Object folderKey(Path folder, BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        if (key != null) {
            return key;
        }
        // Without inode keys (Windows), the real path still exposes a loop through links.
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw failure(folder, e);
        }
    }

    static TorrentCreationException failure(Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new TorrentCreationException(Reason.SOURCE_UNREADABLE,
                    "permission denied: " + path, e);
        }
        if (e instanceof NoSuchFileException) {
            return new TorrentCreationException(Reason.SOURCE_CHANGED,
                    path + " disappeared", e);
        }
        return new TorrentCreationException(Reason.IO_ERROR, path + ": " + e.getMessage(), e);
    }
}
