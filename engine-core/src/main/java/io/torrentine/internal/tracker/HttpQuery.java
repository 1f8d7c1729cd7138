package io.torrentine.internal.tracker;

import io.torrentine.metainfo.Sha1Hash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Builds the query strings of HTTP announces and scrapes (BEP 3, BEP 23, BEP 48). Binary
 * values are percent-encoded byte by byte: every byte outside RFC 3986's unreserved set becomes
 * {@code %XX}, so the tracker decodes exactly the 20 bytes we mean.
 */
final class HttpQuery {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpQuery() {
    }

    /**
     * The full announce URL: the tracker's URL (its fragment dropped) with our parameters added
     * to its own query.
     *
     * @param baseUrl the tracker URL
     * @param r the request
     * @return the URL to GET
     */
    static String announce(String baseUrl, AnnounceRequest r) {
        StringBuilder sb = start(baseUrl);
        sb.append("info_hash=");
        encode(r.infoHash(), sb);
        sb.append("&peer_id=");
        encode(r.peerId(), sb);
        sb.append("&port=").append(r.port())
                .append("&uploaded=").append(r.uploaded())
                .append("&downloaded=").append(r.downloaded())
                .append("&left=").append(r.left())
                .append("&compact=1&no_peer_id=1");
        if (r.event().httpValue() != null) {
            sb.append("&event=").append(r.event().httpValue());
        }
        if (r.numWant() >= 0) {
            sb.append("&numwant=").append(r.numWant());
        }
        sb.append("&key=").append(String.format(Locale.ROOT, "%08X", r.key()));
        r.trackerId().ifPresent(id -> {
            sb.append("&trackerid=");
            encode(id, sb);
        });
        return sb.toString();
    }

    /**
     * The full scrape URL (BEP 48): one {@code info_hash} parameter per torrent.
     *
     * @param scrapeUrl the scrape URL derived from the announce URL
     * @param infoHashes the torrents
     * @return the URL to GET
     */
    static String scrape(String scrapeUrl, List<Sha1Hash> infoHashes) {
        StringBuilder sb = start(scrapeUrl);
        for (int i = 0; i < infoHashes.size(); i++) {
            sb.append(i == 0 ? "info_hash=" : "&info_hash=");
            encode(infoHashes.get(i).toByteArray(), sb);
        }
        return sb.toString();
    }

    /**
     * Percent-encodes bytes.
     *
     * @param bytes the raw bytes
     * @param out where to append
     */
    static void encode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /**
     * The bytes of the path and query of a URL (BEP 41 URL data).
     *
     * @param rawPathAndQuery the raw path and query
     * @return its bytes
     */
    static byte[] bytes(String rawPathAndQuery) {
        return rawPathAndQuery.getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder start(String baseUrl) {
        int hash = baseUrl.indexOf('#');
        String base = hash < 0 ? baseUrl : baseUrl.substring(0, hash);
        StringBuilder sb = new StringBuilder(base.length() + 256).append(base);
        if (base.indexOf('?') < 0) {
            sb.append('?');
        } else if (!base.endsWith("?") && !base.endsWith("&")) {
            sb.append('&');
        }
        return sb;
    }
}
