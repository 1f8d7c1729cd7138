package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import io.torrentine.session.AddTorrentParams;
import java.time.Instant;
import java.util.Objects;

/**
 * The resume data a user asked for: write it with {@link AddTorrentParams#toResumeData()}. An
 * answer to a call, so the session posts it whatever the category mask says (as libtorrent does).
 *
 * <p>Category {@link AlertCategory#STORAGE}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param params the torrent's parameters and progress at the time it was saved
 */
public record ResumeDataSavedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        AddTorrentParams params) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param params the torrent's parameters and progress at the time it was saved
     * @throws NullPointerException if a value is null
     */
    public ResumeDataSavedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
    }

    /** {@return {@link AlertCategory#STORAGE}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STORAGE;
    }
}
