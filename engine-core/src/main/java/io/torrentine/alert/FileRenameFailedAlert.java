package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * Renaming a file of a torrent failed; it keeps its old name.
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param file the file index, from 0
 * @param error why it failed
 */
public record FileRenameFailedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        int file,
        Exception error) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param file the file index, from 0
     * @param error why it failed
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if file is negative
     */
    public FileRenameFailedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
        if (file < 0) {
            throw new IllegalArgumentException("negative file: " + file);
        }
    }

    /** {@return {@link AlertCategory#ERROR}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.ERROR;
    }
}
