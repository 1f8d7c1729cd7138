package io.torrentine.internal.create;

import java.util.List;

/**
 * What a scan of the source found.
 *
 * @param name the torrent's name: the file or folder name
 * @param singleFile whether the source is one file (BEP 3 single-file mode) rather than a folder
 * @param files the files, in torrent order (sorted by path, component by component)
 * @param totalBytes the sum of the file lengths
 */
public record ScannedSource(String name, boolean singleFile, List<SourceFile> files,
                            long totalBytes) {
    /**
     * Copies the file list.
     *
     * @param name the torrent's name
     * @param singleFile whether the source is one file
     * @param files the files in torrent order
     * @param totalBytes the total length
     */
    public ScannedSource {
        files = List.copyOf(files);
    }
}
