package io.torrentine.examples.cli;

/**
 * The four transfers {@code torrentine bench} times, in the order of issue 5: seed, then
 * downloader. Their numbers, (1) to (4), are the ones the ratios refer to.
 */
enum BenchTransfer {
    /** (1) a libtorrent seed, a Torrentine downloader: our download speed. */
    LIBTORRENT_TO_TORRENTINE(1, false, true),
    /** (2) libtorrent to libtorrent: the reference. */
    LIBTORRENT_TO_LIBTORRENT(2, false, false),
    /** (3) a Torrentine seed, a libtorrent downloader: our seeding speed. */
    TORRENTINE_TO_LIBTORRENT(3, true, false),
    /** (4) Torrentine to Torrentine. */
    TORRENTINE_TO_TORRENTINE(4, true, true);

    private final int number;
    private final boolean torrentineSeed;
    private final boolean torrentineDownloader;

    BenchTransfer(int number, boolean torrentineSeed, boolean torrentineDownloader) {
        this.number = number;
        this.torrentineSeed = torrentineSeed;
        this.torrentineDownloader = torrentineDownloader;
    }

    /**
     * The number the issue and the ratios use.
     *
     * @return 1 to 4
     */
    int number() {
        return number;
    }

    /**
     * Whether Torrentine seeds (else libtorrent).
     *
     * @return true for a Torrentine seed
     */
    boolean torrentineSeed() {
        return torrentineSeed;
    }

    /**
     * Whether Torrentine downloads (else libtorrent).
     *
     * @return true for a Torrentine downloader
     */
    boolean torrentineDownloader() {
        return torrentineDownloader;
    }

    /**
     * A label such as {@code "(1) libtorrent -> torrentine"}.
     *
     * @return the label
     */
    String label() {
        return "(" + number + ") " + client(torrentineSeed) + " -> " + client(torrentineDownloader);
    }

    /**
     * The seed's client name.
     *
     * @return "torrentine" or "libtorrent"
     */
    String seedClient() {
        return client(torrentineSeed);
    }

    /**
     * The downloader's client name.
     *
     * @return "torrentine" or "libtorrent"
     */
    String downloaderClient() {
        return client(torrentineDownloader);
    }

    private static String client(boolean torrentine) {
        return torrentine ? "torrentine" : "libtorrent";
    }
}
