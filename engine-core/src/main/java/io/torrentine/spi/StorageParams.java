package io.torrentine.spi;

import io.torrentine.metainfo.TorrentInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link StorageFactory} needs to open a torrent's storage.
 *
 * @param torrent the torrent's metadata: files, piece length, hashes
 * @param savePath the directory the torrent's files live under
 * @param filePriorities one priority per file of {@code torrent.files()}, 0 (do not download)
 *     to 7 (highest); 4 is the default
 */
public record StorageParams(TorrentInfo torrent, Path savePath, List<Integer> filePriorities) {

    /** The priority of a file that is not to be downloaded. */
    public static final int DONT_DOWNLOAD = 0;
    /** The priority files get unless told otherwise. */
    public static final int DEFAULT_PRIORITY = 4;
    /** The highest priority. */
    public static final int TOP_PRIORITY = 7;

    /**
     * Validates and copies the parameters.
     *
     * @param torrent the metadata
     * @param savePath the save path
     * @param filePriorities one priority per file, each 0 to 7
     * @throws IllegalArgumentException if the priorities do not match the files
     */
    public StorageParams {
        Objects.requireNonNull(torrent, "torrent");
        Objects.requireNonNull(savePath, "savePath");
        filePriorities = List.copyOf(filePriorities);
        if (filePriorities.size() != torrent.files().size()) {
            throw new IllegalArgumentException(filePriorities.size() + " priorities for "
                    + torrent.files().size() + " files");
        }
        for (int p : filePriorities) {
            if (p < DONT_DOWNLOAD || p > TOP_PRIORITY) {
                throw new IllegalArgumentException("a file priority is 0 to 7, not " + p);
            }
        }
    }

    /**
     * Parameters with every file at the default priority.
     *
     * @param torrent the metadata
     * @param savePath the save path
     * @return the parameters
     */
    public static StorageParams of(TorrentInfo torrent, Path savePath) {
        return new StorageParams(torrent, savePath,
                java.util.Collections.nCopies(torrent.files().size(), DEFAULT_PRIORITY));
    }
}
