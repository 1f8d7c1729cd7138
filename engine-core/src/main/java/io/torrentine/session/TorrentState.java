package io.torrentine.session;

/**
 * Where a torrent is in its life, as reported by its status and by state-change alerts. Named
 * after libtorrent's {@code torrent_status::state_t}; pausing is not a state but a flag of the
 * status, so a paused torrent keeps the state it would resume in.
 */
public enum TorrentState {
    /** Existing data is being checked against the piece hashes. */
    CHECKING_FILES,
    /** A magnet link: the info dictionary is being fetched from peers (BEP 9). */
    DOWNLOADING_METADATA,
    /** Wanted pieces are missing and being downloaded. */
    DOWNLOADING,
    /** Every wanted piece is verified, but some pieces are not wanted (priority 0). */
    FINISHED,
    /** Every piece is verified: the torrent only uploads. */
    SEEDING,
    /** The torrent stopped on an error (a storage failure, say); its status says which. */
    ERROR
}
