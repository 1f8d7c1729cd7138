/**
 * Public API: alerts, the events a session reports (torrents added, finished, paused, storage
 * moved, peers connected, errors, statistics ...), as libtorrent's alerts.
 *
 * <p>{@link io.torrentine.alert.Alert} is a sealed interface; every alert is an immutable record.
 * Alerts about one torrent are {@link io.torrentine.alert.TorrentAlert}s, about one of its peers
 * {@link io.torrentine.alert.PeerAlert}s. Each alert has one
 * {@link io.torrentine.alert.AlertCategory}; the session posts only the categories its mask
 * enables ({@link io.torrentine.alert.AlertCategory#defaults()} unless told otherwise), into a
 * bounded queue that the application polls or drains into a listener on its own executor. When
 * the queue is full, alerts are dropped and an {@link io.torrentine.alert.AlertsDroppedAlert}
 * says how many.
 */
package io.torrentine.alert;
