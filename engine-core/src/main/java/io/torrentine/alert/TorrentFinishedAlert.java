package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * Every wanted piece of a torrent is downloaded and verified (it is finished or seeding). Posted again
 * if pieces become wanted later and are downloaded.
 *
 * <p>Category {@link AlertCategory#STATUS}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 */
public record TorrentFinishedAlert(Instant time, InfoHashes infoHashes, String name) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @throws NullPointerException if a value is null
     */
    public TorrentFinishedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
    }

    /** {@return {@link AlertCategory#STATUS}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STATUS;
    }
}
