package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * The files of a removed torrent were deleted, as its removal asked.
 *
 * <p>Category {@link AlertCategory#STORAGE}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 */
public record TorrentDeletedAlert(Instant time, InfoHashes infoHashes, String name) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @throws NullPointerException if a value is null
     */
    public TorrentDeletedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
    }

    /** {@return {@link AlertCategory#STORAGE}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STORAGE;
    }
}
