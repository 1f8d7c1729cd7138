package io.torrentine.examples.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar of bytes on stderr for the command line, made at the first report (when the
 * total is known). On a terminal it redraws one line; without one (a pipe, a log, a test) it
 * writes a plain line at most every few seconds, never cursor movements. Reports must come one
 * at a time, as the engine's progress listeners promise.
 */
final class ByteProgressBar implements AutoCloseable {
    private final String task;
    private final PrintWriter err;
    private ProgressBar bar;

    ByteProgressBar(String task, PrintWriter err) {
        this.task = task;
        this.err = err;
    }

    void update(long done, long total) {
        if (bar == null) {
            bar = open(total);
        }
        bar.stepTo(done);
    }

    private ProgressBar open(long totalBytes) {
        boolean terminal = System.console() != null;
        ProgressBarConsumer consumer = terminal
                ? new ConsoleProgressBarConsumer(System.err)
                : new DelegatingProgressBarConsumer(line -> {
                    err.println(line);
                    err.flush();
                }, 80);
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalBytes)
                .setUnit("MiB", 1024 * 1024)
                .showSpeed()
                .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(terminal ? 200 : 5000)
                .setConsumer(consumer)
                .build();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
