package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTTP (BEP 3, 7, 23, 24, 48) and UDP (BEP 15, 41) codecs, the query encoding and the URL rules. */
class TrackerResponsesTest {
    private static final String URL = "http://tracker.example/announce";

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void compactPeersOfBothFamiliesAndEveryOptionalField() {
        // BEP 23 compact peers (one with port 0, skipped), BEP 7 peers6, BEP 24 external ip.
        String peers = "\u007f\u0000\u0000\u0001\u001a\u00e1" + "\n\u0000\u0000\u0002\u0000\u0000";
        String peers6 = "\u0000".repeat(15) + "\u0001" + "\u001a\u00e2";
        byte[] body = bytes("d8:completei5e10:incompletei7e8:intervali900e12:min intervali60e"
                + "5:peers12:" + peers + "6:peers616:".replace("16", "18") + peers6
                + "10:tracker id3:abc15:warning message4:care11:external ip4:\u00c0\u00a8\u0001\u0002e");
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(body, URL, 100);
        assertThat(r.interval()).isEqualTo(900);
        assertThat(r.minInterval()).hasValue(60);
        assertThat(r.seeds()).hasValue(5);
        assertThat(r.leechers()).hasValue(7);
        assertThat(r.peers()).containsExactly(new PeerAddress("127.0.0.1", 6881), new PeerAddress("::1", 6882));
        assertThat(r.trackerId()).hasValueSatisfying(id -> assertThat(id).isEqualTo(bytes("abc")));
        assertThat(r.warning()).hasValue("care");
        assertThat(r.externalIp()).hasValueSatisfying(ip -> assertThat(ip.getHostAddress()).isEqualTo("192.168.1.2"));
    }

    @Test
    void dictionaryModelPeersKeepHostNamesAndSkipBadEntries() {
        byte[] body = bytes("d8:intervali60e5:peersl"
                + "d2:ip9:127.0.0.27:peer id20:aaaaaaaaaaaaaaaaaaaa4:porti6881ee"
                + "d2:ip11:example.org4:porti80ee"
                + "d2:ip3:::14:porti443ee"
                + "d2:ip9:127.0.0.34:porti0ee"
                + "i5e"
                + "d2:ip5:a b c4:porti1eeee");
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(body, URL, 100);
        assertThat(r.peers()).containsExactly(new PeerAddress("127.0.0.2", 6881),
                new PeerAddress("example.org", 80), new PeerAddress("::1", 443));
    }

    @Test
    void missingIntervalIsLibtorrentsDefaultAndPeersAreCapped() {
        byte[] body = bytes("d5:peers18:" + "\u0001\u0002\u0003\u0004\u0000\u0001".repeat(3) + "e");
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(body, URL, 2);
        assertThat(r.interval()).isEqualTo(HttpTrackerResponses.DEFAULT_INTERVAL);
        assertThat(r.peers()).hasSize(2);
    }

    @Test
    void failureReasonIsTyped() {
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(bytes("d14:failure reason9:not knowne"), URL, 10))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.FAILURE_REASON);
                    assertThat(e.detail()).isEqualTo("not known");
                    assertThat(e.trackerUrl()).isEqualTo(URL);
                });
    }

    @Test
    void garbageAndWrongTypesAreMalformed() {
        for (String body : List.of("<html>oops</html>", "", "le", "d8:interval3:abce", "d5:peersi3ee", "d5:peers")) {
            assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(bytes(body), URL, 10))
                    .as(body).isInstanceOfSatisfying(TrackerException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE));
        }
    }

    @Test
    void scrapeIsKeyedByRawInfoHashes() {
        byte[] hash = new byte[20];
        for (int i = 0; i < 20; i++) {
            hash[i] = (byte) (0xF0 + i % 16); // not valid UTF-8: must stay raw bytes
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("d5:filesd20:"));
        out.writeBytes(hash);
        out.writeBytes(bytes("d8:completei3e10:downloadedi9e10:incompletei4ee3:badd8:completei1eee"
                + "5:flagsd20:min_request_intervali1800eee"));
        ScrapeResponse r = HttpTrackerResponses.parseScrape(out.toByteArray(), URL);
        assertThat(r.files()).containsOnlyKeys(Sha1Hash.of(hash));
        assertThat(r.files().get(Sha1Hash.of(hash))).isEqualTo(new ScrapeResponse.ScrapeCounts(3, 9, 4));
        assertThat(r.minRequestInterval()).hasValue(1800);
        assertThatThrownBy(() -> HttpTrackerResponses.parseScrape(bytes("de"), URL))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE));
    }

    @Test
    void queryEncodesBinaryByteExactly() {
        byte[] hash = new byte[20];
        for (int i = 0; i < 20; i++) {
            hash[i] = (byte) (i * 13 + 0x20);
        }
        byte[] peerId = bytes("-TI0010-ab~.-_ /%+Z!");
        AnnounceRequest r = new AnnounceRequest(hash, peerId, 6881, 1, 2, 3, TrackerEvent.STARTED, 50,
                0xABCDEF01, Optional.of(bytes("t id")));
        String url = HttpQuery.announce("http://t.example/announce?passkey=x#frag", r);
        assertThat(url).startsWith("http://t.example/announce?passkey=x&info_hash=");
        assertThat(url).doesNotContain("#frag");
        assertThat(url).contains("&peer_id=-TI0010-ab~.-_%20%2F%25%2BZ%21")
                .contains("&port=6881&uploaded=1&downloaded=2&left=3&compact=1&no_peer_id=1&event=started")
                .contains("&numwant=50&key=ABCDEF01&trackerid=t%20id");
        String encodedHash = url.substring(url.indexOf("info_hash=") + 10, url.indexOf("&peer_id"));
        assertThat(percentDecode(encodedHash)).isEqualTo(hash);
        assertThat(HttpQuery.announce("http://t.example/announce", r.withEvent(TrackerEvent.NONE)))
                .doesNotContain("event=");
    }

    static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    @Test
    void urlRules() throws Exception {
        assertThat(TrackerUrls.parse("HTTP://t.example/announce").getHost()).isEqualTo("t.example");
        for (String bad : List.of("ftp://t.example/announce", "file:///etc/passwd", "t.example/announce",
                "udp://t.example/announce", "http:///announce", "not a url")) {
            assertThatThrownBy(() -> TrackerUrls.parse(bad)).as(bad).isInstanceOfSatisfying(TrackerException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_SCHEME));
        }
        TrackerSettings on = TrackerSettings.DEFAULTS;
        URI local = TrackerUrls.parse("http://127.0.0.1:8080/admin?x=1");
        assertThatThrownBy(() -> TrackerUrls.checkAddress("u", local, InetAddress.getByName("127.0.0.1"), on))
                .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN_URL));
        // The same path on a public address, /announce on a local one, or the rule off: allowed.
        TrackerUrls.checkAddress("u", local, InetAddress.getByName("93.184.216.34"), on);
        TrackerUrls.checkAddress("u", TrackerUrls.parse("http://10.0.0.1/x/announce?k=1"),
                InetAddress.getByName("10.0.0.1"), on);
        TrackerUrls.checkAddress("u", local, InetAddress.getByName("127.0.0.1"), on.withLocalTrackersNeedAnnouncePath(false));
        for (String a : List.of("10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.1.1", "100.64.0.1", "::1", "fd00::1",
                "fe80::1", "0.0.0.0")) {
            assertThat(TrackerUrls.isLocal(InetAddress.getByName(a))).as(a).isTrue();
        }
        assertThat(TrackerUrls.isLocal(InetAddress.getByName("8.8.8.8"))).isFalse();
        assertThat(TrackerUrls.isLocal(InetAddress.getByName("2001:db8::1"))).isFalse();
    }

    @Test
    void scrapeUrlFollowsBep48() {
        assertThat(TrackerUrls.scrapeUrl("http://t.example/announce")).hasValue("http://t.example/scrape");
        assertThat(TrackerUrls.scrapeUrl("http://t.example/x/announce.php?k=1")).hasValue("http://t.example/x/scrape.php?k=1");
        assertThat(TrackerUrls.scrapeUrl("http://t.example/a")).isEmpty();
        assertThat(TrackerUrls.scrapeUrl("http://t.example/announce/x")).isEmpty();
        assertThat(TrackerUrls.scrapeUrl("http://t.example")).isEmpty();
        assertThat(TrackerUrls.scrapeUrl("udp://t.example:80")).hasValue("udp://t.example:80");
    }

    @Test
    void udpAnnounceRequestLayoutWithUrlData() {
        byte[] hash = new byte[20];
        hash[0] = 1;
        byte[] peerId = new byte[20];
        peerId[19] = 2;
        AnnounceRequest r = new AnnounceRequest(hash, peerId, 6881, 100, 200, 300, TrackerEvent.COMPLETED, -1, 77,
                Optional.empty());
        ByteBuf buf = Unpooled.buffer();
        try {
            byte[] urlData = ("/" + "a".repeat(300)).getBytes(StandardCharsets.US_ASCII);
            UdpTrackerPackets.writeAnnounce(buf, 0x1122334455667788L, 42, r, urlData);
            ByteBuffer b = ByteBuffer.wrap(ByteBufUtil.getBytes(buf));
            assertThat(b.getLong()).isEqualTo(0x1122334455667788L);
            assertThat(b.getInt()).isEqualTo(UdpTrackerPackets.ANNOUNCE);
            assertThat(b.getInt()).isEqualTo(42);
            byte[] h = new byte[20];
            b.get(h);
            assertThat(h).isEqualTo(hash);
            b.get(h);
            assertThat(h).isEqualTo(peerId);
            assertThat(b.getLong()).isEqualTo(200); // downloaded
            assertThat(b.getLong()).isEqualTo(300); // left
            assertThat(b.getLong()).isEqualTo(100); // uploaded
            assertThat(b.getInt()).isEqualTo(1); // completed
            assertThat(b.getInt()).isZero(); // IP
            assertThat(b.getInt()).isEqualTo(77);
            assertThat(b.getInt()).isEqualTo(-1);
            assertThat(b.getShort() & 0xFFFF).isEqualTo(6881);
            // BEP 41: 301 bytes of URL data in options of at most 255 bytes.
            assertThat(b.get()).isEqualTo((byte) 2);
            assertThat(b.get() & 0xFF).isEqualTo(255);
            b.position(b.position() + 255);
            assertThat(b.get()).isEqualTo((byte) 2);
            assertThat(b.get() & 0xFF).isEqualTo(46);
            b.position(b.position() + 46);
            assertThat(b.hasRemaining()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void udpResponses() {
        ByteBuffer v6 = ByteBuffer.allocate(20 + 18 + 5);
        v6.putInt(1).putInt(9).putInt(120).putInt(3).putInt(4);
        v6.put(new byte[15]).put((byte) 1).putShort((short) 6881).put(new byte[5]); // trailing partial entry
        UdpTrackerPackets.Reply reply = UdpTrackerPackets.parse(v6.array(), UdpTrackerPackets.ANNOUNCE, true,
                List.of(), URL, 100);
        assertThat(reply).isInstanceOfSatisfying(UdpTrackerPackets.Announced.class, a -> {
            assertThat(a.transactionId()).isEqualTo(9);
            assertThat(a.response().interval()).isEqualTo(120);
            assertThat(a.response().leechers()).hasValue(3);
            assertThat(a.response().seeds()).hasValue(4);
            assertThat(a.response().peers()).containsExactly(new PeerAddress("::1", 6881));
        });
        byte[] error = ByteBuffer.allocate(8 + 4).putInt(3).putInt(5).put(bytes("nope")).array();
        assertThat(UdpTrackerPackets.parse(error, UdpTrackerPackets.CONNECT, false, List.of(), URL, 10))
                .isEqualTo(new UdpTrackerPackets.Failed(5, "nope"));
        Sha1Hash a = Sha1Hash.of(new byte[20]);
        byte[] scrape = ByteBuffer.allocate(20).putInt(2).putInt(6).putInt(1).putInt(2).putInt(3).array();
        assertThat(UdpTrackerPackets.parse(scrape, UdpTrackerPackets.SCRAPE, false, List.of(a), URL, 10))
                .isInstanceOfSatisfying(UdpTrackerPackets.Scraped.class, s ->
                        assertThat(s.response().files()).containsEntry(a, new ScrapeResponse.ScrapeCounts(1, 2, 3)));
        for (byte[] bad : List.of(new byte[7], ByteBuffer.allocate(12).putInt(0).array(),
                ByteBuffer.allocate(16).putInt(2).array())) {
            assertThatThrownBy(() -> UdpTrackerPackets.parse(bad, UdpTrackerPackets.CONNECT, false, List.of(), URL, 10))
                    .isInstanceOfSatisfying(TrackerException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE));
        }
    }
}
