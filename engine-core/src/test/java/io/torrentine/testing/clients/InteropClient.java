package io.torrentine.testing.clients;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * A real BitTorrent client running as a process on 127.0.0.1 with one torrent, as a seed or a
 * downloader. Thread-safe. {@link #close()} ends the process by its PID and is idempotent: use
 * it in try-with-resources.
 */
public interface InteropClient extends AutoCloseable {

    /** The loopback address every client binds. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are a valid address", e);
        }
    }

    /**
     * A short name for messages, e.g. {@code libtorrent download}.
     *
     * @return the name
     */
    String name();

    /**
     * The operating system's id of the client process.
     *
     * @return the PID
     */
    long pid();

    /**
     * The TCP port the client accepts peers on, on 127.0.0.1.
     *
     * @return the port
     */
    int listenPort();

    /**
     * Where a peer dials this client.
     *
     * @return 127.0.0.1 and {@link #listenPort()}
     */
    default InetSocketAddress address() {
        return new InetSocketAddress(loopback(), listenPort());
    }

    /**
     * Waits until the client has the whole torrent on disk (a downloader) or has checked its data
     * and seeds (a seed).
     *
     * @param timeout how long to wait at most
     * @return how long the client took, from adding the torrent (libtorrent measures it itself;
     *     for the other clients it counts from the start of the process)
     * @throws AssertionError on timeout or if the process ends first, with {@link #diagnostics()}
     */
    Duration awaitFinished(Duration timeout);

    /**
     * The latest status the client reported.
     *
     * @return the status, empty before the first one
     */
    Optional<ClientStatus> lastStatus();

    /**
     * The peak resident set size of the client process, read from {@code /proc/<pid>/status}
     * ({@code VmHWM}); after {@link #close()}, the last figure read before the process ended.
     *
     * @return bytes
     * @throws IllegalStateException if it could never be read (not Linux)
     */
    long peakRssBytes();

    /**
     * User plus system CPU time of the client process, read from {@code /proc/<pid>/stat}; after
     * {@link #close()}, the last figure read before the process ended.
     *
     * @return seconds
     * @throws IllegalStateException if it could never be read (not Linux)
     */
    double cpuSeconds();

    /**
     * What to show when a test fails: the command, whether the process lives, the last status
     * and the tail of its output.
     *
     * @return text for an assertion message
     */
    String diagnostics();

    /** Ends the process by its PID, waits for it and closes its pipes; does nothing the second time. */
    @Override
    void close();
}
