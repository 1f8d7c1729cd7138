package io.torrentine.alert;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * The session opened a listening socket; peers can connect to it.
 *
 * <p>Category {@link AlertCategory#STATUS}.
 *
 * @param time when the engine posted it
 * @param address the address and port it listens on (the real port if port 0 was asked)
 * @param protocol TCP for peer connections, UDP for uTP and the DHT
 */
public record ListenSucceededAlert(
        Instant time,
        InetSocketAddress address,
        ListenProtocol protocol) implements Alert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param address the address and port it listens on (the real port if port 0 was asked)
     * @param protocol TCP for peer connections, UDP for uTP and the DHT
     * @throws NullPointerException if a value is null
     */
    public ListenSucceededAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** {@return {@link AlertCategory#STATUS}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STATUS;
    }
}
