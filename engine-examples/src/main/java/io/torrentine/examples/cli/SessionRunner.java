package io.torrentine.examples.cli;

import io.torrentine.session.Session;
import io.torrentine.session.SessionSettings;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentState;
import io.torrentine.session.TorrentStatus;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What the download, seed and demo commands share: starting a session and following a torrent. */
final class SessionRunner {
    private SessionRunner() {
    }

    static Session start(String bind, int port) {
        InetSocketAddress listen = bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
        return Session.start(SessionSettings.builder().listenAddress(listen).build());
    }

    /** Waits until the torrent has checked its files (or fetched its metadata and checked). */
    static TorrentStatus awaitChecked(TorrentHandle handle) throws InterruptedException {
        while (true) {
            TorrentStatus s = handle.status().join();
            if (s.state() != TorrentState.CHECKING_FILES) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * Shows the status once a second until {@code done} holds, the torrent fails, or the timeout.
     *
     * @return the exit status: 0 done, 1 failed or timed out
     */
    static int run(TorrentHandle handle, String task, boolean json, boolean forever, long timeoutSeconds,
                   PrintWriter out, PrintWriter err, Predicate<TorrentStatus> done) throws InterruptedException {
        return run(handle, task, json, forever, timeoutSeconds, 1000, out, err, done);
    }

    /**
     * Shows the status every {@code intervalMillis} until {@code done} holds, the torrent fails,
     * or the timeout.
     *
     * @return the exit status: 0 done, 1 failed or timed out
     */
    static int run(TorrentHandle handle, String task, boolean json, boolean forever, long timeoutSeconds,
                   long intervalMillis, PrintWriter out, PrintWriter err, Predicate<TorrentStatus> done)
            throws InterruptedException {
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        try (StatusDisplay display = new StatusDisplay(task, json, out, err)) {
            while (true) {
                TorrentStatus s = handle.status().join();
                display.show(s);
                if (s.state() == TorrentState.ERROR) {
                    err.println("torrentine: " + s.name() + " stopped: " + s.error().map(Throwable::toString).orElse("?"));
                    err.flush();
                    return 1;
                }
                if (done.test(s)) {
                    return 0;
                }
                if (System.nanoTime() >= deadline) {
                    if (forever) {
                        return 0;
                    }
                    err.println("torrentine: timed out at " + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * s.progress()));
                    err.flush();
                    return 1;
                }
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
            }
        }
    }
}
