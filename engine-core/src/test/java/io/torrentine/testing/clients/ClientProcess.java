package io.torrentine.testing.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One client process: started with piped standard streams, its output read line by line on two
 * daemon threads, its resource figures sampled from {@code /proc}, and ended by PID.
 */
final class ClientProcess {
    /** Lines of output kept for failure messages; older ones are dropped. */
    private static final int TAIL_LINES = 200;
    /** Processes not yet closed, ended by a shutdown hook if the JVM exits first (a test run cut short). */
    private static final Set<ClientProcess> OPEN = ConcurrentHashMap.newKeySet();
    private static final Thread SHUTDOWN_HOOK = new Thread(() -> OPEN.forEach(p -> p.kill(Duration.ZERO)),
            "interop-client-reaper");

    static {
        Runtime.getRuntime().addShutdownHook(SHUTDOWN_HOOK);
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final OutputStream stdin;
    private long peakRss = -1;
    private double cpu = -1;
    private boolean closed;

    private ClientProcess(String name, List<String> command, Process process,
                          Consumer<String> stdoutLines, Consumer<String> stderrLines) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdoutReader = reader("stdout", process.getInputStream(), stdoutLines);
        this.stderrReader = reader("stderr", process.getErrorStream(), stderrLines);
    }

    /**
     * Starts a process.
     *
     * @param name for thread names and messages
     * @param command the program and its arguments
     * @param workingDirectory where it runs
     * @param stdoutLines gets each line of standard output ({@code \r} ends a line too), on a reader thread
     * @param stderrLines gets each line of standard error, on another reader thread
     */
    static ClientProcess start(String name, List<String> command, Path workingDirectory,
                               Consumer<String> stdoutLines, Consumer<String> stderrLines) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ClientProcess client = new ClientProcess(name, command, process, stdoutLines, stderrLines);
        OPEN.add(client);
        client.stdoutReader.start();
        client.stderrReader.start();
        return client;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the process has ended. */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Writes one line to the process's standard input.
     *
     * @throws UncheckedIOException if the process no longer reads it
     */
    synchronized void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not take '" + line + "':\n" + diagnostics(), e);
        }
    }

    /** The peak RSS in bytes: read now while the process lives, else the last figure seen. */
    synchronized long peakRssBytes() {
        sample();
        if (peakRss < 0) {
            throw new IllegalStateException("no /proc figures for " + name + " (pid " + pid() + ")");
        }
        return peakRss;
    }

    /** CPU seconds (user + system): read now while the process lives, else the last figure seen. */
    synchronized double cpuSeconds() {
        sample();
        if (cpu < 0) {
            throw new IllegalStateException("no /proc figures for " + name + " (pid " + pid() + ")");
        }
        return cpu;
    }

    /** Takes figures the process reported about itself, e.g. at its exit, if higher than those read. */
    synchronized void recordFinalFigures(long peakRssBytes, double cpuSeconds) {
        peakRss = Math.max(peakRss, peakRssBytes);
        cpu = Math.max(cpu, cpuSeconds);
    }

    private synchronized void sample() {
        if (closed) {
            return;
        }
        OptionalLong rss = ProcStats.peakRssBytes(pid());
        OptionalDouble seconds = ProcStats.cpuSeconds(pid());
        if (rss.isPresent()) {
            peakRss = Math.max(peakRss, rss.getAsLong());
        }
        if (seconds.isPresent()) {
            cpu = Math.max(cpu, seconds.getAsDouble());
        }
    }

    /** The command, the state of the process and the last lines of its output. */
    String diagnostics() {
        String lines;
        synchronized (tail) {
            lines = String.join("\n", tail);
        }
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return name + " (pid " + pid() + ", " + state + "): " + String.join(" ", command)
                + "\n--- last output ---\n" + lines;
    }

    /**
     * Ends the process: first {@code quitLine} on its standard input (if not null) and up to
     * {@code grace} for it to exit, then SIGTERM to it and its descendants, then SIGKILL. Waits
     * for the exit and closes the pipes. Idempotent.
     */
    void close(String quitLine, Duration grace) {
        synchronized (this) {
            if (closed) {
                return;
            }
            sample();
            closed = true;
        }
        try {
            if (quitLine != null && process.isAlive()) {
                try {
                    send(quitLine);
                    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (UncheckedIOException e) {
                    // It no longer reads its input: it is ending anyway; terminate below.
                }
            }
            kill(Duration.ofSeconds(5));
            try {
                stdin.close();
            } catch (IOException e) {
                // Closing a pipe to a dead process: nothing left to do.
            }
            join(stdoutReader);
            join(stderrReader);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            OPEN.remove(this);
        }
    }

    /** SIGTERM to the process and its descendants (by PID), SIGKILL after {@code grace}. */
    private void kill(Duration grace) {
        // Collected first: once the parent is gone its children are re-parented and lost to us.
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void join(Thread reader) throws InterruptedException {
        // Ends at end of stream, which follows the exit; bounded in case a grandchild keeps the pipe.
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }

    private Thread reader(String stream, InputStream in, Consumer<String> lines) {
        Thread thread = new Thread(() -> readLines(stream, in, lines), "interop-" + name + "-" + stream);
        thread.setDaemon(true);
        return thread;
    }

    private void readLines(String stream, InputStream in, Consumer<String> lines) {
        StringBuilder line = new StringBuilder();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int c;
            while ((c = reader.read()) >= 0) {
                // Transmission redraws its progress line with '\r': each redraw is a line.
                if (c == '\n' || c == '\r') {
                    deliver(stream, line, lines);
                } else if (line.length() < 64 * 1024) {
                    line.append((char) c);
                }
            }
            deliver(stream, line, lines);
        } catch (IOException e) {
            // The pipe was closed by close(): the output ends here.
        }
    }

    private void deliver(String stream, StringBuilder line, Consumer<String> lines) {
        String text = line.toString().strip();
        line.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(stream + ": " + text);
        }
        lines.accept(text);
    }
}
