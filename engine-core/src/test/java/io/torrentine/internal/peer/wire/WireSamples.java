package io.torrentine.internal.peer.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Messages of every kind and helpers to push bytes through the codec, for the wire tests. */
final class WireSamples {
    static final int PIECES = 1313;

    private WireSamples() {
    }

    static Handshake handshake() {
        return new Handshake(
                ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL, ReservedBits.Feature.FAST,
                        ReservedBits.Feature.DHT),
                Sha1Hash.fromHex("aa".repeat(20)), PeerId.generate(new Random(1)));
    }

    /** One of every message; new instances each call since the codec releases the buffer ones. */
    static List<PeerMessage> everyMessage(int blockLength) {
        byte[] bits = new byte[(PIECES + 7) / 8];
        bits[0] = (byte) 0x81;
        bits[bits.length - 1] = (byte) 0x80; // 1313 pieces: only the high bit of the last byte is real
        byte[] block = new byte[blockLength];
        new Random(blockLength).nextBytes(block);
        Sha256Hash root = Sha256Hash.fromHex("5a".repeat(32));
        byte[] hashes = new byte[4 * 32];
        new Random(7).nextBytes(hashes);
        return List.of(
                PeerMessage.KeepAlive.INSTANCE,
                PeerMessage.Choke.INSTANCE,
                PeerMessage.Unchoke.INSTANCE,
                PeerMessage.Interested.INSTANCE,
                PeerMessage.NotInterested.INSTANCE,
                new PeerMessage.Have(1312),
                new PeerMessage.Bitfield(bits),
                new PeerMessage.Request(7, 16384, 16384),
                new PeerMessage.Piece(7, 16384, Unpooled.wrappedBuffer(block)),
                new PeerMessage.Cancel(7, 16384, 16384),
                new PeerMessage.Port(6881),
                new PeerMessage.SuggestPiece(3),
                PeerMessage.HaveAll.INSTANCE,
                PeerMessage.HaveNone.INSTANCE,
                new PeerMessage.RejectRequest(0, 0, 1),
                new PeerMessage.AllowedFast(1059),
                new PeerMessage.Extended(0, Unpooled.copiedBuffer(new byte[] {'d', 'e'})),
                new PeerMessage.Extended(3, Unpooled.EMPTY_BUFFER),
                new PeerMessage.HashRequest(root, 0, 512, 512, 3),
                new PeerMessage.Hashes(root, 0, 4, 4, 0, hashes),
                new PeerMessage.HashReject(root, 1, 0, 2, 0));
    }

    /** Encodes with a fresh encoder channel; the messages are released by the encoder. */
    static byte[] encode(List<?> messages) {
        EmbeddedChannel out = new EmbeddedChannel(PeerWireEncoder.INSTANCE);
        ByteBuf all = Unpooled.buffer();
        try {
            for (Object m : messages) {
                out.writeOutbound(m);
                ByteBuf b = out.readOutbound();
                all.writeBytes(b);
                b.release();
            }
            byte[] bytes = new byte[all.readableBytes()];
            all.readBytes(bytes);
            return bytes;
        } finally {
            all.release();
            out.finishAndReleaseAll();
        }
    }

    static List<Object> drain(EmbeddedChannel channel) {
        List<Object> read = new ArrayList<>();
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            read.add(m);
        }
        return read;
    }

    static void releaseAll(List<?> messages) {
        for (Object m : messages) {
            ReferenceCountUtil.release(m);
        }
    }
}
