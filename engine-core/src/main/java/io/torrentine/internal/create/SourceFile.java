package io.torrentine.internal.create;

import java.nio.file.Path;
import java.util.List;

/**
 * One file to put in a torrent.
 *
 * @param path where to read it
 * @param components its path inside the torrent, below the torrent's name; empty for a
 *     single-file torrent
 * @param length its size in bytes when it was scanned
 * @param executable whether its owner may execute it (BEP 47 attribute {@code x})
 */
public record SourceFile(Path path, List<String> components, long length, boolean executable) {
    /**
     * Copies the components.
     *
     * @param path where to read it
     * @param components its path inside the torrent
     * @param length its size in bytes
     * @param executable whether it is executable
     */
    public SourceFile {
        components = List.copyOf(components);
    }
}
