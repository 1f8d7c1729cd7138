package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A tracker answered an announce with peers (BEP 3, BEP 15).
 *
 * <p>Category {@link AlertCategory#TRACKER}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none
 * @param url the tracker's announce URL
 * @param peers how many peers the reply listed
 * @param seeds the tracker's count of seeds, or -1 if it gave none
 * @param leechers the tracker's count of leechers, or -1 if it gave none
 */
public record TrackerReplyAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        String url,
        int peers,
        int seeds,
        int leechers) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name
     * @param url the tracker's announce URL
     * @param peers how many peers the reply listed
     * @param seeds the tracker's count of seeds, or -1 if it gave none
     * @param leechers the tracker's count of leechers, or -1 if it gave none
     * @throws NullPointerException if a value is null
     */
    public TrackerReplyAlert {
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
