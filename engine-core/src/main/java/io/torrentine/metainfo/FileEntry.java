package io.torrentine.metainfo;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of a torrent, as it will be laid out under the save path.
 *
 * <p>The path is relative, already sanitized the way libtorrent sanitizes it (no {@code ..}, no
 * absolute paths, no separators inside a component, no control characters, components of at
 * most 255 bytes, or 255 characters on Windows, where names also avoid {@code :*?"<>|}, trailing
 * dots and spaces, and DOS device names) and made unique, so it can never leave the save path.
 * For a multi-file torrent its first component is the torrent's name.
 *
 * @param pathComponents the sanitized path, one element per directory level
 * @param size the length in bytes (0 for a symlink)
 * @param offset where the file starts in the torrent's concatenated content
 * @param pad whether this is a pad file (BEP 47): zeros that are never written to disk
 * @param executable whether the file is marked executable (BEP 47 attribute {@code x})
 * @param hidden whether the file is marked hidden (BEP 47 attribute {@code h})
 * @param symlinkTarget the sanitized path, relative to the save path, that this symlink points
 *     to (BEP 47 attribute {@code l}), or empty for a regular file
 * @param piecesRoot the root of the file's v2 merkle tree (BEP 52), or empty for a v1-only
 *     torrent, an empty file, a symlink or a pad file
 */
public record FileEntry(List<String> pathComponents, long size, long offset, boolean pad,
                        boolean executable, boolean hidden, Optional<String> symlinkTarget,
                        Optional<Sha256Hash> piecesRoot) {

    /**
     * Validates and copies the path.
     *
     * @param pathComponents the sanitized path
     * @param size the length in bytes
     * @param offset the offset in the torrent
     * @param pad whether this is a pad file
     * @param executable whether the file is executable
     * @param hidden whether the file is hidden
     * @param symlinkTarget the symlink target, if any
     * @param piecesRoot the v2 merkle root, if any
     * @throws IllegalArgumentException if the path is empty or a size or offset is negative
     */
    public FileEntry {
        pathComponents = List.copyOf(pathComponents);
        Objects.requireNonNull(symlinkTarget, "symlinkTarget");
        Objects.requireNonNull(piecesRoot, "piecesRoot");
        if (pathComponents.isEmpty()) {
            throw new IllegalArgumentException("a file needs a path");
        }
        if (size < 0 || offset < 0) {
            throw new IllegalArgumentException("negative size or offset");
        }
    }

    /**
     * The path joined with {@code /}.
     *
     * @return the relative path, e.g. {@code name/dir/file.txt}
     */
    public String path() {
        return String.join("/", pathComponents);
    }

    /**
     * Whether this file is a symlink (BEP 47).
     *
     * @return true if it has a symlink target
     */
    public boolean isSymlink() {
        return symlinkTarget.isPresent();
    }

    /**
     * The offset just past the file's last byte.
     *
     * @return {@code offset + size}
     */
    public long endOffset() {
        return offset + size;
    }
}
