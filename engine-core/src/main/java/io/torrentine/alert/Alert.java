package io.torrentine.alert;

import java.time.Instant;

/**
 * Something the session reports: an immutable record posted by the engine and read by the
 * application, from a bounded queue, on the application's own threads. The hierarchy is sealed,
 * so a {@code switch} over {@code instanceof} checks can know every kind; more kinds (trackers,
 * the DHT) will join it in later releases, so code that switches on alerts should keep a
 * default branch.
 *
 * <p>Alerts about one torrent implement {@link TorrentAlert}, about one of its peers
 * {@link PeerAlert}. Alerts that carry an {@link Exception} hold the exception object itself:
 * its type and reason say what failed (for example a
 * {@link io.torrentine.spi.StorageException} with its reason and operation), never a message to
 * parse.
 */
public sealed interface Alert
        permits TorrentAlert, AddTorrentFailedAlert, SessionStatsAlert, ListenSucceededAlert,
                ListenFailedAlert, AlertsDroppedAlert {

    /**
     * When the engine posted the alert, from the session's clock.
     *
     * @return the time
     */
    Instant time();

    /**
     * The one category the alert belongs to; the session's alert mask enables or disables whole
     * categories.
     *
     * @return the category, the same for every alert of a record type
     */
    AlertCategory category();
}
