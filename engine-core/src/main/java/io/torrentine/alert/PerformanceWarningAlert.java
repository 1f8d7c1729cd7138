package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A setting or resource limits how fast a torrent can go; the warning says which, and what to change.
 *
 * <p>Category {@link AlertCategory#PERFORMANCE}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param warning what limits it
 */
public record PerformanceWarningAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        PerformanceWarning warning) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param warning what limits it
     * @throws NullPointerException if a value is null
     */
    public PerformanceWarningAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(warning, "warning");
    }

    /** {@return {@link AlertCategory#PERFORMANCE}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.PERFORMANCE;
    }
}
