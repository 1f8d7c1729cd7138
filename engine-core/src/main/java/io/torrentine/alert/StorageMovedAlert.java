package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A torrent's files were moved; the torrent's save path is the new one.
 *
 * <p>Category {@link AlertCategory#STORAGE}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param savePath the new save path
 */
public record StorageMovedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        Path savePath) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param savePath the new save path
     * @throws NullPointerException if a value is null
     */
    public StorageMovedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(savePath, "savePath");
    }

    /** {@return {@link AlertCategory#STORAGE}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STORAGE;
    }
}
