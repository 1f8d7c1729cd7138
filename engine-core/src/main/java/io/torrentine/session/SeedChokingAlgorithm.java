package io.torrentine.session;

/** How a seeding torrent chooses the peers it uploads to (libtorrent's {@code seed_choking_algorithm}). */
public enum SeedChokingAlgorithm {
    /** Upload slots rotate so that every interested peer gets its turn. */
    ROUND_ROBIN,
    /** The peers we upload to fastest keep the slots. */
    FASTEST_UPLOAD
}
