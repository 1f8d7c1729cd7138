package io.torrentine.examples.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} (an IPv6 host in brackets) for {@code --peer}. */
final class PeerOption implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException("expected HOST:PORT, not " + value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("bad port in " + value);
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.TypeConversionException("port out of range in " + value);
        }
        return new InetSocketAddress(host, port);
    }
}
