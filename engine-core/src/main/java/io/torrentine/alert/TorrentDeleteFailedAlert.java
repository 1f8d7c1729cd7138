package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * Deleting the files of a removed torrent failed; some may be left on disk.
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param error why it failed
 */
public record TorrentDeleteFailedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        Exception error) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param error why it failed
     * @throws NullPointerException if a value is null
     */
    public TorrentDeleteFailedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
    }

    /** {@return {@link AlertCategory#ERROR}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.ERROR;
    }
}
