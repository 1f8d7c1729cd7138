package io.torrentine.internal.tracker;

import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The tracker URL rules: which schemes are spoken, which addresses need an {@code /announce}
 * path (libtorrent's security audit: an HTTP GET to a service on the local network that a
 * torrent file chose is a server-side request forgery), and where BEP 48 puts the scrape URL.
 */
public final class TrackerUrls {
    /** The longest tracker URL accepted; longer ones are refused as unparseable. */
    public static final int MAX_URL_LENGTH = 2048;

    private TrackerUrls() {
    }

    /**
     * Parses a tracker URL and checks its scheme and host.
     *
     * @param url the URL as the torrent gives it
     * @return the parsed URL, scheme in lower case
     * @throws TrackerException {@code UNSUPPORTED_SCHEME} if it is not an absolute {@code http},
     *     {@code https} or {@code udp} URL with a host (and, for {@code udp}, a port)
     */
    public static URI parse(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            throw new TrackerException(Reason.UNSUPPORTED_SCHEME, url.substring(0, 64) + "...", "URL too long");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new TrackerException(Reason.UNSUPPORTED_SCHEME, url, "not a URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("udp")) {
            throw new TrackerException(Reason.UNSUPPORTED_SCHEME, url, "scheme '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new TrackerException(Reason.UNSUPPORTED_SCHEME, url, "no host");
        }
        if (scheme.equals("udp") && uri.getPort() <= 0) {
            throw new TrackerException(Reason.UNSUPPORTED_SCHEME, url, "a udp tracker needs a port");
        }
        return uri;
    }

    /**
     * Whether the scheme is UDP (BEP 15).
     *
     * @param uri a parsed tracker URL
     * @return true for {@code udp}
     */
    public static boolean isUdp(URI uri) {
        return "udp".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * The port to contact: the URL's, or the scheme's default.
     *
     * @param uri a parsed tracker URL
     * @return the port
     */
    public static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * Applies the local-address rule to one resolved address of an HTTP(S) tracker.
     *
     * @param url the URL as given, for the error
     * @param uri the parsed URL
     * @param address an address its host resolved to
     * @param settings whether the rule is on
     * @throws TrackerException {@code FORBIDDEN_URL} if the address is local and the path does
     *     not end in {@code /announce}
     */
    public static void checkAddress(String url, URI uri, InetAddress address, TrackerSettings settings) {
        if (!settings.localTrackersNeedAnnouncePath() || isUdp(uri)) {
            return;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (isLocal(address) && !path.endsWith("/announce")) {
            throw new TrackerException(Reason.FORBIDDEN_URL, url, "tracker on local address "
                    + address.getHostAddress() + " must use a path ending in /announce");
        }
    }

    /**
     * Whether an address is loopback, unspecified, private (RFC 1918, RFC 4193), carrier-grade
     * NAT (RFC 6598) or link-local: addresses a torrent file must not aim our HTTP requests at.
     *
     * @param address the address
     * @return true if local
     */
    public static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xFE) == 0xFC;
        }
        return false;
    }

    /**
     * The scrape URL of an announce URL (BEP 48): the last path segment must start with
     * {@code announce}, which becomes {@code scrape}; a UDP tracker scrapes at its own address.
     *
     * @param announceUrl the announce URL
     * @return the scrape URL, or empty if the tracker supports no scrape
     */
    public static Optional<String> scrapeUrl(String announceUrl) {
        if (announceUrl.regionMatches(true, 0, "udp:", 0, 4)) {
            return Optional.of(announceUrl);
        }
        int query = announceUrl.indexOf('?');
        String beforeQuery = query < 0 ? announceUrl : announceUrl.substring(0, query);
        int slash = beforeQuery.lastIndexOf('/');
        if (slash < 0 || !beforeQuery.startsWith("announce", slash + 1)) {
            return Optional.empty();
        }
        return Optional.of(announceUrl.substring(0, slash + 1) + "scrape"
                + announceUrl.substring(slash + 1 + "announce".length()));
    }
}
