package io.torrentine.metainfo;

import java.util.Objects;

/**
 * A DHT node named by a torrent's {@code nodes} list (BEP 5) to bootstrap from.
 *
 * @param host a host name or IP address literal
 * @param port the UDP port
 */
public record DhtNode(String host, int port) {
    /**
     * Validates the node.
     *
     * @param host a host name or address
     * @param port the port, 1 to 65535
     * @throws IllegalArgumentException if the host is empty or the port out of range
     */
    public DhtNode {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid DHT node " + host + ":" + port);
        }
    }
}
