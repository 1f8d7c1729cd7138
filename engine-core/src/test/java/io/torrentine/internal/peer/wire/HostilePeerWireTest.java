package io.torrentine.internal.peer.wire;

import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.BAD_BLOCK;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.BAD_HANDSHAKE;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.BAD_HASH_REQUEST;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.BAD_MESSAGE_LENGTH;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.BITFIELD_SPARE_BITS;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.BITFIELD_WRONG_SIZE;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.FRAME_TOO_LONG;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.INDEX_OUT_OF_RANGE;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.PIECE_TOO_LONG;
import static io.torrentine.internal.peer.wire.PeerProtocolException.Reason.UNKNOWN_MESSAGE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.torrentine.internal.peer.wire.PeerProtocolException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each hostile input closes the connection with its typed reason and leaks nothing
 * (GUIDE.md "Limits that protect the engine"). Oversized frames are fed as their header only:
 * they must be refused before the body arrives.
 */
class HostilePeerWireTest {

    static Stream<Arguments> hostileInputs() {
        return Stream.of(
                Arguments.of("frame over 1 MiB, header only", frame(0x100001), FRAME_TOO_LONG),
                Arguments.of("frame of 4 GiB - 1, header only", bytes(-1, -1, -1, -1), FRAME_TOO_LONG),
                Arguments.of("piece one byte over a block, header only", header(9 + 16385, 7), PIECE_TOO_LONG),
                Arguments.of("piece with an empty block", frame(9, 7, 0, 0, 0, 0, 0, 0, 0, 0), PIECE_TOO_LONG),
                Arguments.of("bitfield one byte short, header only", header(1 + 164, 5), BITFIELD_WRONG_SIZE),
                Arguments.of("bitfield one byte long, header only", header(1 + 166, 5), BITFIELD_WRONG_SIZE),
                Arguments.of("bitfield with a spare bit set", bitfieldWithLastByte(0x01), BITFIELD_SPARE_BITS),
                Arguments.of("have of the piece count", frame(5, 4, 0, 0, 5, 0x21), INDEX_OUT_OF_RANGE),
                Arguments.of("have of 2^32 - 1", frame(5, 4, -1, -1, -1, -1), INDEX_OUT_OF_RANGE),
                Arguments.of("suggest out of range", frame(5, 0x0d, 0, 0, 5, 0x21), INDEX_OUT_OF_RANGE),
                Arguments.of("allowed fast out of range", frame(5, 0x11, 0, 0, 5, 0x21), INDEX_OUT_OF_RANGE),
                Arguments.of("request out of range", block(6, 0x521, 0, 16384), INDEX_OUT_OF_RANGE),
                Arguments.of("request of length 0", block(6, 0, 0, 0), BAD_BLOCK),
                Arguments.of("request over a block", block(6, 0, 0, 16385), BAD_BLOCK),
                Arguments.of("request at a negative offset", block(6, 0, -16384, 16384), BAD_BLOCK),
                Arguments.of("cancel over a block", block(8, 0, 0, 1 << 20), BAD_BLOCK),
                Arguments.of("reject of length 0", block(0x10, 0, 0, 0), BAD_BLOCK),
                Arguments.of("piece out of range", frame(10, 7, 0, 0, 5, 0x21, 0, 0, 0, 0, 1), INDEX_OUT_OF_RANGE),
                Arguments.of("choke with a payload", frame(2, 0, 0), BAD_MESSAGE_LENGTH),
                Arguments.of("have of 3 bytes", frame(4, 4, 0, 0, 0), BAD_MESSAGE_LENGTH),
                Arguments.of("request of 16 bytes, header only", header(17, 6), BAD_MESSAGE_LENGTH),
                Arguments.of("port of 1 byte", frame(2, 9, 1), BAD_MESSAGE_LENGTH),
                Arguments.of("extended without its id", frame(1, 20), BAD_MESSAGE_LENGTH),
                Arguments.of("hashes without a hash, header only", header(49, 22), BAD_MESSAGE_LENGTH),
                Arguments.of("hash request of length 3", hashRequest(3), BAD_HASH_REQUEST),
                Arguments.of("unknown id 10", frame(1, 10), UNKNOWN_MESSAGE_ID),
                Arguments.of("unknown id 255, header only", header(1000, 255), UNKNOWN_MESSAGE_ID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void closesWithTheReason(String name, byte[] input, Reason reason) {
        EmbeddedChannel channel = new EmbeddedChannel(new PeerWireDecoder(WireLimits.DEFAULT, WireSamples.PIECES, false));
        // A good message first: what decoded before the violation is still delivered.
        channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer().writeBytes(frame(1, 2)));
        assertThat((Object) channel.readInbound()).isEqualTo(PeerMessage.Interested.INSTANCE);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(input.length).writeBytes(input);
        assertThatThrownBy(() -> channel.writeInbound(buf))
                .isInstanceOfSatisfying(PeerProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(buf.refCnt()).isZero();
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void dropsWhatFollowsAViolation() {
        EmbeddedChannel channel = new EmbeddedChannel(new PeerWireDecoder(WireLimits.DEFAULT, WireSamples.PIECES, false));
        byte[] bad = frame(5, 4, 0, 0, 5, 0x21);
        byte[] good = frame(5, 4, 0, 0, 0, 1);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(good).writeBytes(bad).writeBytes(good);
        assertThatThrownBy(() -> channel.writeInbound(buf))
                .isInstanceOfSatisfying(PeerProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(INDEX_OUT_OF_RANGE));
        assertThat(buf.refCnt()).isZero();
        assertThat((Object) channel.readInbound()).isEqualTo(new PeerMessage.Have(1));
        assertThat((Object) channel.readInbound()).as("nothing after the violation").isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHandshakes")
    void refusesANonBitTorrentHandshake(String name, byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new PeerWireDecoder(WireLimits.DEFAULT, WireSamples.PIECES, true));
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(input);
        assertThatThrownBy(() -> channel.writeInbound(buf))
                .isInstanceOfSatisfying(PeerProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(BAD_HANDSHAKE));
        assertThat(buf.refCnt()).isZero();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    static Stream<Arguments> badHandshakes() {
        return Stream.of(
                Arguments.of("HTTP", "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("protocol length 20, one byte", new byte[] {20}),
                Arguments.of("wrong case", ("\u0013BitTorrent Protocol").getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** A length prefix then the given bytes (which may be fewer than the length says). */
    private static byte[] frame(int length, int... rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        for (int b : rest) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] header(int length, int id) {
        return frame(length, id);
    }

    private static byte[] block(int id, int index, int begin, int length) {
        return frame(13, id, index >>> 24, index >>> 16, index >>> 8, index, begin >>> 24, begin >>> 16,
                begin >>> 8, begin, length >>> 24, length >>> 16, length >>> 8, length);
    }

    private static byte[] bitfieldWithLastByte(int last) {
        byte[] message = new byte[5 + 165];
        System.arraycopy(frame(166, 5), 0, message, 0, 5);
        message[message.length - 1] = (byte) last;
        return message;
    }

    private static byte[] hashRequest(int length) {
        byte[] message = new byte[4 + 49];
        System.arraycopy(frame(49, 21), 0, message, 0, 5);
        message[message.length - 5] = (byte) length;
        return message;
    }
}
