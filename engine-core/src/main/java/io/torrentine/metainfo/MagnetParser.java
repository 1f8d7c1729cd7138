package io.torrentine.metainfo;

import io.torrentine.metainfo.InvalidMagnetLinkException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one magnet URI (BEP 9, BEP 53) into a {@link MagnetLink}. Single use: one instance per
 * parse. Work and memory are linear in the input, which is at most
 * {@link MagnetLink#MAX_URI_LENGTH} chars.
 */
final class MagnetParser {
    private static final Logger LOG = LoggerFactory.getLogger(MagnetLink.class);
    private static final String SCHEME = "magnet:?";

    private final String uri;
    private Sha1Hash v1;
    private Sha256Hash v2;
    private String displayName;
    private final Set<String> trackers = new LinkedHashSet<>();
    private final Set<String> webSeeds = new LinkedHashSet<>();
    private final Set<PeerAddress> peers = new LinkedHashSet<>();
    private final List<FileIndexRange> selectOnly = new ArrayList<>();

    private MagnetParser(String uri) {
        this.uri = uri;
    }

    /** See {@link MagnetLink#parse(String)}. */
    static MagnetLink parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.length() > MagnetLink.MAX_URI_LENGTH) {
            throw new InvalidMagnetLinkException(Reason.URI_TOO_LONG, uri.length()
                    + " chars, over the limit of " + MagnetLink.MAX_URI_LENGTH);
        }
        if (!MagnetText.startsWithAsciiIgnoreCase(uri, 0, SCHEME)) {
            throw new InvalidMagnetLinkException(Reason.NOT_A_MAGNET_LINK,
                    "a magnet link starts with 'magnet:?'");
        }
        return new MagnetParser(uri).run();
    }

    private MagnetLink run() {
        int start = SCHEME.length();
        while (start <= uri.length()) {
            int end = uri.indexOf('&', start);
            if (end < 0) {
                end = uri.length();
            }
            if (end > start) {
                parameter(start, end);
            }
            start = end + 1;
        }
        if (v1 == null && v2 == null) {
            throw new InvalidMagnetLinkException(Reason.MISSING_INFO_HASH,
                    "no xt=urn:btih: or xt=urn:btmh: parameter");
        }
        InfoHashes infoHashes = new InfoHashes(Optional.ofNullable(v1), Optional.ofNullable(v2));
        MagnetLink link = MagnetLink.builder(infoHashes)
                .displayName(displayName)
                .trackers(trackers)
                .webSeeds(webSeeds)
                .peers(peers)
                .selectOnly(selectOnly)
                .assemble();
        if (link.toUri().length() > MagnetLink.MAX_URI_LENGTH) {
            // Escaping can lengthen a link (one raw non-ASCII char becomes up to 12 chars), and
            // every link must survive parse(toUri()).
            throw new InvalidMagnetLinkException(Reason.URI_TOO_LONG, "the canonical form has "
                    + link.toUri().length() + " chars, over the limit of " + MagnetLink.MAX_URI_LENGTH);
        }
        return link;
    }

    /** One {@code name=value} pair in {@code uri[start, end)}. */
    private void parameter(int start, int end) {
        int equals = MagnetText.indexOf(uri, '=', start, end);
        int nameEnd = equals < 0 ? end : equals;
        int valueStart = nameEnd == end ? end : nameEnd + 1;
        nameEnd = withoutNumberSuffix(start, nameEnd);
        if (is(start, nameEnd, "xt")) {
            exactTopic(decode(valueStart, end, "xt"));
        } else if (is(start, nameEnd, "dn")) {
            String name = decode(valueStart, end, "dn");
            displayName = name.isEmpty() ? null : name;
        } else if (is(start, nameEnd, "tr")) {
            addUrl(trackers, decode(valueStart, end, "tr"), MagnetLink.MAX_TRACKERS,
                    Reason.TOO_MANY_TRACKERS);
        } else if (is(start, nameEnd, "ws")) {
            addUrl(webSeeds, decode(valueStart, end, "ws"), MagnetLink.MAX_WEB_SEEDS,
                    Reason.TOO_MANY_WEB_SEEDS);
        } else if (is(start, nameEnd, "x.pe")) {
            peer(decode(valueStart, end, "x.pe"));
        } else if (is(start, nameEnd, "so")) {
            selectOnly(decode(valueStart, end, "so"));
        }
        // Anything else (xs, as, kt, dht, ...) is ignored, and deliberately not decoded.
    }

    /**
     * Drops a {@code .N} suffix, as libtorrent does: links in the wild number repeated
     * parameters ({@code tr.1}, {@code tr.2}). {@code x.pe} keeps its dot: {@code pe} is not
     * a number.
     */
    private int withoutNumberSuffix(int start, int end) {
        int dot = MagnetText.indexOf(uri, '.', start, end);
        if (dot < 0) {
            return end;
        }
        for (int i = dot + 1; i < end; i++) {
            if (uri.charAt(i) < '0' || uri.charAt(i) > '9') {
                return end;
            }
        }
        return dot;
    }

    private boolean is(int start, int end, String name) {
        return MagnetText.equalsAsciiIgnoreCase(uri, start, end, name);
    }

    private String decode(int start, int end, String parameter) {
        return MagnetText.decode(uri, start, end, parameter);
    }

    private void exactTopic(String topic) {
        if (MagnetText.startsWithAsciiIgnoreCase(topic, 0, ExactTopic.BTIH)) {
            Sha1Hash hash = ExactTopic.parseBtih(topic.substring(ExactTopic.BTIH.length()));
            if (v1 != null && !v1.equals(hash)) {
                throw new InvalidMagnetLinkException(Reason.CONFLICTING_INFO_HASHES,
                        "two urn:btih: topics: " + v1 + " and " + hash);
            }
            v1 = hash;
        } else if (MagnetText.startsWithAsciiIgnoreCase(topic, 0, ExactTopic.BTMH)) {
            Sha256Hash hash = ExactTopic.parseBtmh(topic.substring(ExactTopic.BTMH.length()));
            if (v2 != null && !v2.equals(hash)) {
                throw new InvalidMagnetLinkException(Reason.CONFLICTING_INFO_HASHES,
                        "two urn:btmh: topics: " + v2 + " and " + hash);
            }
            v2 = hash;
        }
        // Other URNs (urn:sha1:, urn:ed2k:, urn:tree:tiger:) name other networks' files.
    }

    private static void addUrl(Set<String> urls, String url, int limit, Reason overLimit) {
        if (url.isEmpty()) {
            return;
        }
        urls.add(url);
        if (urls.size() > limit) {
            throw new InvalidMagnetLinkException(overLimit, "more than " + limit);
        }
    }

    private void peer(String address) {
        Optional<PeerAddress> peer = PeerAddress.parse(address);
        if (peer.isEmpty()) {
            // libtorrent skips such addresses too; one bad hint should not cost the whole link.
            LOG.debug("Ignoring x.pe that is not host:port, ipv4:port or [ipv6]:port with a port "
                    + "of 1 to 65535 ({} chars)", address.length());
            return;
        }
        peers.add(peer.get());
        if (peers.size() > MagnetLink.MAX_PEERS) {
            throw new InvalidMagnetLinkException(Reason.TOO_MANY_PEERS,
                    "more than " + MagnetLink.MAX_PEERS);
        }
    }

    /** BEP 53: {@code so=0,2,4-6}, strictly digits, commas and dashes. */
    private void selectOnly(String list) {
        int start = 0;
        while (true) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            selectRange(list, start, end);
            if (comma < 0) {
                return;
            }
            start = comma + 1;
        }
    }

    private void selectRange(String list, int start, int end) {
        if (selectOnly.size() == MagnetLink.MAX_SELECT_ONLY_RANGES) {
            throw new InvalidMagnetLinkException(Reason.TOO_MANY_SELECT_ONLY_RANGES,
                    "more than " + MagnetLink.MAX_SELECT_ONLY_RANGES);
        }
        int dash = MagnetText.indexOf(list, '-', start, end);
        if (dash < 0) {
            int index = fileIndex(list, start, end);
            selectOnly.add(FileIndexRange.of(index));
            return;
        }
        int first = fileIndex(list, start, dash);
        int last = fileIndex(list, dash + 1, end);
        if (last < first) {
            throw new InvalidMagnetLinkException(Reason.INVALID_SELECT_ONLY,
                    "so range " + first + "-" + last + " ends before it starts");
        }
        selectOnly.add(new FileIndexRange(first, last));
    }

    private static int fileIndex(String list, int start, int end) {
        if (start == end) {
            throw new InvalidMagnetLinkException(Reason.INVALID_SELECT_ONLY,
                    "so needs file indices and ranges separated by commas, found an empty one");
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = list.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidMagnetLinkException(Reason.INVALID_SELECT_ONLY,
                        "so allows digits, ',' and '-', found '" + (c < 0x20 || c > 0x7E ? "?" : c) + "'");
            }
            value = value * 10 + (c - '0');
            if (value > MagnetLink.MAX_FILE_INDEX) {
                throw new InvalidMagnetLinkException(Reason.FILE_INDEX_TOO_LARGE,
                        "so file index over " + MagnetLink.MAX_FILE_INDEX);
            }
        }
        return value;
    }
}
