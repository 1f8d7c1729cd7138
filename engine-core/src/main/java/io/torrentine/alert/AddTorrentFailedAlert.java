package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Adding a torrent failed: nothing was added. The info-hashes are empty when the failure came before
 * they were known (the metainfo or resume data could not be read); the error says why (for example an
 * {@link io.torrentine.metainfo.InvalidMetainfoException} or
 * {@link io.torrentine.session.InvalidResumeDataException}).
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param infoHashes the info-hashes of the torrent, if they were known
 * @param name the torrent's name; empty if not known
 * @param error why it failed
 */
public record AddTorrentFailedAlert(
        Instant time,
        Optional<InfoHashes> infoHashes,
        String name,
        Exception error) implements Alert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the info-hashes of the torrent, if they were known
     * @param name the torrent's name; empty if not known
     * @param error why it failed
     * @throws NullPointerException if a value is null
     */
    public AddTorrentFailedAlert {
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
