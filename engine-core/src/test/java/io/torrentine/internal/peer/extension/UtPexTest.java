package io.torrentine.internal.peer.extension;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.peer.extension.ExtensionProtocolException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BEP 11 ut_pex payloads. */
class UtPexTest {
    private static final ExtensionLimits LIMITS = ExtensionLimits.DEFAULT;

    private static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static PexMessage decode(String latin1) {
        return UtPexCodec.decode(latin1.getBytes(ISO_8859_1), LIMITS);
    }

    /** 127.0.0.1:6881 and 127.0.0.2:80 in the compact format. */
    private static final String TWO_V4 = "12:\u007f\u0000\u0000\u0001\u001a\u00e1\u007f\u0000\u0000\u0002\u0000P";

    @Test
    void decodesIpv4PeersWithFlags() {
        PexMessage m = decode("d5:added" + TWO_V4 + "7:added.f2:\u0012\u00037:dropped6:\u007f\u0000\u0000\u0003\u0000\u0001e");
        assertThat(m.added()).containsExactly(new PexPeer(addr("127.0.0.1", 6881), 0x12),
                new PexPeer(addr("127.0.0.2", 80), 0x03));
        PexPeer first = m.added().get(0);
        assertThat(first.has(PexPeer.SEED)).isTrue();
        assertThat(first.has(PexPeer.OUTGOING)).isTrue();
        assertThat(first.has(PexPeer.ENCRYPTION)).isFalse();
        assertThat(m.added().get(1).has(PexPeer.ENCRYPTION)).isTrue();
        assertThat(m.dropped()).containsExactly(addr("127.0.0.3", 1));
    }

    @Test
    void decodesIpv6Peers() {
        String v6 = "\u0000".repeat(15) + "\u0001" + "\u0004\u00d2";
        PexMessage m = decode("d6:added618:" + v6 + "8:added6.f1:\u001c8:dropped618:" + v6 + "e");
        assertThat(m.added()).containsExactly(new PexPeer(addr("::1", 1234),
                PexPeer.UTP | PexPeer.HOLEPUNCH | PexPeer.OUTGOING));
        assertThat(m.dropped()).containsExactly(addr("::1", 1234));
    }

    /** libtorrent's leniency: what cannot be matched is dropped, the rest kept. */
    @Test
    void toleratesWhatLibtorrentTolerates() {
        assertThat(decode("d5:added" + TWO_V4 + "e").added()).as("no flags: flags 0")
                .containsExactly(new PexPeer(addr("127.0.0.1", 6881), 0), new PexPeer(addr("127.0.0.2", 80), 0));
        assertThat(decode("d5:added" + TWO_V4 + "7:added.f1:\u0001e").added()).as("flags of the wrong length").isEmpty();
        assertThat(decode("d7:dropped7:\u007f\u0000\u0000\u0003\u0000\u0001\u0009e").dropped())
                .as("trailing partial entry").containsExactly(addr("127.0.0.3", 1));
        assertThat(decode("d5:addedi1e7:droppedlee")).as("wrong types ignored")
                .isEqualTo(new PexMessage(List.of(), List.of()));
        assertThat(decode("de")).isEqualTo(new PexMessage(List.of(), List.of()));
    }

    @Test
    void truncatesEachListToTheLimit() {
        StringBuilder compact = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            compact.append("\u007f\u0000\u0000").append((char) (i + 1)).append("\u0000\u0001");
        }
        String v4 = compact.length() + ":" + compact;
        PexMessage m = decode("d5:added" + v4 + "7:dropped" + v4 + "8:dropped618:" + "\u0000".repeat(15) + "\u0001\u0000\u0001e");
        assertThat(m.added()).hasSize(100);
        assertThat(m.dropped()).hasSize(100).doesNotContain(addr("::1", 1));
        ExtensionLimits fifty = new ExtensionLimits(LIMITS.maxHandshakeSize(), LIMITS.maxMetadataSize(), LIMITS.maxPexSize(), 50);
        assertThat(UtPexCodec.decode(("d5:added" + v4 + "e").getBytes(ISO_8859_1), fifty).added()).hasSize(50);
    }

    @Test
    void rejectsWhatLibtorrentRejects() {
        for (String bad : new String[] {"d5:added", "", "le", "i5e"}) {
            assertThatThrownBy(() -> decode(bad)).isInstanceOf(ExtensionProtocolException.class);
        }
        assertThatThrownBy(() -> decode("le")).isInstanceOfSatisfying(ExtensionProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_DICTIONARY));
        ByteBuf big = Unpooled.buffer(LIMITS.maxPexSize() + 1).writeZero(LIMITS.maxPexSize() + 1);
        try {
            assertThatThrownBy(() -> UtPexCodec.decode(big, LIMITS)).isInstanceOfSatisfying(ExtensionProtocolException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE));
        } finally {
            big.release();
        }
    }

    @Test
    void encodesCanonicallyAndRoundTrips() {
        PexMessage m = new PexMessage(
                List.of(new PexPeer(addr("127.0.0.1", 6881), 0x12), new PexPeer(addr("::1", 1234), 0x04)),
                List.of(addr("127.0.0.3", 1)));
        byte[] encoded = UtPexCodec.encode(m, false);
        assertThat(new String(encoded, ISO_8859_1)).isEqualTo("d5:added6:\u007f\u0000\u0000\u0001\u001a\u00e1"
                + "7:added.f1:\u00126:added618:" + "\u0000".repeat(15) + "\u0001\u0004\u00d2" + "8:added6.f1:\u0004"
                + "7:dropped6:\u007f\u0000\u0000\u0003\u0000\u00018:dropped60:e");
        ByteBuf buf = Unpooled.wrappedBuffer(encoded);
        try {
            assertThat(UtPexCodec.decode(buf, LIMITS)).isEqualTo(m);
        } finally {
            buf.release();
        }
    }

    /** BEP 11: at most 50 added and 50 dropped, except in the first message (libtorrent: 100). */
    @Test
    void encodingRefusesTooManyPeers() {
        List<PexPeer> added = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            added.add(new PexPeer(addr("127.0.0." + (i + 1), 1), 0));
        }
        PexMessage m = new PexMessage(added, List.of());
        assertThatThrownBy(() -> UtPexCodec.encode(m, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(UtPexCodec.decode(UtPexCodec.encode(m, true), LIMITS)).isEqualTo(m);
        assertThatThrownBy(() -> new PexPeer(InetSocketAddress.createUnresolved("x", 1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PexPeer(addr("127.0.0.1", 1), 256)).isInstanceOf(IllegalArgumentException.class);
    }
}
