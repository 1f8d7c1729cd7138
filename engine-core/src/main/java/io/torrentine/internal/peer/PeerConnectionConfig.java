package io.torrentine.internal.peer;

import io.torrentine.internal.peer.extension.ExtensionLimits;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.internal.peer.wire.ReservedBits;
import io.torrentine.internal.peer.wire.WireLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The settings every connection of a session shares.
 *
 * @param ourPeerId our peer id (BEP 20); a remote handshake carrying it is ourselves
 * @param reserved the reserved bits we send (BEP 6 Fast, BEP 10 extensions, ...)
 * @param requestQueue our {@code reqq} (BEP 10): more requests outstanding from a peer close it
 * @param keepAliveInterval after this long without sending anything we send a keep-alive (BEP 3)
 * @param idleTimeout after this long without receiving anything the connection closes
 * @param requestTimeout a request we sent without answer for this long is given up
 * @param tickInterval how often timers are checked
 * @param rateWindow the window rates are averaged over
 * @param listenPort our TCP listen port for {@code p} in the extension handshake
 * @param wireLimits the frame bounds
 * @param extensionLimits the extension payload bounds
 */
public record PeerConnectionConfig(PeerId ourPeerId, ReservedBits reserved, int requestQueue,
                                   Duration keepAliveInterval, Duration idleTimeout, Duration requestTimeout,
                                   Duration tickInterval, Duration rateWindow, OptionalInt listenPort,
                                   WireLimits wireLimits, ExtensionLimits extensionLimits) {
    /** Our client name and version for {@code v} in the extension handshake. */
    public static final String CLIENT = "Torrentine 0.1.0";

    /**
     * Checks the components.
     *
     * @param ourPeerId our peer id
     * @param reserved our reserved bits
     * @param requestQueue our reqq
     * @param keepAliveInterval keep-alive interval
     * @param idleTimeout idle timeout
     * @param requestTimeout request timeout
     * @param tickInterval timer period
     * @param rateWindow rate window
     * @param listenPort our listen port
     * @param wireLimits wire limits
     * @param extensionLimits extension limits
     */
    public PeerConnectionConfig {
        Objects.requireNonNull(ourPeerId);
        Objects.requireNonNull(reserved);
        Objects.requireNonNull(listenPort);
        Objects.requireNonNull(wireLimits);
        Objects.requireNonNull(extensionLimits);
        if (requestQueue < 1) {
            throw new IllegalArgumentException("reqq " + requestQueue);
        }
        for (Duration d : new Duration[] {keepAliveInterval, idleTimeout, requestTimeout, tickInterval, rateWindow}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration " + d);
            }
        }
    }

    /**
     * Defaults: Fast and extension bits, reqq 500, keep-alive every 2 minutes (BEP 3), idle
     * timeout 3 minutes, requests given up after 60 s, timers checked every second, rates over 5 s.
     *
     * @param ourPeerId our peer id
     * @return the settings
     */
    public static PeerConnectionConfig defaults(PeerId ourPeerId) {
        return new PeerConnectionConfig(ourPeerId,
                ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL, ReservedBits.Feature.FAST), 500,
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(5), OptionalInt.empty(), WireLimits.DEFAULT, ExtensionLimits.DEFAULT);
    }

    /**
     * These settings with other timers.
     *
     * @param keepAlive the keep-alive interval
     * @param idle the idle timeout
     * @param request the request timeout
     * @param tick the timer period
     * @return the new settings
     */
    public PeerConnectionConfig withTimers(Duration keepAlive, Duration idle, Duration request, Duration tick) {
        return new PeerConnectionConfig(ourPeerId, reserved, requestQueue, keepAlive, idle, request, tick,
                rateWindow, listenPort, wireLimits, extensionLimits);
    }

    /**
     * These settings with another reqq.
     *
     * @param reqq the request queue bound
     * @return the new settings
     */
    public PeerConnectionConfig withRequestQueue(int reqq) {
        return new PeerConnectionConfig(ourPeerId, reserved, reqq, keepAliveInterval, idleTimeout,
                requestTimeout, tickInterval, rateWindow, listenPort, wireLimits, extensionLimits);
    }

    /**
     * These settings with other reserved bits.
     *
     * @param bits the reserved bits we send
     * @return the new settings
     */
    public PeerConnectionConfig withReserved(ReservedBits bits) {
        return new PeerConnectionConfig(ourPeerId, bits, requestQueue, keepAliveInterval, idleTimeout,
                requestTimeout, tickInterval, rateWindow, listenPort, wireLimits, extensionLimits);
    }

    /**
     * These settings with our listen port, announced as {@code p} in the extension handshake.
     *
     * @param port the port, or 0 for none
     * @return the new settings
     */
    public PeerConnectionConfig withListenPort(int port) {
        return new PeerConnectionConfig(ourPeerId, reserved, requestQueue, keepAliveInterval, idleTimeout,
                requestTimeout, tickInterval, rateWindow, port > 0 ? OptionalInt.of(port) : OptionalInt.empty(),
                wireLimits, extensionLimits);
    }
}
