package io.torrentine.testing.clients;

import io.torrentine.metainfo.TorrentInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The common part of a client known only through its console output (Transmission, aria2): the
 * process, the port it was given, its private working directory, and the rule for "finished":
 * the client said it is complete (a subclass recognises that in its output) and every piece under
 * the save path passes its hash, which also covers a client that says so before its cache
 * reaches the files. The check runs on the output reader thread at each line after the client
 * said so; both clients print a status line every second, so no timer is needed.
 */
abstract class ConsoleClient implements InteropClient {
    private final String name;
    private final int port;
    private final TorrentInfo info;
    private final Path saveDir;
    private final Path workDir;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Duration> finished = new CompletableFuture<>();
    private volatile ClientStatus lastStatus;
    private volatile boolean saidComplete;
    private volatile ClientProcess process;

    ConsoleClient(String name, int port, Path torrentFile, Path saveDir, String workDirPrefix) {
        this.name = name;
        this.port = port;
        try {
            this.info = TorrentInfo.load(torrentFile);
            this.saveDir = saveDir;
            this.workDir = Files.createTempDirectory(workDirPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the process and returns once it listens on its port: called once by the subclass's
     * factory after construction. Without the wait a peer that dials at once meets a refused
     * connection, and a BitTorrent engine then backs off for a minute or more before it dials
     * again (libtorrent's and Torrentine's peer lists both do).
     *
     * @throws AssertionError if the process ends or does not listen within {@code timeout}
     */
    final void start(List<String> command, Duration timeout) {
        process = ClientProcess.start(name, command, workDir, this::onStdout, this::onStderr);
        process.onExit().thenRun(() -> finished.completeExceptionally(
                new AssertionError(name + " ended:\n" + diagnostics())));
        if (!ListeningSockets.available()) {
            return; // not Linux: nothing to watch; the caller's dial may have to be repeated
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ListeningSockets.isListening(port)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(name + " not listening on port " + port + " after " + timeout + ":\n"
                        + diagnostics());
            }
            try {
                // Polls every 20 ms, and learns at once if the process ends instead.
                process.onExit().get(20, TimeUnit.MILLISECONDS);
                throw new AssertionError(name + " ended before it listened:\n" + diagnostics());
            } catch (TimeoutException e) {
                // Still running: look again.
            } catch (ExecutionException e) {
                throw new AssertionError(name + " ended before it listened:\n" + diagnostics(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The client's private directory (configuration, logs), deleted by {@link #close()}. */
    final Path workDir() {
        return workDir;
    }

    /** The torrent's size in bytes, for turning percentages into byte counts. */
    final long totalSize() {
        return info.totalSize();
    }

    /** Reads one line of standard output: a status to {@link #status}, completion to {@link #saidComplete()}. */
    abstract void parseStdout(String line);

    /** Reads one line of standard error; nothing by default. */
    void parseStderr(String line) {
    }

    /** The subclass parsed a status. */
    final void status(ClientStatus status) {
        lastStatus = status;
    }

    /** The subclass saw the client say it has everything (or seeds). */
    final void saidComplete() {
        saidComplete = true;
    }

    private void onStdout(String line) {
        parseStdout(line);
        checkFinished();
    }

    private void onStderr(String line) {
        parseStderr(line);
        checkFinished();
    }

    private void checkFinished() {
        if (saidComplete && !finished.isDone() && TestTorrents.piecesComplete(info, saveDir)) {
            finished.complete(Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long pid() {
        return process.pid();
    }

    @Override
    public final int listenPort() {
        return port;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counted from the start of the process, since this client does not measure it.
     */
    @Override
    public final Duration awaitFinished(Duration timeout) {
        try {
            return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " not finished after " + timeout + ":\n" + diagnostics(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(name + " did not finish:\n" + diagnostics(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public final Optional<ClientStatus> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    @Override
    public final long peakRssBytes() {
        return process.peakRssBytes();
    }

    @Override
    public final double cpuSeconds() {
        return process.cpuSeconds();
    }

    @Override
    public final String diagnostics() {
        return process.diagnostics() + "\nsaid complete: " + saidComplete + ", last status: " + lastStatus;
    }

    /** SIGTERM by PID (both clients save and exit on it), SIGKILL if that does not work, then the work directory goes. */
    @Override
    public final void close() {
        if (process != null) {
            process.close(null, Duration.ZERO);
        }
        deleteRecursively(workDir);
    }

    /** Ends a client whose start failed; a failure to close is added to the start's failure. */
    final void closeAfter(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
