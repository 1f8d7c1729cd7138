package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * The resume data a user asked for could not be produced (the torrent has no metadata yet, or it
 * was removed meanwhile). An answer to a call, posted whatever the category mask says.
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param error why it failed
 */
public record SaveResumeDataFailedAlert(
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
    public SaveResumeDataFailedAlert {
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
