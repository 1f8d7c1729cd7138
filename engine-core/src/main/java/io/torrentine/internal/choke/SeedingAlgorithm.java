package io.torrentine.internal.choke;

/** How the {@link Choker} hands out regular upload slots while the torrent is seeding. */
public enum SeedingAlgorithm {
    /**
     * Slots rotate so that every interested peer gets its turn: a peer that has held a slot for
     * its turn and received its quota gives way to the peers that have waited longest
     * (libtorrent's default seeding choker).
     */
    ROUND_ROBIN,
    /** The peers we upload to fastest keep the slots; choked peers get in through optimistic unchokes. */
    FASTEST_UPLOAD
}
