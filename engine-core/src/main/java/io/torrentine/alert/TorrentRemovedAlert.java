package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A torrent was removed from the session; its handle is no longer valid. If its files were to be
 * deleted too, {@link TorrentDeletedAlert} or {@link TorrentDeleteFailedAlert} follows.
 *
 * <p>Category {@link AlertCategory#STATUS}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 */
public record TorrentRemovedAlert(Instant time, InfoHashes infoHashes, String name) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @throws NullPointerException if a value is null
     */
    public TorrentRemovedAlert {
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
