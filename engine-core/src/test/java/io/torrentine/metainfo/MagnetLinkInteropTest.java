package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.torrentine.internal.util.Hex;
import io.torrentine.metainfo.InvalidMagnetLinkException.Reason;
import io.torrentine.testing.ExternalTool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Compares our magnet parser with libtorrent 2.0.8's {@code lt.parse_magnet_uri} (Debian's
 * {@code python3-libtorrent}, through {@code /usr/bin/python3}): the same links give the same
 * info-hashes, name, trackers, web seeds, peers and file selection; libtorrent reads our
 * canonical {@code toUri()} the same way; we read libtorrent's {@code make_magnet_uri} the same
 * way. The deliberate differences documented in {@code docs/magnet-links.md} are pinned too, so
 * the document stays true.
 */
@Tag("interop")
class MagnetLinkInteropTest {
    private static final String HEX = MagnetLinkTest.HEX;
    private static final String BASE32 = MagnetLinkTest.BASE32;
    private static final String V2_HEX = MagnetLinkTest.V2_HEX;
    private static final String BTIH = MagnetLinkTest.BTIH;
    private static final String BTMH = MagnetLinkTest.BTMH;

    /**
     * Reads each argument (hex of a URI's UTF-8 bytes, so the JVM's and Python's locale cannot
     * mangle it) with libtorrent and prints one JSON array of results.
     */
    private static final String SCRIPT = String.join("\n",
            "import json, sys",
            "import libtorrent as lt",
            "out = []",
            "for arg in sys.argv[1:]:",
            "    uri = bytes.fromhex(arg).decode('utf-8')",
            "    try:",
            "        p = lt.parse_magnet_uri(uri)",
            "    except Exception as e:",
            "        out.append({'ok': False, 'error': str(e)})",
            "        continue",
            "    ih = p.info_hashes",
            "    prio = [int(x) for x in p.file_priorities]",
            "    out.append({",
            "        'ok': True,",
            "        'v1': str(ih.v1) if ih.has_v1() else None,",
            "        'v2': str(ih.v2) if ih.has_v2() else None,",
            "        'name': p.name,",
            "        'trackers': list(p.trackers),",
            "        'webSeeds': list(p.url_seeds),",
            "        'peers': [[str(host), int(port)] for host, port in p.peers],",
            "        'selectOnly': bool(int(p.flags) & int(lt.torrent_flags.default_dont_download)),",
            "        'selected': [i for i, v in enumerate(prio) if v > 0],",
            "        'magnet': lt.make_magnet_uri(p),",
            "    })",
            "print(json.dumps(out))");

    /** Links both parsers accept, covering every parameter we read. */
    private static final List<String> ACCEPTED = List.of(
            BTIH,
            "magnet:?xt=urn:btih:" + HEX.toUpperCase(),
            "magnet:?xt=urn:btih:" + BASE32,
            "magnet:?xt=urn:btih:" + BASE32.toLowerCase() + "&dn=lower+case+base32",
            BTMH,
            "magnet:?xt=urn:btmh:1220" + V2_HEX.toUpperCase() + "&dn=v2",
            BTIH + "&xt=urn:btmh:1220" + V2_HEX + "&dn=hybrid",
            "magnet:?xt=urn:btmh:1220" + V2_HEX + "&xt=urn:btih:" + BASE32 + "&dn=hybrid+base32",
            "magnet:?xt=urn%3Abtih%3A" + HEX,
            BTIH + "&dn=%E6%97%A5%E6%9C%AC%E8%AA%9E%20%F0%9F%8E%B5+caf%C3%A9+a%2Bb%26c%3Dd%25e%23f",
            BTIH + "&dn=raw caf\u00e9 \uD83C\uDFB5 #5 a=b",
            BTIH + "&dn=first&dn=Second+Name",
            BTIH + "&tr=udp%3A%2F%2Ftracker.example%3A6969%2Fannounce&tr=http://t.example/a?key=x%26y"
                    + "&tr=http://t.example/a?key=x%26y&tr=&tr=wss://ws.example/",
            BTIH + "&tr.1=http://one.example/&tr.2=http://two.example/&tr.10=http://ten.example/&tr=udp://[::1]:1",
            BTIH + "&ws=http://seed.example/file&ws=http%3A%2F%2Fseed2.example%2Fdir%2F&ws=http://seed.example/file",
            BTIH + "&x.pe=127.0.0.1:6881&x.pe=[::1]:6882&x.pe=[2001:DB8:0::1]:65535&x.pe=[::ffff:10.0.0.1]:1"
                    + "&x.pe=1.2.3.4:0&x.pe=1.2.3.4:65536&x.pe=peer.example:7&x.pe=[fe80::1]:9&x.pe=127.0.0.1:6881",
            BTIH + "&so=0,2,4-6",
            BTIH + "&so=9,1-3&so=5&dn=two+lists",
            BTIH + "&xs=http://x/%zz&kt=a+b&&=&foo&dht=1.2.3.4:5&x.pe.1=1.2.3.4:5&dn=unknown+params",
            "magnet:?XT=urn:btih:" + HEX + "&DN=Upper+Names&TR=http://upper.example/&X.PE=1.2.3.4:5&SO=1&WS=http://w/",
            BTIH + "&xt=urn:btmh:1220" + V2_HEX + "&dn=All+Of+It&tr=http://a.example/ann&tr=udp://b.example:80"
                    + "&ws=http://w.example/&x.pe=10.0.0.2:6881&x.pe=[::2]:6881&so=0-2,7");

    /** Links both parsers reject, with our reason. */
    private static final Map<String, Reason> BOTH_REJECT = new LinkedHashMap<>();

    static {
        BOTH_REJECT.put("magnet:?dn=no+hash&tr=http://t/", Reason.MISSING_INFO_HASH);
        BOTH_REJECT.put("magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C", Reason.MISSING_INFO_HASH);
        BOTH_REJECT.put("http://example.com/file.torrent", Reason.NOT_A_MAGNET_LINK);
        BOTH_REJECT.put("magnet:xt=urn:btih:" + HEX, Reason.NOT_A_MAGNET_LINK);
        BOTH_REJECT.put("magnet:?xt=urn:btih:" + HEX.substring(2), Reason.INVALID_BTIH);
        BOTH_REJECT.put(BTIH + "00", Reason.INVALID_BTIH);
        BOTH_REJECT.put("magnet:?xt=urn:btih:", Reason.INVALID_BTIH);
        BOTH_REJECT.put("magnet:?xt=urn:btmh:1220" + V2_HEX.substring(2), Reason.INVALID_BTMH);
        BOTH_REJECT.put("magnet:?xt=urn:btmh:1114" + HEX, Reason.UNSUPPORTED_MULTIHASH);
        BOTH_REJECT.put(BTIH + "%2", Reason.MALFORMED_ESCAPE);
    }

    @Test
    void libtorrentReadsTheSameLinksTheSameWay() {
        List<LtResult> results = libtorrent(ACCEPTED);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < ACCEPTED.size(); i++) {
            assertSameReading(softly, ACCEPTED.get(i), MagnetLink.parse(ACCEPTED.get(i)), results.get(i));
        }
        softly.assertAll();
    }

    @Test
    void libtorrentReadsOurCanonicalFormTheSameWay() {
        List<MagnetLink> ours = ACCEPTED.stream().map(MagnetLink::parse).toList();
        List<String> canonical = ours.stream().map(MagnetLink::toUri).toList();
        List<LtResult> results = libtorrent(canonical);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < canonical.size(); i++) {
            assertSameReading(softly, canonical.get(i), ours.get(i), results.get(i));
        }
        softly.assertAll();
    }

    @Test
    void weReadLibtorrentsMagnetsTheSameWay() {
        List<LtResult> first = libtorrent(ACCEPTED);
        List<String> theirs = first.stream().map(r -> r.magnet).toList();
        List<LtResult> again = libtorrent(theirs);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < theirs.size(); i++) {
            assertSameReading(softly, theirs.get(i), MagnetLink.parse(theirs.get(i)), again.get(i));
        }
        softly.assertAll();
    }

    @Test
    void bothRejectTheseLinks() {
        List<String> uris = new ArrayList<>(BOTH_REJECT.keySet());
        List<LtResult> results = libtorrent(uris);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < uris.size(); i++) {
            String uri = uris.get(i);
            softly.assertThat(results.get(i).ok).as("libtorrent accepts %s", uri).isFalse();
            InvalidMagnetLinkException e = catchThrowableOfType(InvalidMagnetLinkException.class,
                    () -> MagnetLink.parse(uri));
            softly.assertThat(e).as("we accept %s", uri).isNotNull();
            if (e != null) {
                softly.assertThat(e.reason()).as(uri).isEqualTo(BOTH_REJECT.get(uri));
            }
        }
        softly.assertAll();
    }

    /** Each case here is a row of the "Differences from libtorrent" table in the document. */
    @Test
    void deliberateDifferencesFromLibtorrent() {
        Map<String, Reason> weReject = new LinkedHashMap<>();
        weReject.put("magnet:?xt=urn:btih:" + HEX.substring(1) + "g", Reason.INVALID_BTIH);
        weReject.put("magnet:?xt=urn:btih:" + BASE32.substring(1) + "1", Reason.INVALID_BTIH);
        weReject.put(BTIH + "&xt=urn:btih:" + MagnetLinkTest.OTHER_HEX, Reason.CONFLICTING_INFO_HASHES);
        weReject.put(BTIH + "&dn=a%zzb", Reason.MALFORMED_ESCAPE);
        weReject.put(BTIH + "&tr=http://a%2/", Reason.MALFORMED_ESCAPE);
        weReject.put(BTIH + "&so=", Reason.INVALID_SELECT_ONLY);
        weReject.put(BTIH + "&so=1,x", Reason.INVALID_SELECT_ONLY);
        weReject.put(BTIH + "&so=6-4,1", Reason.INVALID_SELECT_ONLY);
        String differ = "magnet:?xt=URN:BTIH:" + HEX;
        String scheme = "MAGNET:?xt=urn:btih:" + HEX;
        String escapedPeer = BTIH + "&x.pe=%5B%3A%3A1%5D%3A6881";
        String sloppyPorts = BTIH + "&x.pe=1.2.3.4:+80&x.pe=1.2.3.5:80x";
        String hostName = BTIH + "&x.pe=peer.example:7";
        String bigIndex = BTIH + "&so=20000";
        String duplicates = BTIH + "&tr=http://a/&tr=http://a/&ws=&ws=http://w/&ws=http://w/";

        List<String> uris = new ArrayList<>(weReject.keySet());
        uris.addAll(List.of(differ, scheme, escapedPeer, sloppyPorts, hostName, bigIndex, duplicates));
        List<LtResult> results = libtorrent(uris);
        Map<String, LtResult> lt = new LinkedHashMap<>();
        for (int i = 0; i < uris.size(); i++) {
            lt.put(uris.get(i), results.get(i));
        }

        SoftAssertions softly = new SoftAssertions();
        weReject.forEach((uri, reason) -> {
            softly.assertThat(lt.get(uri).ok).as("libtorrent accepts %s", uri).isTrue();
            InvalidMagnetLinkException e = catchThrowableOfType(InvalidMagnetLinkException.class,
                    () -> MagnetLink.parse(uri));
            softly.assertThat(e).as("we reject %s", uri).isNotNull();
            if (e != null) {
                softly.assertThat(e.reason()).as(uri).isEqualTo(reason);
            }
        });
        // libtorrent reads invalid hex and base32 digits as something, and the last of two btih.
        softly.assertThat(lt.get("magnet:?xt=urn:btih:" + BASE32.substring(1) + "1").v1).isNotNull();
        softly.assertThat(lt.get(BTIH + "&xt=urn:btih:" + MagnetLinkTest.OTHER_HEX).v1)
                .isEqualTo(MagnetLinkTest.OTHER_HEX);
        softly.assertThat(lt.get(BTIH + "&dn=a%zzb").name).isEqualTo("a");
        softly.assertThat(lt.get(BTIH + "&so=").selectOnly).isTrue();
        softly.assertThat(lt.get(BTIH + "&so=").selected).isEmpty();
        softly.assertThat(lt.get(BTIH + "&so=1,x").selectOnly).isFalse();

        // URN and scheme case: RFC 8141 and RFC 3986 make them case-insensitive; libtorrent does not.
        softly.assertThat(lt.get(differ).ok).isFalse();
        softly.assertThat(lt.get(scheme).ok).isFalse();
        softly.assertThat(MagnetLink.parse(differ)).isEqualTo(MagnetLink.parse(BTIH));
        softly.assertThat(MagnetLink.parse(scheme)).isEqualTo(MagnetLink.parse(BTIH));

        softly.assertThat(lt.get(escapedPeer).peers).isEmpty();
        softly.assertThat(MagnetLink.parse(escapedPeer).peers()).containsExactly(new PeerAddress("::1", 6881));
        softly.assertThat(lt.get(sloppyPorts).peers).hasSize(2);
        softly.assertThat(MagnetLink.parse(sloppyPorts).peers()).isEmpty();
        softly.assertThat(lt.get(hostName).peers).isEmpty();
        softly.assertThat(MagnetLink.parse(hostName).peers()).containsExactly(new PeerAddress("peer.example", 7));

        softly.assertThat(lt.get(bigIndex).selected).isEmpty();
        softly.assertThat(MagnetLink.parse(bigIndex).selectOnly()).containsExactly(FileIndexRange.of(20000));

        softly.assertThat(lt.get(duplicates).trackers).containsExactly("http://a/", "http://a/");
        softly.assertThat(lt.get(duplicates).webSeeds).containsExactly("", "http://w/", "http://w/");
        softly.assertThat(MagnetLink.parse(duplicates).trackers()).containsExactly("http://a/");
        softly.assertThat(MagnetLink.parse(duplicates).webSeeds()).containsExactly("http://w/");
        softly.assertAll();
    }

    /**
     * The same reading, allowing for what we do on purpose: duplicates and empty web seeds are
     * dropped, and host-name peers are kept (libtorrent keeps only IP literals).
     */
    private static void assertSameReading(SoftAssertions softly, String uri, MagnetLink ours, LtResult lt) {
        softly.assertThat(lt.ok).as("libtorrent accepts %s (%s)", uri, lt.error).isTrue();
        if (!lt.ok) {
            return;
        }
        softly.assertThat(ours.infoHashes().v1().map(Sha1Hash::toHex)).as("v1 of %s", uri)
                .isEqualTo(Optional.ofNullable(lt.v1));
        softly.assertThat(ours.infoHashes().v2().map(Sha256Hash::toHex)).as("v2 of %s", uri)
                .isEqualTo(Optional.ofNullable(lt.v2));
        softly.assertThat(ours.displayName().orElse("")).as("name of %s", uri).isEqualTo(lt.name);
        softly.assertThat(ours.trackers()).as("trackers of %s", uri)
                .containsExactlyElementsOf(new LinkedHashSet<>(lt.trackers));
        softly.assertThat(ours.webSeeds()).as("web seeds of %s", uri)
                .containsExactlyElementsOf(lt.webSeeds.stream().filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        softly.assertThat(ours.peers().stream().filter(p -> !p.isHostName())
                        .map(p -> literal(p.host()) + " " + p.port()).toList())
                .as("peers of %s", uri)
                .containsExactlyElementsOf(lt.peers.stream().map(p -> literal(p.host) + " " + p.port)
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        softly.assertThat(lt.selectOnly).as("select-only of %s", uri).isEqualTo(!ours.selectOnly().isEmpty());
        if (lt.selectOnly) {
            int files = lt.selected.isEmpty() ? 0 : lt.selected.get(lt.selected.size() - 1) + 1;
            softly.assertThat(IntStream.range(0, files).filter(ours::isFileSelected).boxed().toList())
                    .as("selected files of %s", uri).isEqualTo(lt.selected);
        }
    }

    /** The same address in one text form; only ever called with IP literals, so no lookup. */
    private static String literal(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError("not an IP literal: " + ip, e);
        }
    }

    private static List<LtResult> libtorrent(List<String> uris) {
        List<String> args = uris.stream()
                .map(u -> Hex.encode(u.getBytes(StandardCharsets.UTF_8))).toList();
        String stdout = ExternalTool.runLibtorrentPython(SCRIPT, args, Duration.ofSeconds(60))
                .assertSuccess().stdout();
        List<?> results = (List<?>) new JsonReader(stdout.strip()).read();
        assertThat(results).hasSize(uris.size());
        return results.stream().map(r -> LtResult.of((Map<?, ?>) r)).toList();
    }

    private record LtPeer(String host, int port) {
    }

    /** What libtorrent made of one link. */
    private record LtResult(boolean ok, String error, String v1, String v2, String name,
                            List<String> trackers, List<String> webSeeds, List<LtPeer> peers,
                            boolean selectOnly, List<Integer> selected, String magnet) {
        static LtResult of(Map<?, ?> json) {
            if (!Boolean.TRUE.equals(json.get("ok"))) {
                return new LtResult(false, (String) json.get("error"), null, null, null, List.of(),
                        List.of(), List.of(), false, List.of(), null);
            }
            List<LtPeer> peers = ((List<?>) json.get("peers")).stream()
                    .map(p -> (List<?>) p)
                    .map(p -> new LtPeer((String) p.get(0), ((Number) p.get(1)).intValue()))
                    .toList();
            return new LtResult(true, null, (String) json.get("v1"), (String) json.get("v2"),
                    (String) json.get("name"), strings(json.get("trackers")), strings(json.get("webSeeds")),
                    peers, Boolean.TRUE.equals(json.get("selectOnly")),
                    ((List<?>) json.get("selected")).stream().map(n -> ((Number) n).intValue()).toList(),
                    (String) json.get("magnet"));
        }

        private static List<String> strings(Object list) {
            return ((List<?>) list).stream().map(String.class::cast).toList();
        }
    }

    /** Just enough JSON for Python's {@code json.dumps} output: no dependency for one test. */
    private static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        Object read() {
            Object value = value();
            skipSpace();
            assertThat(i).as("trailing JSON").isEqualTo(s.length());
            return value;
        }

        private Object value() {
            skipSpace();
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            i++;
            skipSpace();
            if (s.charAt(i) == '}') {
                i++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (s.charAt(i++) == '}') {
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            i++;
            skipSpace();
            if (s.charAt(i) == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (s.charAt(i++) == ']') {
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'u':
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default:
                        out.append(e);
                }
            }
        }

        private Number number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }

        private Object literal(String word, Object value) {
            assertThat(s.startsWith(word, i)).as("JSON literal at %d", i).isTrue();
            i += word.length();
            return value;
        }

        private void expect(char c) {
            assertThat(s.charAt(i)).as("JSON at %d", i).isEqualTo(c);
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
