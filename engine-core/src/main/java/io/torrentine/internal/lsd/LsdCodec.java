package io.torrentine.internal.lsd;

import io.torrentine.internal.lsd.LsdMessageException.Reason;
import io.torrentine.internal.util.Hex;
import io.torrentine.metainfo.Sha1Hash;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Formats and parses BEP 14 announces:
 * <pre>
 * BT-SEARCH * HTTP/1.1\r\n
 * Host: 239.192.152.143:6771\r\n
 * Port: 6881\r\n
 * Infohash: (40 hex digits)\r\n      (one or more)
 * cookie: (opaque)\r\n
 * \r\n
 * \r\n
 * </pre>
 *
 * <p>Parsing is bounded and lenient the way HTTP is: at most {@value #MAX_DATAGRAM} bytes; the
 * method is case-insensitive and any {@code HTTP/1.x} version is taken; header names are
 * case-insensitive; lines may end in {@code \n} alone; unknown headers and an {@code Infohash}
 * that is not 40 hex digits are skipped; at most {@value #MAX_INFOHASHES} info-hashes are kept
 * (a guard should the datagram bound grow: 1500 bytes hold at most 29); a cookie longer than
 * {@value #MAX_COOKIE} characters is dropped (it cannot be ours). The {@code Host} header is not
 * checked (libtorrent does not either). Anything else is an {@link LsdMessageException}.
 */
public final class LsdCodec {
    /** The largest datagram parsed: an Ethernet frame's worth; announces are at most 1400 bytes. */
    public static final int MAX_DATAGRAM = 1500;
    /** The largest announce we send (BEP 14: "should not exceed 1400 bytes"). */
    public static final int MAX_ANNOUNCE = 1400;
    /** The most info-hashes kept from one announce. */
    public static final int MAX_INFOHASHES = 32;
    /** The longest cookie kept. */
    public static final int MAX_COOKIE = 64;
    /** The BEP 14 IPv4 group's Host value. */
    static final String DEFAULT_IPV4_HOST = "239.192.152.143:6771";
    /** The BEP 14 IPv6 group's Host value, in the BEP's compressed form. */
    static final String DEFAULT_IPV6_HOST = "[ff15::efc0:988f]:6771";

    private static final String REQUEST_LINE = "BT-SEARCH * HTTP/1.1\r\n";
    private static final String END = "\r\n\r\n";

    private LsdCodec() {
    }

    /**
     * The {@code Host} header value for a group: {@code ip:port}, or {@code [ip]:port} for IPv6
     * (RFC 2732), in the BEP's own spelling for the BEP's groups.
     *
     * @param group the multicast group and port
     * @return the value
     */
    public static String host(InetSocketAddress group) {
        if (group.getAddress() instanceof Inet6Address) {
            String ip = group.getAddress().getHostAddress();
            int scope = ip.indexOf('%');
            ip = scope >= 0 ? ip.substring(0, scope) : ip;
            String host = "[" + ip + "]:" + group.getPort();
            return host.equals("[ff15:0:0:0:0:0:efc0:988f]:6771") ? DEFAULT_IPV6_HOST : host;
        }
        return group.getAddress().getHostAddress() + ":" + group.getPort();
    }

    /**
     * Formats announces for info-hashes, as many per datagram as fit in {@value #MAX_ANNOUNCE} bytes.
     *
     * @param host the {@code Host} value ({@link #host})
     * @param port our listen port
     * @param infoHashes the info-hashes, at least one
     * @param cookie our cookie: printable ASCII without spaces, at most {@value #MAX_COOKIE} characters
     * @return the datagrams, in order, each with at least one info-hash
     * @throws IllegalArgumentException if the port, the list or the cookie is invalid
     */
    public static List<byte[]> format(String host, int port, List<Sha1Hash> infoHashes, String cookie) {
        if (port < 1 || port > 65_535 || infoHashes.isEmpty() || !validToken(cookie, MAX_COOKIE)
                || !validToken(host, 256)) {
            throw new IllegalArgumentException("port " + port + ", " + infoHashes.size() + " hashes, cookie '"
                    + cookie + "', host '" + host + "'");
        }
        String head = head(host, port);
        String tail = tail(cookie);
        int fit = hashesPerDatagram(host, port, cookie);
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < infoHashes.size(); from += fit) {
            StringBuilder sb = new StringBuilder(MAX_ANNOUNCE).append(head);
            for (Sha1Hash h : infoHashes.subList(from, Math.min(infoHashes.size(), from + fit))) {
                sb.append("Infohash: ").append(h.toHex()).append("\r\n");
            }
            out.add(sb.append(tail).toString().getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    /**
     * How many info-hashes one announce datagram of at most {@value #MAX_ANNOUNCE} bytes holds.
     *
     * @param host the {@code Host} value
     * @param port our listen port
     * @param cookie our cookie
     * @return at least 1
     */
    public static int hashesPerDatagram(String host, int port, String cookie) {
        int perHash = "Infohash: ".length() + 2 * Sha1Hash.LENGTH + 2;
        return Math.max(1, (MAX_ANNOUNCE - head(host, port).length() - tail(cookie).length()) / perHash);
    }

    private static String head(String host, int port) {
        return REQUEST_LINE + "Host: " + host + "\r\nPort: " + port + "\r\n";
    }

    private static String tail(String cookie) {
        return "cookie: " + cookie + "\r\n" + END;
    }

    /**
     * Parses a datagram.
     *
     * @param datagram the bytes received
     * @return the announce
     * @throws LsdMessageException if it is not an announce we can use (see the class comment)
     */
    public static LsdAnnounce parse(byte[] datagram) {
        if (datagram.length > MAX_DATAGRAM) {
            throw new LsdMessageException(Reason.TOO_LARGE, datagram.length + " bytes");
        }
        // Latin-1 maps every byte to one char, so no input can fail to decode.
        String text = new String(datagram, StandardCharsets.ISO_8859_1);
        int at = 0;
        int lineEnd = lineEnd(text, at);
        checkRequestLine(text.substring(at, lineEnd));
        at = next(text, lineEnd);
        int port = -1;
        Set<Sha1Hash> hashes = new LinkedHashSet<>();
        Optional<String> cookie = Optional.empty();
        while (at < text.length()) {
            lineEnd = lineEnd(text, at);
            String line = text.substring(at, lineEnd);
            at = next(text, lineEnd);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new LsdMessageException(Reason.MALFORMED_HEADER, "no header name");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "port": {
                    int p = parsePort(value);
                    if (port != -1 && port != p) {
                        throw new LsdMessageException(Reason.INVALID_PORT, "two Port headers");
                    }
                    port = p;
                    break;
                }
                case "infohash":
                    if (Hex.isHex(value, 2 * Sha1Hash.LENGTH) && hashes.size() < MAX_INFOHASHES) {
                        hashes.add(Sha1Hash.fromHex(value));
                    }
                    break;
                case "cookie":
                    if (cookie.isEmpty() && !value.isEmpty() && value.length() <= MAX_COOKIE) {
                        cookie = Optional.of(value);
                    }
                    break;
                default:
                    // BEP 14: headers we do not understand are ignored, for forward compatibility.
                    break;
            }
        }
        if (port == -1) {
            throw new LsdMessageException(Reason.INVALID_PORT, "no Port header");
        }
        if (hashes.isEmpty()) {
            throw new LsdMessageException(Reason.NO_INFOHASH, "no valid Infohash header");
        }
        return new LsdAnnounce(port, new ArrayList<>(hashes), cookie);
    }

    private static void checkRequestLine(String line) {
        String[] parts = line.trim().split(" +");
        if (parts.length != 3 || !parts[0].equalsIgnoreCase("BT-SEARCH") || !parts[1].equals("*")
                || !parts[2].toUpperCase(Locale.ROOT).startsWith("HTTP/1.")) {
            String shown = line.length() > 40 ? line.substring(0, 40) + "..." : line;
            throw new LsdMessageException(Reason.NOT_BT_SEARCH, "request line '" + shown + "'");
        }
    }

    private static int parsePort(String value) {
        if (value.isEmpty() || value.length() > 5) {
            throw new LsdMessageException(Reason.INVALID_PORT, "'" + value + "'");
        }
        int p = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new LsdMessageException(Reason.INVALID_PORT, "'" + value + "'");
            }
            p = p * 10 + (c - '0');
        }
        if (p < 1 || p > 65_535) {
            throw new LsdMessageException(Reason.INVALID_PORT, "'" + value + "'");
        }
        return p;
    }

    /** The end of the line starting at {@code at}: before its {@code \r\n} or {@code \n}, or the text's end. */
    private static int lineEnd(String text, int at) {
        int nl = text.indexOf('\n', at);
        int end = nl < 0 ? text.length() : nl;
        return end > at && text.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    /** Where the line after the one ending at {@code lineEnd} starts. */
    private static int next(String text, int lineEnd) {
        int at = lineEnd;
        if (at < text.length() && text.charAt(at) == '\r') {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '\n') {
            at++;
        }
        return at;
    }

    private static boolean validToken(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
