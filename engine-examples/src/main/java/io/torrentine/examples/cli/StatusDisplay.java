package io.torrentine.examples.cli;

import io.torrentine.session.TorrentStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a torrent's status once per report: a progress bar with rate, peers and ETA on a
 * terminal; one JSON line on stdout with {@code --json}; otherwise a plain line on stderr every
 * few seconds (a pipe or a log gets no cursor movements).
 */
final class StatusDisplay implements AutoCloseable {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final String task;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private long lastPlain;

    StatusDisplay(String task, boolean json, PrintWriter out, PrintWriter err) {
        this.task = task;
        this.json = json;
        this.out = out;
        this.err = err;
    }

    void show(TorrentStatus s) {
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("progress", round(s.progress()));
            fields.put("downloadRate", (long) s.downloadRate());
            fields.put("uploadRate", (long) s.uploadRate());
            fields.put("peers", s.peers());
            fields.put("state", s.state().name().toLowerCase(Locale.ROOT));
            fields.put("piecesHave", s.piecesHave());
            fields.put("pieceCount", s.pieceCount());
            fields.put("totalDownloaded", s.totalDownloaded());
            fields.put("totalUploaded", s.totalUploaded());
            out.println(Json.line(fields));
            out.flush();
        } else if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, s.totalWanted()))
                        .setUnit("MiB", 1024 * 1024).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setUpdateIntervalMillis(200).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
            bar.maxHint(Math.max(1, s.totalWanted()));
            bar.stepTo(s.totalWantedDone());
            bar.setExtraMessage(summary(s));
        } else {
            long now = System.nanoTime();
            if (lastPlain == 0 || now - lastPlain >= PLAIN_EVERY_NANOS) {
                lastPlain = now;
                err.println(task + ": " + String.format(Locale.ROOT, "%5.1f%% ", 100 * s.progress()) + summary(s));
                err.flush();
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    static String summary(TorrentStatus s) {
        return String.format(Locale.ROOT, "%s, %d peers, down %s/s, up %s/s%s", s.state().name().toLowerCase(Locale.ROOT),
                s.peers(), bytes(s.downloadRate()), bytes(s.uploadRate()),
                s.eta().map(d -> ", ETA " + d.toSeconds() + " s").orElse(""));
    }

    static String bytes(double b) {
        if (b >= 1 << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (1 << 30));
        }
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        }
        if (b >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
