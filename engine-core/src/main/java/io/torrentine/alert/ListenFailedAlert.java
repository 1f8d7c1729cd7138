package io.torrentine.alert;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * The session could not open a listening socket (the port is taken, say); it goes on without it.
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param address the address and port it tried
 * @param protocol the socket's protocol
 * @param error why it failed
 */
public record ListenFailedAlert(
        Instant time,
        InetSocketAddress address,
        ListenProtocol protocol,
        Exception error) implements Alert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param address the address and port it tried
     * @param protocol the socket's protocol
     * @param error why it failed
     * @throws NullPointerException if a value is null
     */
    public ListenFailedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(error, "error");
    }

    /** {@return {@link AlertCategory#ERROR}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.ERROR;
    }
}
