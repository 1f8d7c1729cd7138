package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A file of a torrent was renamed.
 *
 * <p>Category {@link AlertCategory#STORAGE}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param file the file index, from 0
 * @param newPath the file's new path, relative to the save path
 */
public record FileRenamedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        int file,
        String newPath) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param file the file index, from 0
     * @param newPath the file's new path, relative to the save path
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if file is negative
     */
    public FileRenamedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(newPath, "newPath");
        if (file < 0) {
            throw new IllegalArgumentException("negative file: " + file);
        }
    }

    /** {@return {@link AlertCategory#STORAGE}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STORAGE;
    }
}
