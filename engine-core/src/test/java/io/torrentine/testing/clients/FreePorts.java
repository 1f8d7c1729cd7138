package io.torrentine.testing.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port for a client that cannot report the one it got (Transmission and aria2 take
 * a port on their command line; libtorrent binds port 0 and reports it instead).
 */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago: the operating system's choice for port 0,
     * released at once. Another process may take it in between; the ephemeral range is large
     * enough that this has not been seen here.
     */
    static int loopback() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InteropClient.loopback(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
