package io.torrentine.testing.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void seesAListeningSocketUntilItCloses() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc/net/tcp");
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InteropClient.loopback(), 0));
            port = socket.getLocalPort();
            assertThat(ListeningSockets.isListening(port)).isTrue();
        }
        assertThat(ListeningSockets.isListening(port)).isFalse();
    }
}
