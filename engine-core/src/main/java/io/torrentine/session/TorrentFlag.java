package io.torrentine.session;

/**
 * A switch on a torrent that {@link AddTorrentParams} carries and resume data keeps, named
 * after libtorrent's {@code torrent_flags}. More flags join as the features behind them do.
 */
public enum TorrentFlag {
    /** The torrent is added stopped: no peers, no trackers, until it is resumed. */
    PAUSED,
    /**
     * Pieces are picked in index order rather than rarest first, for playing a file while it
     * downloads.
     */
    SEQUENTIAL_DOWNLOAD
}
