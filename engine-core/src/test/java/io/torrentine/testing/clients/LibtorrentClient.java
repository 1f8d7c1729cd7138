package io.torrentine.testing.clients;

import io.torrentine.testing.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * libtorrent 2.0 (Debian's {@code python3-libtorrent} through {@code /usr/bin/python3}) running
 * {@code lt_client.py} with one torrent: bound to 127.0.0.1 on a free port, DHT, LSD, UPnP and
 * NAT-PMP off from the session's constructor, several connections per IP allowed, TCP only and
 * plaintext only unless {@link Options} say otherwise (INTEROP-NOTES.md). It reports JSON lines
 * (listening, status, finished) and takes commands ({@code connect}, {@code quit}) on stdin; the
 * script ends by itself when its stdin closes, so it never outlives the JVM.
 *
 * <p>Its {@link #lastStatus()} figures are libtorrent's own ({@code torrent_status}), every
 * {@link Options#statusInterval()}.
 */
public final class LibtorrentClient implements InteropClient {
    /** How long startup (listening, and a seed's check of its data) may take. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Error lines kept for messages; older ones are dropped. */
    private static final int MAX_ERRORS = 20;
    private static volatile Path script;

    private final String name;
    private final ClientProcess process;
    private final CompletableFuture<Integer> listening = new CompletableFuture<>();
    private final CompletableFuture<Duration> finished = new CompletableFuture<>();
    private final Deque<String> errors = new ArrayDeque<>();
    private volatile ClientStatus lastStatus;

    /**
     * How the libtorrent process is set up.
     *
     * @param utp whether uTP is on (incoming and outgoing) besides TCP; off by default, as we test
     *     TCP (libtorrent dials uTP first when both are on)
     * @param encryption whether MSE/PE encryption is allowed; off by default: plaintext only, both
     *     ways ({@code pe_disabled}), because Torrentine has no MSE yet
     * @param socketBufferBytes send and receive socket buffer size, or 0 for the OS default;
     *     INTEROP-NOTES.md: 4 MiB on both ends for 100+ MB/s over uTP on loopback
     * @param peers peers a downloader (or a seed) dials at start and re-dials once a second while it
     *     has no peer and still wants one
     * @param uploadLimit bytes per second, 0 = unlimited; with a limit set, loopback peers are limited too
     *     (libtorrent exempts local networks by default)
     * @param downloadLimit bytes per second, 0 = unlimited
     * @param statusInterval how often a status line comes
     */
    public record Options(boolean utp, boolean encryption, int socketBufferBytes, List<InetSocketAddress> peers,
                          long uploadLimit, long downloadLimit, Duration statusInterval) {
        /**
         * Checks and copies.
         *
         * @param utp whether uTP is on
         * @param encryption whether MSE/PE is allowed
         * @param socketBufferBytes buffer size or 0
         * @param peers peers to dial
         * @param uploadLimit bytes per second or 0
         * @param downloadLimit bytes per second or 0
         * @param statusInterval status period
         */
        public Options {
            peers = List.copyOf(peers);
            Objects.requireNonNull(statusInterval, "statusInterval");
            if (socketBufferBytes < 0 || uploadLimit < 0 || downloadLimit < 0 || statusInterval.isNegative()
                    || statusInterval.isZero()) {
                throw new IllegalArgumentException("negative size, limit or interval");
            }
        }

        /**
         * TCP, plaintext, OS socket buffers, no peers, no limits, a status every half second.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(false, false, 0, List.of(), 0, 0, Duration.ofMillis(500));
        }

        /**
         * @param enabled whether uTP is on
         * @return a copy with that setting
         */
        public Options withUtp(boolean enabled) {
            return new Options(enabled, encryption, socketBufferBytes, peers, uploadLimit, downloadLimit, statusInterval);
        }

        /**
         * @param enabled whether MSE/PE is allowed
         * @return a copy with that setting
         */
        public Options withEncryption(boolean enabled) {
            return new Options(utp, enabled, socketBufferBytes, peers, uploadLimit, downloadLimit, statusInterval);
        }

        /**
         * @param bytes send and receive buffer size, 0 for the OS default
         * @return a copy with that setting
         */
        public Options withSocketBuffers(int bytes) {
            return new Options(utp, encryption, bytes, peers, uploadLimit, downloadLimit, statusInterval);
        }

        /**
         * @param addresses peers to dial at start
         * @return a copy with that setting
         */
        public Options withPeers(List<InetSocketAddress> addresses) {
            return new Options(utp, encryption, socketBufferBytes, addresses, uploadLimit, downloadLimit, statusInterval);
        }

        /**
         * @param upload bytes per second, 0 = unlimited
         * @param download bytes per second, 0 = unlimited
         * @return a copy with those limits
         */
        public Options withRateLimits(long upload, long download) {
            return new Options(utp, encryption, socketBufferBytes, peers, upload, download, statusInterval);
        }

        /**
         * @param interval how often a status line comes
         * @return a copy with that setting
         */
        public Options withStatusInterval(Duration interval) {
            return new Options(utp, encryption, socketBufferBytes, peers, uploadLimit, downloadLimit, interval);
        }
    }

    private LibtorrentClient(String name, List<String> command, Path workingDirectory) {
        this.name = name;
        this.process = ClientProcess.start(name, command, workingDirectory, this::onLine, line -> { });
        // A process that dies early fails the waits at once instead of at their timeouts.
        process.onExit().thenRun(() -> {
            AssertionError gone = new AssertionError(name + " ended:\n" + diagnostics());
            listening.completeExceptionally(gone);
            finished.completeExceptionally(gone);
        });
    }

    /**
     * Starts a seed and returns once it listens and has checked its data.
     *
     * @param torrentFile the {@code .torrent}
     * @param dataDir the save path holding the content (the file, or the torrent's folder)
     * @param options settings
     * @return the running seed; close it
     * @throws AssertionError if it does not get there within a minute
     */
    public static LibtorrentClient seed(Path torrentFile, Path dataDir, Options options) {
        LibtorrentClient client = start("libtorrent seed", "seed", List.of("--torrent", torrentFile.toString()),
                dataDir, options);
        try {
            client.awaitFinished(START_TIMEOUT);
            return client;
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    /**
     * Starts a downloader of a {@code .torrent} and returns once it listens.
     *
     * @param torrentFile the {@code .torrent}
     * @param saveDir the save path
     * @param options settings, e.g. {@link Options#withPeers} to dial
     * @return the running downloader; close it
     */
    public static LibtorrentClient download(Path torrentFile, Path saveDir, Options options) {
        return start("libtorrent download", "download", List.of("--torrent", torrentFile.toString()), saveDir, options);
    }

    /**
     * Starts a downloader of a magnet link (BEP 9: it fetches the metadata from its peers) and
     * returns once it listens.
     *
     * @param magnet the link
     * @param saveDir the save path
     * @param options settings, e.g. {@link Options#withPeers} to dial
     * @return the running downloader; close it
     */
    public static LibtorrentClient download(String magnet, Path saveDir, Options options) {
        return start("libtorrent download", "download", List.of("--magnet", magnet), saveDir, options);
    }

    private static LibtorrentClient start(String name, String mode, List<String> source, Path saveDir,
                                          Options options) {
        Path python = ExternalTool.requirePythonLibtorrent();
        List<String> command = new ArrayList<>(List.of(python.toString(), scriptFile().toString(), mode));
        command.addAll(source);
        command.addAll(List.of("--save", saveDir.toAbsolutePath().toString(),
                "--status-interval", Double.toString(options.statusInterval().toMillis() / 1000.0),
                "--socket-buffer", Integer.toString(options.socketBufferBytes()),
                "--upload-limit", Long.toString(options.uploadLimit()),
                "--download-limit", Long.toString(options.downloadLimit())));
        if (options.utp()) {
            command.add("--utp");
        }
        if (options.encryption()) {
            command.add("--encryption");
        }
        for (InetSocketAddress peer : options.peers()) {
            command.addAll(List.of("--peer", peer.getAddress().getHostAddress() + ":" + peer.getPort()));
        }
        LibtorrentClient client = new LibtorrentClient(name, command, saveDir);
        try {
            client.listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (TimeoutException e) {
            client.close();
            throw new AssertionError(name + " not listening after " + START_TIMEOUT + ":\n" + client.diagnostics(), e);
        } catch (ExecutionException e) {
            client.close();
            throw new AssertionError(name + " did not start:\n" + client.diagnostics(), e.getCause());
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * {@code lt_client.py}, copied once per JVM from the test-jar to a temporary file (Python
     * cannot run a class path resource). The script is self-contained: other tools (the
     * benchmark) may run it with {@code /usr/bin/python3} directly; its header says how.
     *
     * @return the script's path
     */
    public static Path scriptFile() {
        Path file = script;
        if (file != null) {
            return file;
        }
        synchronized (LibtorrentClient.class) {
            if (script == null) {
                try (InputStream in = LibtorrentClient.class.getResourceAsStream("lt_client.py")) {
                    if (in == null) {
                        throw new IllegalStateException("lt_client.py is not on the class path");
                    }
                    Path copy = Files.createTempFile("torrentine-lt_client", ".py");
                    copy.toFile().deleteOnExit();
                    Files.write(copy, in.readAllBytes());
                    script = copy;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy lt_client.py", e);
                }
            }
            return script;
        }
    }

    private void onLine(String line) {
        if (!line.startsWith("{")) {
            return; // a Python warning: kept in the output tail only
        }
        Map<String, Object> event;
        try {
            event = JsonLine.parse(line);
        } catch (IllegalArgumentException e) {
            return;
        }
        switch (String.valueOf(event.get("event"))) {
            case "listening" -> listening.complete(((Number) event.get("port")).intValue());
            case "status" -> lastStatus = new ClientStatus(number(event, "progress").doubleValue(),
                    String.valueOf(event.get("state")), number(event, "downloadRate").longValue(),
                    number(event, "uploadRate").longValue(), number(event, "peers").intValue(),
                    number(event, "totalDownload").longValue(), number(event, "totalUpload").longValue());
            case "finished" -> finished.complete(Duration.ofNanos(
                    (long) (number(event, "seconds").doubleValue() * 1e9)));
            case "usage" -> process.recordFinalFigures(number(event, "maxRssKiB").longValue() * 1024,
                    number(event, "cpuSeconds").doubleValue());
            case "error" -> {
                synchronized (errors) {
                    if (errors.size() == MAX_ERRORS) {
                        errors.removeFirst();
                    }
                    errors.addLast(String.valueOf(event.get("message")));
                }
            }
            default -> {
                // An event this class does not use.
            }
        }
    }

    private static Number number(Map<String, Object> event, String key) {
        Object value = event.get(key);
        return value instanceof Number ? (Number) value : Long.valueOf(0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int listenPort() {
        return listening.join();
    }

    /**
     * Makes libtorrent dial a peer now (and again once a second while it has no peer and still
     * wants one): how a test reaches a client that never dials loopback (Transmission) or cannot
     * be told a peer (aria2).
     *
     * @param peer the address to dial
     */
    public void connect(InetSocketAddress peer) {
        process.send("connect " + peer.getAddress().getHostAddress() + " " + peer.getPort());
    }

    @Override
    public Duration awaitFinished(Duration timeout) {
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
    public Optional<ClientStatus> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    @Override
    public long peakRssBytes() {
        return process.peakRssBytes();
    }

    @Override
    public double cpuSeconds() {
        return process.cpuSeconds();
    }

    @Override
    public String diagnostics() {
        String errorLines;
        synchronized (errors) {
            errorLines = String.join("; ", errors);
        }
        return process.diagnostics() + "\nlast status: " + lastStatus + "\nerrors: " + errorLines;
    }

    /** Asks the script to quit (it reports its own final figures), then ends it by PID. */
    @Override
    public void close() {
        process.close("quit", Duration.ofSeconds(5));
    }
}
