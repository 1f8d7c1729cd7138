package io.torrentine.metainfo;

import java.util.Objects;
import java.util.Optional;

/**
 * A peer's address as a magnet link's {@code x.pe} parameter gives it (BEP 9): a host and a
 * TCP port. The host is kept in a canonical form, so equal addresses compare equal: an IPv6
 * literal in RFC 5952 form without brackets ({@code ::1}), a dotted-quad IPv4 literal, or a
 * DNS host name in lower case. Nothing is resolved here.
 *
 * @param host the host: an IPv4 literal, an IPv6 literal without brackets, or a host name
 * @param port the TCP port, 1 to 65535
 */
public record PeerAddress(String host, int port) {

    /**
     * Checks the port and puts the host in canonical form.
     *
     * @param host an IPv4 literal, an IPv6 literal without brackets, or a host name (letters,
     *     digits and hyphens in dot-separated labels)
     * @param port the TCP port, 1 to 65535
     * @throws IllegalArgumentException if the host is not one of those forms or the port is
     *     out of range
     * @throws NullPointerException if {@code host} is null
     */
    public PeerAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a peer port is 1 to 65535, not " + port);
        }
        String given = host;
        host = HostSyntax.canonical(host).orElseThrow(
                () -> new IllegalArgumentException("not an IP literal or host name: '" + given + "'"));
    }

    /**
     * Parses {@code host:port}, {@code ipv4:port} or {@code [ipv6]:port}, the forms BEP 9
     * allows for {@code x.pe}. The port is 1 to 5 decimal digits with a value of 1 to 65535.
     *
     * @param text the address text
     * @return the address, or empty if {@code text} is not one of those forms
     */
    public static Optional<PeerAddress> parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                return Optional.empty();
            }
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) {
                return Optional.empty();
            }
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                // No port, or an IPv6 literal without the brackets that set its port apart.
                return Optional.empty();
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int portNumber = parsePort(port);
        Optional<String> canonical = HostSyntax.canonical(host);
        if (portNumber < 0 || canonical.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PeerAddress(canonical.get(), portNumber));
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1 && value <= 65535 ? value : -1;
    }

    /**
     * Whether the host is a name that must be resolved before connecting, rather than an IP
     * literal.
     *
     * @return true for a host name, false for an IPv4 or IPv6 literal
     */
    public boolean isHostName() {
        return !HostSyntax.isLiteral(host);
    }

    /** Returns {@code host:port}, with brackets around an IPv6 host: the {@code x.pe} form. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
