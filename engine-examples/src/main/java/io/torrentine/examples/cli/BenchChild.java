package io.torrentine.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One process that {@code torrentine bench} starts (a seed or a downloader): each line it
 * prints is time-stamped on arrival and handed to a listener, and written to a log file; the
 * last lines are kept for error messages. {@link #close()} ends it and its descendants by PID.
 * Its stdin stays an open pipe until then, so a child that reads it (the libtorrent seed) ends
 * by itself if the bench dies without closing it.
 */
final class BenchChild implements AutoCloseable {
    private static final int TAIL_LINES = 30;
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** Receives a child's output lines, on that stream's reader thread. */
    @FunctionalInterface
    interface LineListener {
        /**
         * One line.
         *
         * @param pid the child's process ID
         * @param arrivalNanos {@link System#nanoTime()} when it was read
         * @param line the line, without its end
         */
        void line(long pid, long arrivalNanos, String line);
    }

    private final String name;
    private final Process process;
    private final Writer log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread outReader;
    private final Thread errReader;

    private BenchChild(String name, Process process, Writer log, LineListener stdout, LineListener stderr) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.outReader = reader("out", process.getInputStream(), stdout);
        this.errReader = reader("err", process.getErrorStream(), stderr);
    }

    /**
     * Starts a process.
     *
     * @param name a short name, for threads, the log file and messages
     * @param command the program and its arguments
     * @param logFile where its output is copied (each line prefixed with its stream)
     * @param stdout gets the lines of its standard output
     * @param stderr gets the lines of its standard error
     * @return the running child
     * @throws IOException if it cannot be started or the log cannot be opened
     */
    static BenchChild start(String name, List<String> command, Path logFile, LineListener stdout,
                            LineListener stderr) throws IOException {
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        try {
            log.write("$ " + String.join(" ", command) + "\n");
            Process p = new ProcessBuilder(command).start();
            return new BenchChild(name, p, log, stdout, stderr);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private Thread reader(String stream, InputStream in, LineListener listener) {
        Process process = this.process;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    long now = System.nanoTime();
                    record(stream, line);
                    listener.line(process.pid(), now, line);
                }
            } catch (IOException e) {
                // The process ended or was killed: its pipe closes, nothing more to read.
                record(stream, "(read ended: " + e.getMessage() + ")");
            }
        }, "bench-" + name + "-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private synchronized void record(String stream, String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(stream + ": " + line);
        try {
            log.write(stream + ": " + line + "\n");
        } catch (IOException e) {
            // The log is a convenience; the measurement does not depend on it.
        }
    }

    /**
     * The process ID.
     *
     * @return the PID
     */
    long pid() {
        return process.pid();
    }

    /**
     * Writes one line to the process's stdin.
     *
     * @param line the line, without its end
     * @throws IOException if the process no longer reads it
     */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * The name given at start.
     *
     * @return the name
     */
    String name() {
        return name;
    }

    /**
     * Whether the process is still running.
     *
     * @return true if alive
     */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the process to end by itself.
     *
     * @param timeout how long at most
     * @return its exit status, or empty if it is still running
     * @throws InterruptedException if interrupted
     */
    OptionalInt waitFor(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.of(process.exitValue());
        }
        return OptionalInt.empty();
    }

    /**
     * The last lines it printed, for an error message.
     *
     * @return the lines, oldest first, each prefixed with its stream
     */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    /**
     * Ends the process if it still runs: SIGTERM to it, then after a grace period SIGKILL to its
     * descendants and to it, each by PID; then closes the log. Idempotent.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            process.getOutputStream().close();
            outReader.join(GRACE.toMillis());
            errReader.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Closing our end of its stdin failed: nothing left to do about it.
        } finally {
            synchronized (this) {
                try {
                    log.close();
                } catch (IOException e) {
                    // As above: the log is a convenience.
                }
            }
        }
    }
}
