package io.torrentine.internal.tracker;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.bencode.BencodeLimits;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the bencoded bodies of HTTP tracker responses: announce (BEP 3, compact peers BEP 23,
 * {@code peers6} BEP 7, {@code external ip} BEP 24) and scrape (BEP 48). Lenient like libtorrent
 * about what it can skip (unknown keys, a bad entry in a peer list, a trailing partial compact
 * entry), strict about what it cannot (not bencode, not a dictionary, a field of the wrong type).
 */
public final class HttpTrackerResponses {
    /** A regular interval when the tracker gives none (libtorrent's default). */
    public static final int DEFAULT_INTERVAL = 1800;
    /** The longest {@code failure reason} or {@code warning message} kept, in characters. */
    public static final int MAX_MESSAGE_CHARS = 1024;
    /** The longest {@code tracker id} kept, in bytes; a longer one is ignored. */
    public static final int MAX_TRACKER_ID_BYTES = 256;

    private static final int V4_ENTRY = 6;
    private static final int V6_ENTRY = 18;

    private HttpTrackerResponses() {
    }

    /**
     * Parses an announce response.
     *
     * @param body the whole body, already bounded by the response size limit
     * @param url the tracker's URL, for errors
     * @param maxPeers the most peers kept
     * @return the response
     * @throws TrackerException {@code FAILURE_REASON} if the tracker refused,
     *     {@code MALFORMED_RESPONSE} if the body is not a valid response
     */
    public static AnnounceResponse parseAnnounce(byte[] body, String url, int maxPeers) {
        BDictionary root = decode(body, url);
        failureReason(root, url);
        int interval = clampInt(optionalLong(root, "interval", url).orElse((long) DEFAULT_INTERVAL));
        OptionalInt minInterval = optionalInt(root, "min interval", url);
        List<PeerAddress> peers = new ArrayList<>();
        Optional<BValue> v4 = root.get("peers");
        if (v4.isPresent()) {
            if (v4.get() instanceof BString compact) {
                readCompact(compact, false, peers, maxPeers);
            } else if (v4.get() instanceof BList list) {
                readDictionaryPeers(list, peers, maxPeers);
            } else {
                throw malformed(url, "peers is neither a string nor a list");
            }
        }
        Optional<BValue> v6 = root.get("peers6");
        if (v6.isPresent()) {
            if (v6.get() instanceof BString compact) {
                readCompact(compact, true, peers, maxPeers);
            } else if (v6.get() instanceof BList list) {
                readDictionaryPeers(list, peers, maxPeers);
            } else {
                throw malformed(url, "peers6 is neither a string nor a list");
            }
        }
        OptionalInt seeds = optionalInt(root, "complete", url);
        OptionalInt leechers = optionalInt(root, "incomplete", url);
        Optional<byte[]> trackerId = optionalString(root, "tracker id", url)
                .filter(s -> s.length() <= MAX_TRACKER_ID_BYTES).map(BString::toByteArray);
        Optional<String> warning = optionalString(root, "warning message", url).map(HttpTrackerResponses::text);
        Optional<InetAddress> externalIp = optionalString(root, "external ip", url)
                .filter(s -> s.length() == 4 || s.length() == 16)
                .map(s -> address(s.toByteArray()));
        return new AnnounceResponse(interval, minInterval, peers, seeds, leechers, trackerId, warning,
                externalIp);
    }

    /**
     * Parses a scrape response (BEP 48): {@code files} keyed by raw 20-byte info-hashes.
     *
     * @param body the whole body, already bounded by the response size limit
     * @param url the tracker's URL, for errors
     * @return the response; entries with a key that is not 20 bytes or a value that is not a
     *     dictionary are skipped
     * @throws TrackerException {@code FAILURE_REASON} if the tracker refused,
     *     {@code MALFORMED_RESPONSE} if the body is not a valid response
     */
    public static ScrapeResponse parseScrape(byte[] body, String url) {
        BDictionary root = decode(body, url);
        failureReason(root, url);
        Optional<BValue> files = root.get("files");
        if (files.isEmpty() || !(files.get() instanceof BDictionary filesDict)) {
            throw malformed(url, "scrape response without a files dictionary");
        }
        Map<Sha1Hash, ScrapeResponse.ScrapeCounts> counts = new HashMap<>();
        for (Map.Entry<BString, BValue> e : filesDict.asMap().entrySet()) {
            if (e.getKey().length() != Sha1Hash.LENGTH || !(e.getValue() instanceof BDictionary d)) {
                continue;
            }
            counts.put(Sha1Hash.of(e.getKey().toByteArray()), new ScrapeResponse.ScrapeCounts(
                    nonNegative(d, "complete"), nonNegative(d, "downloaded"), nonNegative(d, "incomplete")));
        }
        OptionalInt minRequestInterval = OptionalInt.empty();
        Optional<BValue> flags = root.get("flags");
        if (flags.isPresent() && flags.get() instanceof BDictionary flagsDict) {
            minRequestInterval = optionalInt(flagsDict, "min_request_interval", url);
        }
        return new ScrapeResponse(counts, minRequestInterval);
    }

    private static BDictionary decode(byte[] body, String url) {
        // The body is already capped by the size limit; the token bound keeps a body of tiny
        // values (1 MiB of "i0e") from building millions of objects.
        BencodeLimits limits = BencodeLimits.DEFAULT.withMaxInputSize(Math.max(1, body.length))
                .withMaxItems(200_000).withMaxDepth(32);
        BValue value;
        try {
            value = BencodeDecoder.lenient().withLimits(limits).decode(body);
        } catch (BencodeException e) {
            throw new TrackerException(Reason.MALFORMED_RESPONSE, url, "not bencode: " + e.getMessage(), e);
        }
        if (!(value instanceof BDictionary dict)) {
            throw malformed(url, "not a dictionary");
        }
        return dict;
    }

    private static void failureReason(BDictionary root, String url) {
        Optional<BValue> failure = root.get("failure reason");
        if (failure.isPresent()) {
            String text = failure.get() instanceof BString s ? text(s) : "(failure reason of the wrong type)";
            throw new TrackerException(Reason.FAILURE_REASON, url, text);
        }
    }

    private static void readCompact(BString compact, boolean v6, List<PeerAddress> out, int maxPeers) {
        int entry = v6 ? V6_ENTRY : V4_ENTRY;
        int addressLength = entry - 2;
        byte[] bytes = compact.toByteArray();
        // A trailing partial entry is ignored, as libtorrent does.
        for (int off = 0; off + entry <= bytes.length && out.size() < maxPeers; off += entry) {
            int port = ((bytes[off + addressLength] & 0xFF) << 8) | (bytes[off + addressLength + 1] & 0xFF);
            if (port == 0) {
                continue;
            }
            byte[] ip = new byte[addressLength];
            System.arraycopy(bytes, off, ip, 0, addressLength);
            out.add(new PeerAddress(address(ip).getHostAddress(), port));
        }
    }

    private static void readDictionaryPeers(BList list, List<PeerAddress> out, int maxPeers) {
        for (BValue v : list.values()) {
            if (out.size() >= maxPeers) {
                return;
            }
            if (!(v instanceof BDictionary d)) {
                continue;
            }
            Optional<BString> ip = d.getString("ip");
            Optional<Long> port = d.getLong("port");
            if (ip.isEmpty() || port.isEmpty() || port.get() < 1 || port.get() > 65535 || ip.get().length() > 255) {
                continue;
            }
            // An unparseable host skips the entry; a DNS name is kept unresolved (BEP 3 allows it).
            PeerAddress.parse(hostPort(ip.get().asUtf8(), port.get().intValue())).ifPresent(out::add);
        }
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static String text(BString s) {
        String t = s.asUtf8();
        return t.length() > MAX_MESSAGE_CHARS ? t.substring(0, MAX_MESSAGE_CHARS) : t;
    }

    private static Optional<Long> optionalLong(BDictionary d, String key, String url) {
        Optional<BValue> v = d.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!(v.get() instanceof BInteger i)) {
            throw malformed(url, key + " is not an integer");
        }
        return Optional.of(i.value());
    }

    private static OptionalInt optionalInt(BDictionary d, String key, String url) {
        Optional<Long> v = optionalLong(d, key, url);
        return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(clampInt(v.get()));
    }

    private static Optional<BString> optionalString(BDictionary d, String key, String url) {
        Optional<BValue> v = d.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!(v.get() instanceof BString s)) {
            throw malformed(url, key + " is not a string");
        }
        return Optional.of(s);
    }

    private static long nonNegative(BDictionary d, String key) {
        return Math.max(0, d.getLong(key).orElse(0L));
    }

    private static int clampInt(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }

    private static TrackerException malformed(String url, String detail) {
        return new TrackerException(Reason.MALFORMED_RESPONSE, url, detail);
    }
}
