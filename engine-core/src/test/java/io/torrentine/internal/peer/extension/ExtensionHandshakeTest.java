package io.torrentine.internal.peer.extension;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.peer.extension.ExtensionProtocolException.Reason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ExtensionHandshakeTest {
    private static final ExtensionLimits LIMITS = ExtensionLimits.DEFAULT;

    private static ExtensionHandshake decode(String latin1) {
        return ExtensionHandshakeCodec.decode(latin1.getBytes(ISO_8859_1), LIMITS);
    }

    private static void rejects(String latin1, Reason reason) {
        assertThatThrownBy(() -> decode(latin1))
                .isInstanceOfSatisfying(ExtensionProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** The encoded example of BEP 10 (its µ is UTF-8 in {@code v}, a raw 0xb5 byte in the key). */
    @Test
    void decodesTheBep10Example() {
        byte[] payload = "d1:md11:LT_metadatai1e6:\u00b5T_PEXi2ee1:pi6881e1:v13:\u00c2\u00b5Torrent 1.2e"
                .getBytes(ISO_8859_1);
        ExtensionHandshake h = ExtensionHandshakeCodec.decode(payload, LIMITS);
        assertThat(h.messages()).containsEntry("LT_metadata", 1).hasSize(2);
        assertThat(h.listenPort()).hasValue(6881);
        assertThat(h.client()).hasValue("\u00b5Torrent 1.2");
        assertThat(h.idOf("LT_metadata")).hasValue(1);
        assertThat(h.idOf(ExtensionHandshake.UT_METADATA)).isEmpty();
    }

    /** BEP 9's example: {@code {'m': {'ut_metadata', 3}, 'metadata_size': 31235}}. */
    @Test
    void decodesTheBep9Example() {
        ExtensionHandshake h = decode("d1:md11:ut_metadatai3ee13:metadata_sizei31235ee");
        assertThat(h.idOf("ut_metadata")).hasValue(3);
        assertThat(h.metadataSize()).hasValue(31235);
    }

    /** BEP 21's example: {@code {'m': {'ut_metadata', 3}, 'upload_only': 1}}. */
    @Test
    void decodesTheBep21Example() {
        assertThat(decode("d1:md11:ut_metadatai3ee11:upload_onlyi1ee").uploadOnly()).isTrue();
        assertThat(decode("d11:upload_onlyi0ee").uploadOnly()).isFalse();
        assertThat(decode("de").uploadOnly()).isFalse();
    }

    @Test
    void decodesEveryField() throws Exception {
        ExtensionHandshake h = decode("d12:complete_agoi7e4:ipv44:\u007f\u0000\u0000\u0001"
                + "4:ipv616:\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001"
                + "1:md6:ut_pexi2e11:lt_donthavei0ee13:metadata_sizei5e1:pi1e4:reqqi250e11:upload_onlyi1e"
                + "1:v4:Test6:yourip4:\u007f\u0000\u0000\u0002e");
        assertThat(h.completeAgo()).hasValue(7);
        assertThat(h.ipv4()).hasValue((Inet4Address) InetAddress.getByName("127.0.0.1"));
        assertThat(h.ipv6()).hasValue((Inet6Address) InetAddress.getByName("::1"));
        assertThat(h.idOf("ut_pex")).hasValue(2);
        assertThat(h.messages()).containsEntry("lt_donthave", 0);
        assertThat(h.idOf("lt_donthave")).as("0 disables (BEP 10)").isEmpty();
        assertThat(h.metadataSize()).hasValue(5);
        assertThat(h.listenPort()).hasValue(1);
        assertThat(h.requestQueue()).hasValue(250);
        assertThat(h.uploadOnly()).isTrue();
        assertThat(h.client()).hasValue("Test");
        assertThat(h.yourIp()).hasValue(InetAddress.getByName("127.0.0.2"));
    }

    @Test
    void ignoresUnknownKeysAndUnsortedKeys() {
        ExtensionHandshake h = decode("d1:pi2e1:eli1ee1:md6:ut_pexi1eee");
        assertThat(h.listenPort()).hasValue(2);
        assertThat(h.idOf("ut_pex")).hasValue(1);
    }

    /** Malformed values of the keys that do not matter for safety are ignored, as libtorrent does. */
    @Test
    void ignoresMalformedValuesOfMinorKeys() {
        ExtensionHandshake h = decode("d12:complete_agoi-1e4:ipv43:abc4:ipv64:abcd"
                + "1:md1:ai256e1:bi-1e1:c1:x1:di255ee13:metadata_sizei0e1:pi65536e4:reqqi0e"
                + "11:upload_only1:x1:vi1e6:yourip5:abcdee");
        assertThat(h.completeAgo()).isEmpty();
        assertThat(h.ipv4()).isEmpty();
        assertThat(h.ipv6()).isEmpty();
        assertThat(h.messages()).containsOnly(Map.entry("d", 255));
        assertThat(h.metadataSize()).isEmpty();
        assertThat(h.listenPort()).isEmpty();
        assertThat(h.requestQueue()).isEmpty();
        assertThat(h.uploadOnly()).isFalse();
        assertThat(h.client()).isEmpty();
        assertThat(h.yourIp()).isEmpty();
        assertThat(decode("d1:pi0ee").listenPort()).isEmpty();
        assertThat(decode("d1:pi-5ee").listenPort()).isEmpty();
        assertThat(decode("d4:reqqi99999999999ee").requestQueue()).hasValue(Integer.MAX_VALUE);
    }

    @Test
    void yourIpMayBeIpv6AndIpv4MappedStaysIpv6() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        ExtensionHandshake h = decode("d6:yourip16:" + new String(mapped, ISO_8859_1) + "e");
        assertThat(h.yourIp().orElseThrow().getAddress()).isEqualTo(mapped);
        assertThat(ExtensionHandshakeCodec.encode(h)).isEqualTo(("d1:mde6:yourip16:" + new String(mapped, ISO_8859_1) + "e")
                .getBytes(ISO_8859_1));
    }

    @Test
    void rejectsMalformedHandshakes() {
        rejects("d1:md", Reason.MALFORMED_BENCODE);
        rejects("", Reason.MALFORMED_BENCODE);
        rejects("i1e", Reason.NOT_A_DICTIONARY);
        rejects("le", Reason.NOT_A_DICTIONARY);
        rejects("d1:mi1ee", Reason.INVALID_FIELD);
        rejects("d1:mlee", Reason.INVALID_FIELD);
    }

    /** BEP 9: a peer that claims metadata larger than we accept would make us allocate it. */
    @Test
    void rejectsAnOversizedMetadataSize() {
        rejects("d13:metadata_sizei31457281ee", Reason.METADATA_TOO_LARGE);
        assertThat(decode("d13:metadata_sizei31457280ee").metadataSize()).hasValue(31457280);
        ExtensionLimits small = LIMITS.withMaxMetadataSize(100);
        assertThatThrownBy(() -> ExtensionHandshakeCodec.decode("d13:metadata_sizei101ee".getBytes(UTF_8), small))
                .isInstanceOfSatisfying(ExtensionProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.METADATA_TOO_LARGE));
    }

    @Test
    void rejectsAnOversizedPayloadBeforeDecoding() {
        byte[] big = new byte[LIMITS.maxHandshakeSize() + 1];
        assertThatThrownBy(() -> ExtensionHandshakeCodec.decode(big, LIMITS))
                .isInstanceOfSatisfying(ExtensionProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE));
        ByteBuf buf = Unpooled.wrappedBuffer(big);
        try {
            assertThatThrownBy(() -> ExtensionHandshakeCodec.decode(buf, LIMITS))
                    .isInstanceOfSatisfying(ExtensionProtocolException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE));
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsDeepNesting() {
        rejects("d1:x" + "l".repeat(40) + "e".repeat(40) + "e", Reason.MALFORMED_BENCODE);
    }

    @Test
    void encodesCanonicallyAndRoundTrips() throws Exception {
        ExtensionHandshake h = new ExtensionHandshake(Map.of("ut_pex", 2, "ut_metadata", 1, "lt_donthave", 0),
                Optional.of("Torrentine 0.1"), OptionalInt.of(6881), Optional.of(InetAddress.getByName("127.0.0.1")),
                Optional.of((Inet4Address) InetAddress.getByName("127.0.0.3")),
                Optional.of((Inet6Address) InetAddress.getByName("::2")), OptionalInt.of(500),
                OptionalLong.of(20000), true, OptionalLong.of(0));
        byte[] encoded = ExtensionHandshakeCodec.encode(h);
        assertThat(new String(encoded, ISO_8859_1)).startsWith("d12:complete_agoi0e4:ipv44:")
                .contains("1:md11:lt_donthavei0e11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei20000e1:pi6881e4:reqqi500e"
                        + "11:upload_onlyi1e1:v14:Torrentine 0.16:yourip4:");
        assertThat(ExtensionHandshakeCodec.decode(encoded, LIMITS)).isEqualTo(h);
        ByteBuf buf = Unpooled.wrappedBuffer(encoded);
        try {
            assertThat(ExtensionHandshakeCodec.decode(buf, LIMITS)).isEqualTo(h);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
        assertThat(new String(ExtensionHandshakeCodec.encode(ExtensionHandshake.of(Map.of())), ISO_8859_1))
                .isEqualTo("d1:mdee");
    }

    @Test
    void recordRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> ExtensionHandshake.of(Map.of("x", 256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtensionHandshake.of(Map.of("x", -1))).isInstanceOf(IllegalArgumentException.class);
    }
}
