package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import io.torrentine.session.TorrentState;
import java.time.Instant;
import java.util.Objects;

/**
 * A torrent moved from one {@link TorrentState} to another. Pausing and resuming are not state
 * changes (see {@link TorrentPausedAlert} and {@link TorrentResumedAlert}).
 *
 * <p>Category {@link AlertCategory#STATUS}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param previous the state it left
 * @param state the state it is in now
 */
public record StateChangedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        TorrentState previous,
        TorrentState state) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param previous the state it left
     * @param state the state it is in now
     * @throws NullPointerException if a value is null
     */
    public StateChangedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(state, "state");
    }

    /** {@return {@link AlertCategory#STATUS}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STATUS;
    }
}
