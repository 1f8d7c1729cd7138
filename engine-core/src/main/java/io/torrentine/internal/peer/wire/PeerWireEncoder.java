package io.torrentine.internal.peer.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.torrentine.internal.peer.wire.PeerMessage.Id;
import java.util.List;

/**
 * Encodes {@link Handshake}s and {@link PeerMessage}s (BEP 3, 5, 6, 10, 52).
 *
 * <p>A {@code piece} goes out as a composite of a 13-byte header and the block itself, so the
 * block is never copied; an extended message likewise. The encoder releases every message it is
 * given (Netty's {@link MessageToMessageEncoder} contract); the composite holds its own reference
 * to the block until it is written. Stateless, so one instance may serve every channel.
 */
@ChannelHandler.Sharable
public final class PeerWireEncoder extends MessageToMessageEncoder<Object> {
    /** The shared instance. */
    public static final PeerWireEncoder INSTANCE = new PeerWireEncoder();

    private PeerWireEncoder() {
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof PeerMessage || msg instanceof Handshake;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        out.add(encode(ctx.alloc(), msg));
    }

    /**
     * Encodes one message into a new buffer (or a composite sharing a {@code piece}'s block).
     * The message keeps its own reference: the caller still releases it.
     *
     * @param alloc where header buffers come from
     * @param msg a {@link Handshake} or a {@link PeerMessage}
     * @return the bytes on the wire, owned by the caller
     */
    public static ByteBuf encode(ByteBufAllocator alloc, Object msg) {
        if (msg instanceof Handshake h) {
            return alloc.buffer(Handshake.LENGTH)
                    .writeByte(Handshake.PROTOCOL_BYTES.length)
                    .writeBytes(Handshake.PROTOCOL_BYTES)
                    .writeLong(h.reserved().bits())
                    .writeBytes(h.infoHash().toByteArray())
                    .writeBytes(h.peerId().toByteArray());
        }
        if (msg instanceof PeerMessage.Piece p) {
            ByteBuf header = alloc.buffer(13)
                    .writeInt(9 + p.block().readableBytes()).writeByte(Id.PIECE)
                    .writeInt(p.index()).writeInt(p.begin());
            return withPayload(alloc, header, p.block());
        }
        if (msg instanceof PeerMessage.Extended e) {
            ByteBuf header = alloc.buffer(6)
                    .writeInt(2 + e.payload().readableBytes()).writeByte(Id.EXTENDED)
                    .writeByte(e.extendedId());
            return withPayload(alloc, header, e.payload());
        }
        return encodeFixed(alloc, (PeerMessage) msg);
    }

    /**
     * Encodes several {@code request} messages (BEP 3) into one buffer, 17 bytes each.
     *
     * @param alloc where the buffer comes from
     * @param requests the requests, at least one
     * @return the bytes on the wire, owned by the caller
     */
    public static ByteBuf encodeRequests(ByteBufAllocator alloc, List<PeerMessage.Request> requests) {
        ByteBuf out = alloc.buffer(17 * requests.size());
        for (PeerMessage.Request r : requests) {
            out.writeInt(13).writeByte(Id.REQUEST).writeInt(r.index()).writeInt(r.begin()).writeInt(r.length());
        }
        return out;
    }

    private static ByteBuf withPayload(ByteBufAllocator alloc, ByteBuf header, ByteBuf payload) {
        CompositeByteBuf composite = alloc.compositeBuffer(2);
        composite.addComponent(true, header);
        composite.addComponent(true, payload.retainedDuplicate());
        return composite;
    }

    private static ByteBuf encodeFixed(ByteBufAllocator alloc, PeerMessage msg) {
        if (msg instanceof PeerMessage.KeepAlive) {
            return alloc.buffer(4).writeInt(0);
        }
        if (msg instanceof PeerMessage.Choke) {
            return bare(alloc, Id.CHOKE);
        }
        if (msg instanceof PeerMessage.Unchoke) {
            return bare(alloc, Id.UNCHOKE);
        }
        if (msg instanceof PeerMessage.Interested) {
            return bare(alloc, Id.INTERESTED);
        }
        if (msg instanceof PeerMessage.NotInterested) {
            return bare(alloc, Id.NOT_INTERESTED);
        }
        if (msg instanceof PeerMessage.HaveAll) {
            return bare(alloc, Id.HAVE_ALL);
        }
        if (msg instanceof PeerMessage.HaveNone) {
            return bare(alloc, Id.HAVE_NONE);
        }
        if (msg instanceof PeerMessage.Have m) {
            return index(alloc, Id.HAVE, m.index());
        }
        if (msg instanceof PeerMessage.SuggestPiece m) {
            return index(alloc, Id.SUGGEST_PIECE, m.index());
        }
        if (msg instanceof PeerMessage.AllowedFast m) {
            return index(alloc, Id.ALLOWED_FAST, m.index());
        }
        if (msg instanceof PeerMessage.Request m) {
            return block(alloc, Id.REQUEST, m.index(), m.begin(), m.length());
        }
        if (msg instanceof PeerMessage.Cancel m) {
            return block(alloc, Id.CANCEL, m.index(), m.begin(), m.length());
        }
        if (msg instanceof PeerMessage.RejectRequest m) {
            return block(alloc, Id.REJECT_REQUEST, m.index(), m.begin(), m.length());
        }
        if (msg instanceof PeerMessage.Port m) {
            return alloc.buffer(7).writeInt(3).writeByte(Id.PORT).writeShort(m.port());
        }
        if (msg instanceof PeerMessage.Bitfield m) {
            byte[] bits = m.bits();
            return alloc.buffer(5 + bits.length).writeInt(1 + bits.length).writeByte(Id.BITFIELD).writeBytes(bits);
        }
        if (msg instanceof PeerMessage.HashRequest m) {
            return hashFields(alloc, Id.HASH_REQUEST, 0, m.piecesRoot().toByteArray(), m.baseLayer(), m.index(),
                    m.length(), m.proofLayers());
        }
        if (msg instanceof PeerMessage.HashReject m) {
            return hashFields(alloc, Id.HASH_REJECT, 0, m.piecesRoot().toByteArray(), m.baseLayer(), m.index(),
                    m.length(), m.proofLayers());
        }
        if (msg instanceof PeerMessage.Hashes m) {
            byte[] hashes = m.hashes();
            return hashFields(alloc, Id.HASHES, hashes.length, m.piecesRoot().toByteArray(), m.baseLayer(),
                    m.index(), m.length(), m.proofLayers()).writeBytes(hashes);
        }
        throw new IllegalArgumentException("cannot encode " + msg);
    }

    private static ByteBuf bare(ByteBufAllocator alloc, int id) {
        return alloc.buffer(5).writeInt(1).writeByte(id);
    }

    private static ByteBuf index(ByteBufAllocator alloc, int id, int index) {
        return alloc.buffer(9).writeInt(5).writeByte(id).writeInt(index);
    }

    private static ByteBuf block(ByteBufAllocator alloc, int id, int index, int begin, int length) {
        return alloc.buffer(17).writeInt(13).writeByte(id).writeInt(index).writeInt(begin).writeInt(length);
    }

    private static ByteBuf hashFields(ByteBufAllocator alloc, int id, int extra, byte[] root, int baseLayer,
            int index, int length, int proofLayers) {
        int body = 1 + root.length + 16 + extra;
        return alloc.buffer(4 + body).writeInt(body).writeByte(id).writeBytes(root)
                .writeInt(baseLayer).writeInt(index).writeInt(length).writeInt(proofLayers);
    }
}
