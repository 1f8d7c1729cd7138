package io.torrentine.examples.cli;

/**
 * The transfers {@code torrentine bench} times: the four of issue 5, seed then downloader, and a
 * fifth, (1) again with one downloader JVM for all rounds. Their numbers, (1) to (5), are the ones
 * the ratios refer to.
 */
enum BenchTransfer {
    /** (1) a libtorrent seed, a Torrentine downloader: our download speed. */
    LIBTORRENT_TO_TORRENTINE(1, false, true, false),
    /** (2) libtorrent to libtorrent: the reference. */
    LIBTORRENT_TO_LIBTORRENT(2, false, false, false),
    /** (3) a Torrentine seed, a libtorrent downloader: our seeding speed. */
    TORRENTINE_TO_LIBTORRENT(3, true, false, false),
    /** (4) Torrentine to Torrentine. */
    TORRENTINE_TO_TORRENTINE(4, true, true, false),
    /**
     * (5) as (1), but every round's download is made by the same Torrentine JVM and session, as
     * an application embedding the engine makes its downloads: from the second round on, its hot
     * code is compiled. (1) starts a new JVM for every download, as the command line does.
     */
    LIBTORRENT_TO_TORRENTINE_ONE_JVM(5, false, true, true);

    private final int number;
    private final boolean torrentineSeed;
    private final boolean torrentineDownloader;
    private final boolean oneJvm;

    BenchTransfer(int number, boolean torrentineSeed, boolean torrentineDownloader, boolean oneJvm) {
        this.number = number;
        this.torrentineSeed = torrentineSeed;
        this.torrentineDownloader = torrentineDownloader;
        this.oneJvm = oneJvm;
    }

    /**
     * Whether the downloader is one process for all rounds (else a new one per download).
     *
     * @return true for transfer (5)
     */
    boolean oneDownloaderJvm() {
        return oneJvm;
    }

    /**
     * The number the issue and the ratios use.
     *
     * @return 1 to 5
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
     * A label such as {@code "(1) libtorrent -> torrentine"}; (5) adds {@code ", one JVM"}.
     *
     * @return the label
     */
    String label() {
        return "(" + number + ") " + client(torrentineSeed) + " -> " + client(torrentineDownloader)
                + (oneJvm ? ", one JVM" : "");
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
