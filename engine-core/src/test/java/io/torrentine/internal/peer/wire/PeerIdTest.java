package io.torrentine.internal.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BEP 20 peer ids and BEP 3/5/6/10/52 reserved bits. */
class PeerIdTest {

    @Test
    void ourIdHasTheAzureusStylePrefixAndRandomTail() {
        PeerId a = PeerId.generate(new Random(1));
        PeerId b = PeerId.generate(new Random(2));
        byte[] bytes = a.toByteArray();
        assertThat(bytes).hasSize(20);
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("-TI0010-");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.client()).contains("Torrentine 0.0.1.0");
    }

    @Test
    void namesRemoteClients() {
        assertThat(id("-TR4060-").client()).contains("Transmission 4.0.6.0");
        assertThat(id("-LT20A0-").client()).contains("libtorrent 2.0.10.0");
        assertThat(id("-XY1234-").client()).contains("XY 1.2.3.4");
        assertThat(id("M7-4-3--").client()).isEmpty();
    }

    @Test
    void reservedBitsSitWhereTheBepsSay() {
        assertThat(bytes(ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL))).containsExactly(0, 0, 0, 0, 0, 0x10, 0, 0);
        assertThat(bytes(ReservedBits.of(ReservedBits.Feature.FAST))).containsExactly(0, 0, 0, 0, 0, 0, 0, 0x04);
        assertThat(bytes(ReservedBits.of(ReservedBits.Feature.DHT))).containsExactly(0, 0, 0, 0, 0, 0, 0, 0x01);
        assertThat(bytes(ReservedBits.of(ReservedBits.Feature.V2_UPGRADE))).containsExactly(0, 0, 0, 0, 0, 0, 0, 0x10);
        ReservedBits ours = ReservedBits.of(ReservedBits.Feature.FAST, ReservedBits.Feature.EXTENSION_PROTOCOL);
        assertThat(ours.common(ReservedBits.NONE.with(ReservedBits.Feature.FAST)))
                .containsExactly(ReservedBits.Feature.FAST);
    }

    private static byte[] bytes(ReservedBits bits) {
        return java.nio.ByteBuffer.allocate(8).putLong(bits.bits()).array();
    }

    private static PeerId id(String prefix) {
        byte[] b = Arrays.copyOf(prefix.getBytes(StandardCharsets.US_ASCII), 20);
        return PeerId.of(b);
    }
}
