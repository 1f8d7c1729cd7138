package io.torrentine.internal.peerlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** BEP 40 canonical peer priority: the BEP's test vectors and each masking rule. */
class CanonicalPeerPriorityTest {

    @Test
    void matchesTheBep40TestVectors() {
        assertThat(CanonicalPeerPriority.of(ep("123.213.32.10", 6881), ep("98.76.54.32", 51413)))
                .isEqualTo(0xec2d7224L);
        assertThat(CanonicalPeerPriority.of(ep("123.213.32.10", 6881), ep("123.213.32.234", 51413)))
                .isEqualTo(0x99568189L);
    }

    @Test
    void bothEndsComputeTheSameValue() {
        assertThat(CanonicalPeerPriority.of(ep("98.76.54.32", 1), ep("123.213.32.10", 2))).isEqualTo(0xec2d7224L);
        assertThat(CanonicalPeerPriority.of(ep("2001:db8::1", 1), ep("2a00:1450::2", 2)))
                .isEqualTo(CanonicalPeerPriority.of(ep("2a00:1450::2", 2), ep("2001:db8::1", 1)));
    }

    @Test
    void differentSlash16MasksTheLastTwoBytesWith55() {
        // 230.120.23.1 -> e6 78 15 01, 230.12.123.3 -> e6 0c 51 01; sorted, the second comes first.
        // (libtorrent's test_peer_priority.cpp expects the same bytes.)
        assertThat(CanonicalPeerPriority.of(ep("230.120.23.1", 1234), ep("230.12.123.3", 300)))
                .isEqualTo(crc("e60c5101e6781501"));
    }

    @Test
    void sameSlash16KeepsTheThirdByte() {
        assertThat(CanonicalPeerPriority.of(ep("230.12.23.1", 1234), ep("230.12.123.3", 300)))
                .isEqualTo(crc("e60c1701e60c7b01"));
    }

    @Test
    void sameSlash24KeepsTheWholeAddress() {
        assertThat(CanonicalPeerPriority.of(ep("230.12.123.1", 1234), ep("230.12.123.3", 300)))
                .isEqualTo(crc("e60c7b01e60c7b03"));
    }

    @Test
    void equalAddressesHashTheSortedPorts() {
        // ports 0x04d2 and 0x012c, big-endian, smaller first
        assertThat(CanonicalPeerPriority.of(ep("230.12.123.3", 0x4d2), ep("230.12.123.3", 0x12c)))
                .isEqualTo(crc("012c04d2"));
        assertThat(CanonicalPeerPriority.of(ep("::1", 0x12c), ep("::1", 0x4d2))).isEqualTo(crc("012c04d2"));
    }

    @Test
    void ipv6StartsWithSixKeptBytes() {
        // No common prefix: FFFF:FFFF:FFFF:5555:5555:5555:5555:5555.
        String a = "2001:0db8:aaaa:ffff:ffff:ffff:ffff:ffff";
        String b = "2a00:1450:bbbb:0001:0203:0405:0607:0809";
        assertThat(CanonicalPeerPriority.of(ep(a, 1), ep(b, 2))).isEqualTo(crc(
                "20010db8aaaa" + "55555555555555555555"
                + "2a001450bbbb" + "00010001040504050001"));
    }

    @Test
    void ipv6SameSlash48KeepsSevenBytesAndSameSlash56Eight() {
        String a = "2001:0db8:aaaa:11ff:ffff:ffff:ffff:ffff";
        String b = "2001:0db8:aaaa:22ff:ffff:ffff:ffff:ffff";
        assertThat(CanonicalPeerPriority.of(ep(a, 1), ep(b, 2))).isEqualTo(crc(
                "20010db8aaaa11" + "555555555555555555"
                + "20010db8aaaa22" + "555555555555555555"));
        String c = "2001:0db8:aaaa:1111:ffff:ffff:ffff:ffff";
        String d = "2001:0db8:aaaa:1122:ffff:ffff:ffff:ffff";
        assertThat(CanonicalPeerPriority.of(ep(c, 1), ep(d, 2))).isEqualTo(crc(
                "20010db8aaaa1111" + "5555555555555555"
                + "20010db8aaaa1122" + "5555555555555555"));
    }

    @Test
    void mixedFamiliesHaveTheLowestPriority() {
        assertThat(CanonicalPeerPriority.of(ep("1.2.3.4", 1), ep("2001:db8::1", 2))).isZero();
    }

    private static InetSocketAddress ep(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private static long crc(String hex) {
        CRC32C crc = new CRC32C();
        crc.update(HexFormat.of().parseHex(hex));
        return crc.getValue();
    }
}
