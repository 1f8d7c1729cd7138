/**
 * Public API: the {@link io.torrentine.session.Session}, which runs torrents, and what an
 * application hands it and gets back. {@link io.torrentine.session.AddTorrentParams} holds a
 * torrent (or only its info-hashes, for a magnet link), its save path, priorities, progress and
 * statistics, and converts to and from resume data in libtorrent's format; a
 * {@link io.torrentine.session.TorrentHandle} commands one torrent and reads its
 * {@link io.torrentine.session.TorrentStatus}; {@link io.torrentine.session.SessionSettings}
 * configure the session. Tracker errors are {@link io.torrentine.session.TrackerException}s and
 * each tracker's state a {@link io.torrentine.session.TrackerStatus}.
 */
package io.torrentine.session;
