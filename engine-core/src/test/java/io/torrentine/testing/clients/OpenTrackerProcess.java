package io.torrentine.testing.clients;

import static org.awaitility.Awaitility.await;

import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's {@code opentracker} on loopback, for interop tests (INTEROP-NOTES.md): it serves only
 * whitelisted info-hashes, reads its whitelist after it chroots to its {@code -d} directory (so
 * the whitelist path is given relative to it), and drops to user {@code nobody} (so the
 * directory must be world-readable). HTTP at {@code /announce} and {@code /scrape}, UDP on its
 * own port. Ended by PID in {@link #close()}.
 */
public final class OpenTrackerProcess implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final int httpPort;
    private final int udpPort;

    private OpenTrackerProcess(Process process, Path directory, int httpPort, int udpPort) {
        this.process = process;
        this.directory = directory;
        this.httpPort = httpPort;
        this.udpPort = udpPort;
    }

    /**
     * Starts opentracker on 127.0.0.1 with the given info-hashes whitelisted, and waits until
     * its HTTP port accepts connections. Skips the test (fails it under {@code CI=true}) if
     * opentracker is not installed.
     *
     * @param infoHashes the 20-byte info-hashes it may serve
     * @return the running tracker
     */
    public static OpenTrackerProcess start(List<byte[]> infoHashes) {
        Path executable = ExternalTool.require("opentracker", "opentracker");
        try {
            Path dir = Files.createTempDirectory("opentracker",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            List<String> lines = new ArrayList<>();
            for (byte[] hash : infoHashes) {
                lines.add(HexFormat.of().formatHex(hash));
            }
            Path whitelist = dir.resolve("whitelist");
            Files.write(whitelist, lines, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
            int http = freeTcpPort();
            int udp = freeUdpPort();
            Process p = new ProcessBuilder(executable.toString(), "-i", "127.0.0.1", "-p", Integer.toString(http),
                    "-P", Integer.toString(udp), "-d", dir.toString(), "-w", "whitelist")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
                    .start();
            OpenTrackerProcess tracker = new OpenTrackerProcess(p, dir, http, udp);
            try {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !p.isAlive() || accepts(http));
                if (!p.isAlive()) {
                    throw new AssertionError("opentracker exited with " + p.exitValue() + ": "
                            + Files.readString(dir.resolveSibling(dir.getFileName() + ".log")));
                }
            } catch (RuntimeException | AssertionError e) {
                tracker.close();
                throw e;
            }
            return tracker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start opentracker", e);
        }
    }

    /**
     * The HTTP announce URL.
     *
     * @return {@code http://127.0.0.1:PORT/announce}
     */
    public String httpAnnounceUrl() {
        return "http://127.0.0.1:" + httpPort + "/announce";
    }

    /**
     * The UDP announce URL (BEP 15), with the {@code /announce} path sent as BEP 41 URL data.
     *
     * @return {@code udp://127.0.0.1:PORT/announce}
     */
    public String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + udpPort + "/announce";
    }

    /** Kills the process by PID and deletes its directory. */
    @Override
    public void close() {
        ProcessRunner.kill(process);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            Files.deleteIfExists(directory.resolveSibling(directory.getFileName() + ".log"));
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
