package io.torrentine.session;

/**
 * A snapshot of a session's statistics, as {@link io.torrentine.alert.SessionStatsAlert} carries
 * it. Totals count from the session's start; rates are smoothed averages over the last seconds.
 * Only payload bytes (piece data) count as downloaded and uploaded, not protocol overhead.
 *
 * @param totalDownloaded payload bytes received from peers
 * @param totalUploaded payload bytes sent to peers
 * @param downloadRate the current payload download rate, in bytes per second
 * @param uploadRate the current payload upload rate, in bytes per second
 * @param torrents the number of torrents in the session
 * @param peers the number of connected peers, over all torrents
 * @param diskQueueBytes the bytes waiting to be written to disk now
 * @param blocksReceived the 16 KiB blocks received from peers
 * @param hashFailures the pieces that failed their hash check
 * @param wastedBytes payload bytes received and thrown away: redundant blocks (end-game
 *     duplicates, blocks nobody asked for) and the blocks of pieces that failed their hash check
 */
public record SessionStats(
        long totalDownloaded,
        long totalUploaded,
        double downloadRate,
        double uploadRate,
        int torrents,
        int peers,
        long diskQueueBytes,
        long blocksReceived,
        long hashFailures,
        long wastedBytes) {

    /**
     * Checks the values.
     *
     * @param totalDownloaded payload bytes received from peers
     * @param totalUploaded payload bytes sent to peers
     * @param downloadRate the current payload download rate, in bytes per second
     * @param uploadRate the current payload upload rate, in bytes per second
     * @param torrents the number of torrents in the session
     * @param peers the number of connected peers, over all torrents
     * @param diskQueueBytes the bytes waiting to be written to disk now
     * @param blocksReceived the 16 KiB blocks received from peers
     * @param hashFailures the pieces that failed their hash check
     * @param wastedBytes payload bytes received and thrown away
     * @throws IllegalArgumentException if a count is negative, or a rate negative or not finite
     */
    public SessionStats {
        requireNonNegative(totalDownloaded, "totalDownloaded");
        requireNonNegative(totalUploaded, "totalUploaded");
        requireRate(downloadRate, "downloadRate");
        requireRate(uploadRate, "uploadRate");
        requireNonNegative(torrents, "torrents");
        requireNonNegative(peers, "peers");
        requireNonNegative(diskQueueBytes, "diskQueueBytes");
        requireNonNegative(blocksReceived, "blocksReceived");
        requireNonNegative(hashFailures, "hashFailures");
        requireNonNegative(wastedBytes, "wastedBytes");
    }

    private static void requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException("negative " + what + ": " + value);
        }
    }

    private static void requireRate(double rate, String what) {
        // NaN fails this comparison too, so a rate computed over an empty interval is caught.
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(what + " must be finite and not negative: " + rate);
        }
    }
}
