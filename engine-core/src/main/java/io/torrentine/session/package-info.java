/**
 * Public API: what an application hands the session to add a torrent, and how that survives a
 * restart. {@link io.torrentine.session.AddTorrentParams} holds a torrent (or only its
 * info-hashes, for a magnet link), its save path, priorities, progress and statistics, and
 * converts to and from resume data in libtorrent's format.
 * {@link io.torrentine.session.TrackerStatus} and {@link io.torrentine.session.TrackerException}
 * report a torrent's trackers. The session and its handles will join this package.
 */
package io.torrentine.session;
