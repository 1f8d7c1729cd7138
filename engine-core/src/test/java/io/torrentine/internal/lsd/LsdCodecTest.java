package io.torrentine.internal.lsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.lsd.LsdMessageException.Reason;
import io.torrentine.metainfo.Sha1Hash;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 14 announce format: what we send, what we accept, and every refusal. */
class LsdCodecTest {
    private static final Sha1Hash H1 = Sha1Hash.fromHex("0123456789abcdef0123456789abcdef01234567");
    private static final Sha1Hash H2 = Sha1Hash.fromHex("fedcba9876543210fedcba9876543210fedcba98");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Sha1Hash> hashes(int n) {
        List<Sha1Hash> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[20];
            b[0] = (byte) i;
            b[1] = (byte) (i >> 8);
            out.add(Sha1Hash.of(b));
        }
        return out;
    }

    @Test
    void weSendTheBep14Layout() {
        List<byte[]> out = LsdCodec.format(LsdCodec.host(LsdSettings.IPV4_GROUP), 6881, List.of(H1, H2), "c0ffee");

        assertThat(out).hasSize(1);
        assertThat(new String(out.get(0), StandardCharsets.US_ASCII)).isEqualTo("BT-SEARCH * HTTP/1.1\r\n"
                + "Host: 239.192.152.143:6771\r\n"
                + "Port: 6881\r\n"
                + "Infohash: 0123456789abcdef0123456789abcdef01234567\r\n"
                + "Infohash: fedcba9876543210fedcba9876543210fedcba98\r\n"
                + "cookie: c0ffee\r\n"
                + "\r\n\r\n");
    }

    @Test
    void theHostHeaderIsTheBepsSpellingForBothGroupsAndRfc2732ForOthers() throws Exception {
        assertThat(LsdCodec.host(LsdSettings.IPV4_GROUP)).isEqualTo("239.192.152.143:6771");
        assertThat(LsdCodec.host(LsdSettings.IPV6_GROUP)).isEqualTo("[ff15::efc0:988f]:6771");
        assertThat(LsdCodec.host(new InetSocketAddress(java.net.InetAddress.getByName("ff15::1"), 7000)))
                .isEqualTo("[ff15:0:0:0:0:0:0:1]:7000");
    }

    @Test
    void manyInfoHashesAreSplitIntoDatagramsOfAtMost1400Bytes() {
        List<Sha1Hash> many = hashes(100);
        List<byte[]> out = LsdCodec.format(LsdCodec.host(LsdSettings.IPV6_GROUP), 65_535, many, "ffffffffffffffff");

        assertThat(out).allSatisfy(d -> assertThat(d.length).isLessThanOrEqualTo(LsdCodec.MAX_ANNOUNCE));
        List<Sha1Hash> back = new ArrayList<>();
        out.forEach(d -> back.addAll(LsdCodec.parse(d).infoHashes()));
        assertThat(back).isEqualTo(many);
        assertThat(LsdCodec.parse(out.get(0)).infoHashes())
                .hasSize(LsdCodec.hashesPerDatagram("[ff15::efc0:988f]:6771", 65_535, "ffffffffffffffff"));
    }

    @Test
    void whatWeSendParsesBack() {
        byte[] d = LsdCodec.format("239.192.152.143:6771", 51413, List.of(H1, H2), "abc123").get(0);
        assertThat(LsdCodec.parse(d)).isEqualTo(new LsdAnnounce(51413, List.of(H1, H2), Optional.of("abc123")));
    }

    @Test
    void formatRefusesWhatCannotBeSent() {
        assertThatThrownBy(() -> LsdCodec.format("h:1", 0, List.of(H1), "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LsdCodec.format("h:1", 1, List.of(), "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LsdCodec.format("h:1", 1, List.of(H1), "a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LsdCodec.format("h:1", 1, List.of(H1), "x\r\nPort: 1"))
                .as("no header injection through the cookie").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsingIsLenientLikeHttp() {
        LsdAnnounce a = LsdCodec.parse(ascii("bt-search * HTTP/1.0\n"
                + "HOST: whatever\n"
                + "X-Unknown: ignored\n"
                + "port:   6881  \n"
                + "INFOHASH: 0123456789ABCDEF0123456789ABCDEF01234567\n"
                + "Infohash: not-a-hash\n"
                + "Infohash: 0123456789abcdef0123456789abcdef01234567\n"
                + "\n"
                + "Port: 99\n"));

        assertThat(a).isEqualTo(new LsdAnnounce(6881, List.of(H1), Optional.empty()));
    }

    @Test
    void anAnnounceWithoutTheTrailingBlankLinesIsTaken() {
        assertThat(LsdCodec.parse(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: " + H2.toHex())).infoHashes())
                .containsExactly(H2);
    }

    @Test
    void aFullDatagramOfInfoHashesIsTakenWholeButALongCookieIsDropped() {
        StringBuilder sb = new StringBuilder("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\ncookie: " + "x".repeat(65) + "\r\n");
        for (Sha1Hash h : hashes(27)) {
            sb.append("Infohash:").append(h.toHex()).append("\n");
        }
        byte[] d = ascii(sb.toString());
        assertThat(d.length).isLessThanOrEqualTo(LsdCodec.MAX_DATAGRAM);
        LsdAnnounce a = LsdCodec.parse(d);
        assertThat(a.infoHashes()).isEqualTo(hashes(27));
        assertThat(a.cookie()).isEmpty();
    }

    @Test
    void everyRefusalHasItsReason() {
        String ok = "Infohash: " + H1.toHex() + "\r\n";
        assertReason(new byte[LsdCodec.MAX_DATAGRAM + 1], Reason.TOO_LARGE);
        assertReason(ascii(""), Reason.NOT_BT_SEARCH);
        assertReason(ascii("M-SEARCH * HTTP/1.1\r\nPort: 1\r\n" + ok), Reason.NOT_BT_SEARCH);
        assertReason(ascii("BT-SEARCH / HTTP/1.1\r\nPort: 1\r\n" + ok), Reason.NOT_BT_SEARCH);
        assertReason(ascii("BT-SEARCH * HTTP/2\r\nPort: 1\r\n" + ok), Reason.NOT_BT_SEARCH);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nno colon\r\n" + ok), Reason.MALFORMED_HEADER);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\n: empty name\r\n" + ok), Reason.MALFORMED_HEADER);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\n" + ok), Reason.INVALID_PORT);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 0\r\n" + ok), Reason.INVALID_PORT);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 65536\r\n" + ok), Reason.INVALID_PORT);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: -1\r\n" + ok), Reason.INVALID_PORT);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 0000000001\r\n" + ok), Reason.INVALID_PORT);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nPort: 2\r\n" + ok), Reason.INVALID_PORT);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\n"), Reason.NO_INFOHASH);
        assertReason(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: " + H1.toHex() + "00\r\n"), Reason.NO_INFOHASH);
    }

    @Test
    void theSamePortTwiceIsFine() {
        assertThat(LsdCodec.parse(ascii("BT-SEARCH * HTTP/1.1\r\nPort: 7\r\nPort: 7\r\nInfohash: " + H1.toHex()))
                .port()).isEqualTo(7);
    }

    private static void assertReason(byte[] datagram, Reason reason) {
        assertThatThrownBy(() -> LsdCodec.parse(datagram)).isInstanceOfSatisfying(LsdMessageException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
