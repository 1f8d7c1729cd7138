package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * An announce failed: the tracker refused ({@code failure reason}), timed out, or answered garbage. The torrent goes on with its other trackers.
 *
 * <p>Category {@link AlertCategory#TRACKER}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none
 * @param url the tracker's announce URL
 * @param error what failed, with a typed reason
 * @param failures consecutive failures of this tracker
 */
public record TrackerErrorAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        String url,
        io.torrentine.session.TrackerException error,
        int failures) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name
     * @param url the tracker's announce URL
     * @param error what failed, with a typed reason
     * @param failures consecutive failures of this tracker
     * @throws NullPointerException if a value is null
     */
    public TrackerErrorAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public AlertCategory category() {
        return AlertCategory.TRACKER;
    }
}
