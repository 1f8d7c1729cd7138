package io.torrentine.internal.peer.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.torrentine.internal.peer.wire.PeerMessage.Id;
import io.torrentine.internal.peer.wire.PeerProtocolException.Reason;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import java.util.List;

/**
 * Decodes the handshake (BEP 3) and then length-prefixed messages into {@link Handshake} and
 * {@link PeerMessage}s.
 *
 * <p>Every bound is checked as soon as the bytes that decide it have arrived, so a hostile length
 * is refused with only its 5-byte header buffered. A violation closes the channel, discards what
 * is buffered and fires a {@link PeerProtocolException} through {@code exceptionCaught}; later
 * bytes are dropped. Unknown message ids are violations too: every extension this engine speaks
 * is negotiated through BEP 10 (id 20), so an id we did not agree on means a broken peer (as in
 * libtorrent). Whether the Fast extension (BEP 6) was negotiated is the connection's check, not the
 * codec's.
 *
 * <p>The piece count is known for a torrent with metadata; for a magnet download it is set by
 * {@link #pieceCount(int)} once the metadata arrives. Until then indexes are only checked to be
 * non-negative and a bitfield only against the frame limit; the connection re-checks those it
 * kept.
 *
 * <p>Received bytes are gathered in a composite buffer ({@link #COMPOSITE_CUMULATOR}), so a read is
 * never copied into a growing cumulation. A {@code piece} block that lies within one received
 * buffer is handed on as a retained slice of that buffer, not copied: on loopback a download moves
 * hundreds of MB/s through here, and two copies per byte were a measurable part of its CPU time. A
 * slice pins only the one buffer it lies in (a socket read, at most 64 KiB), never the composite,
 * so the memory held for unwritten blocks stays within a small factor of their counted bytes (the
 * disk back-pressure counts block bytes). A block split across two to four reads is a composite
 * of slices of each (no copy either); one split across more, and every extended payload (small,
 * and kept longer by its handlers), is copied into a buffer of its exact size.
 *
 * <p>Not sharable: one per channel, used on its event loop only.
 */
public final class PeerWireDecoder extends ByteToMessageDecoder {
    /** Unknown piece count, as for a magnet link before its metadata. */
    public static final int UNKNOWN_PIECE_COUNT = -1;

    private static final int HASH_FIELDS = Sha256Hash.LENGTH + 16;
    /** A block split across more received buffers than this is copied rather than composed. */
    private static final int MAX_BLOCK_PARTS = 4;

    private final WireLimits limits;
    private int pieceCount;
    private State state;

    private enum State { HANDSHAKE, MESSAGES, FAILED }

    /**
     * Creates a decoder.
     *
     * @param limits the frame and block bounds
     * @param pieceCount the torrent's piece count, or {@link #UNKNOWN_PIECE_COUNT}
     * @param expectHandshake true on a fresh connection; false when the handshake was already read
     *     (by the listener that routes incoming connections to their torrent)
     */
    public PeerWireDecoder(WireLimits limits, int pieceCount, boolean expectHandshake) {
        this.limits = limits;
        pieceCount(pieceCount);
        this.state = expectHandshake ? State.HANDSHAKE : State.MESSAGES;
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /**
     * Sets the piece count once it is known (BEP 9: after the metadata arrived).
     *
     * @param count the number of pieces, or {@link #UNKNOWN_PIECE_COUNT}
     */
    public void pieceCount(int count) {
        if (count < 0 && count != UNKNOWN_PIECE_COUNT) {
            throw new IllegalArgumentException("piece count " + count);
        }
        this.pieceCount = count;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (state) {
                case HANDSHAKE:
                    decodeHandshake(in, out);
                    break;
                case MESSAGES:
                    decodeMessage(ctx, in, out);
                    break;
                default:
                    in.skipBytes(in.readableBytes());
                    break;
            }
        } catch (PeerProtocolException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }

    private void decodeHandshake(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), 1 + Handshake.PROTOCOL_BYTES.length);
        // Check the protocol string byte by byte so that a non-BitTorrent peer is refused early.
        if (available > 0 && in.getUnsignedByte(start) != Handshake.PROTOCOL_BYTES.length) {
            throw new PeerProtocolException(Reason.BAD_HANDSHAKE, "protocol length " + in.getUnsignedByte(start));
        }
        for (int i = 1; i < available; i++) {
            if (in.getByte(start + i) != Handshake.PROTOCOL_BYTES[i - 1]) {
                throw new PeerProtocolException(Reason.BAD_HANDSHAKE, "not \"BitTorrent protocol\"");
            }
        }
        if (in.readableBytes() < Handshake.LENGTH) {
            return;
        }
        in.skipBytes(1 + Handshake.PROTOCOL_BYTES.length);
        ReservedBits reserved = new ReservedBits(in.readLong());
        byte[] hash = new byte[Sha1Hash.LENGTH];
        in.readBytes(hash);
        byte[] id = new byte[PeerId.LENGTH];
        in.readBytes(id);
        out.add(new Handshake(reserved, Sha1Hash.of(hash), PeerId.of(id)));
        state = State.MESSAGES;
    }

    private void decodeMessage(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        long length = in.getUnsignedInt(start);
        if (length == 0) {
            in.skipBytes(4);
            out.add(PeerMessage.KeepAlive.INSTANCE);
            return;
        }
        if (length > limits.maxFrameLength()) {
            throw new PeerProtocolException(Reason.FRAME_TOO_LONG, length + " bytes");
        }
        if (in.readableBytes() < 5) {
            return;
        }
        int id = in.getUnsignedByte(start + 4);
        checkLength(id, (int) length);
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(5);
        out.add(readBody(ctx, in, id, (int) length - 1));
    }

    /** Refuses a frame whose length cannot fit its id, before its body is buffered. */
    private void checkLength(int id, int length) {
        int body = length - 1;
        switch (id) {
            case Id.CHOKE:
            case Id.UNCHOKE:
            case Id.INTERESTED:
            case Id.NOT_INTERESTED:
            case Id.HAVE_ALL:
            case Id.HAVE_NONE:
                expect(id, body, 0);
                break;
            case Id.HAVE:
            case Id.SUGGEST_PIECE:
            case Id.ALLOWED_FAST:
                expect(id, body, 4);
                break;
            case Id.REQUEST:
            case Id.CANCEL:
            case Id.REJECT_REQUEST:
                expect(id, body, 12);
                break;
            case Id.PORT:
                expect(id, body, 2);
                break;
            case Id.PIECE:
                if (body <= 8 || body - 8 > limits.maxBlockLength()) {
                    throw new PeerProtocolException(Reason.PIECE_TOO_LONG, "block of " + (body - 8) + " bytes");
                }
                break;
            case Id.BITFIELD:
                if (pieceCount != UNKNOWN_PIECE_COUNT && body != (pieceCount + 7) / 8) {
                    throw new PeerProtocolException(Reason.BITFIELD_WRONG_SIZE,
                            body + " bytes for " + pieceCount + " pieces");
                }
                break;
            case Id.EXTENDED:
                if (body < 1) {
                    throw new PeerProtocolException(Reason.BAD_MESSAGE_LENGTH, "extended message without id");
                }
                break;
            case Id.HASH_REQUEST:
            case Id.HASH_REJECT:
                expect(id, body, HASH_FIELDS);
                break;
            case Id.HASHES:
                if (body < HASH_FIELDS + Sha256Hash.LENGTH || (body - HASH_FIELDS) % Sha256Hash.LENGTH != 0) {
                    throw new PeerProtocolException(Reason.BAD_MESSAGE_LENGTH, "hashes of " + body + " bytes");
                }
                break;
            default:
                throw new PeerProtocolException(Reason.UNKNOWN_MESSAGE_ID, "message id " + id);
        }
    }

    private static void expect(int id, int body, int expected) {
        if (body != expected) {
            throw new PeerProtocolException(Reason.BAD_MESSAGE_LENGTH,
                    "message id " + id + " with " + body + " bytes, expected " + expected);
        }
    }

    private PeerMessage readBody(ChannelHandlerContext ctx, ByteBuf in, int id, int body) {
        switch (id) {
            case Id.CHOKE:
                return PeerMessage.Choke.INSTANCE;
            case Id.UNCHOKE:
                return PeerMessage.Unchoke.INSTANCE;
            case Id.INTERESTED:
                return PeerMessage.Interested.INSTANCE;
            case Id.NOT_INTERESTED:
                return PeerMessage.NotInterested.INSTANCE;
            case Id.HAVE_ALL:
                return PeerMessage.HaveAll.INSTANCE;
            case Id.HAVE_NONE:
                return PeerMessage.HaveNone.INSTANCE;
            case Id.HAVE:
                return new PeerMessage.Have(readIndex(in));
            case Id.SUGGEST_PIECE:
                return new PeerMessage.SuggestPiece(readIndex(in));
            case Id.ALLOWED_FAST:
                return new PeerMessage.AllowedFast(readIndex(in));
            case Id.REQUEST:
                return new PeerMessage.Request(readIndex(in), readBegin(in), readBlockLength(in));
            case Id.CANCEL:
                return new PeerMessage.Cancel(readIndex(in), readBegin(in), readBlockLength(in));
            case Id.REJECT_REQUEST:
                return new PeerMessage.RejectRequest(readIndex(in), readBegin(in), readBlockLength(in));
            case Id.PORT:
                return new PeerMessage.Port(in.readUnsignedShort());
            case Id.PIECE: {
                int index = readIndex(in);
                int begin = readBegin(in);
                return new PeerMessage.Piece(index, begin, block(ctx, in, body - 8));
            }
            case Id.BITFIELD:
                return readBitfield(in, body);
            case Id.EXTENDED: {
                int extendedId = in.readUnsignedByte();
                return new PeerMessage.Extended(extendedId, copy(ctx, in, body - 1));
            }
            case Id.HASH_REQUEST:
                return readHashRequest(in, false);
            case Id.HASH_REJECT:
                return readHashRequest(in, true);
            case Id.HASHES:
                return readHashes(in, body);
            default:
                throw new IllegalStateException("id " + id + " passed checkLength");
        }
    }

    /**
     * The next {@code length} bytes as a buffer the caller owns: a retained slice of the received
     * buffer they lie in; for bytes split across a few received buffers, a composite of retained
     * slices of each; for bytes split across more (a peer dribbling tiny segments), a copy, so
     * that a block never costs more than a few slice objects.
     */
    private static ByteBuf block(ChannelHandlerContext ctx, ByteBuf in, int length) {
        if (!(in instanceof CompositeByteBuf)) {
            return in.readRetainedSlice(length);
        }
        CompositeByteBuf composite = (CompositeByteBuf) in;
        int at = composite.readerIndex();
        int first = composite.toComponentIndex(at);
        int last = composite.toComponentIndex(at + length - 1);
        if (first == last) {
            ByteBuf part = composite.internalComponent(first);
            ByteBuf slice = part.retainedSlice(part.readerIndex() + at - composite.toByteIndex(first), length);
            composite.skipBytes(length);
            return slice;
        }
        if (last - first >= MAX_BLOCK_PARTS) {
            return copy(ctx, in, length);
        }
        CompositeByteBuf parts = ctx.alloc().compositeBuffer(last - first + 1);
        int remaining = length;
        for (int c = first; c <= last; c++) {
            ByteBuf part = composite.internalComponent(c);
            int offset = at - composite.toByteIndex(c);
            int n = Math.min(remaining, part.readableBytes() - offset);
            parts.addComponent(true, part.retainedSlice(part.readerIndex() + offset, n));
            at += n;
            remaining -= n;
        }
        composite.skipBytes(length);
        return parts;
    }

    private static ByteBuf copy(ChannelHandlerContext ctx, ByteBuf in, int length) {
        ByteBuf copy = ctx.alloc().buffer(length, length);
        try {
            copy.writeBytes(in, length);
            return copy;
        } catch (RuntimeException e) {
            copy.release();
            throw e;
        }
    }

    private int readIndex(ByteBuf in) {
        int index = in.readInt();
        if (index < 0 || (pieceCount != UNKNOWN_PIECE_COUNT && index >= pieceCount)) {
            throw new PeerProtocolException(Reason.INDEX_OUT_OF_RANGE,
                    Integer.toUnsignedString(index) + " of " + pieceCount + " pieces");
        }
        return index;
    }

    private static int readBegin(ByteBuf in) {
        int begin = in.readInt();
        if (begin < 0) {
            throw new PeerProtocolException(Reason.BAD_BLOCK, "offset " + Integer.toUnsignedString(begin));
        }
        return begin;
    }

    private int readBlockLength(ByteBuf in) {
        int length = in.readInt();
        if (length <= 0 || length > limits.maxBlockLength()) {
            throw new PeerProtocolException(Reason.BAD_BLOCK, "length " + Integer.toUnsignedString(length));
        }
        return length;
    }

    private PeerMessage.Bitfield readBitfield(ByteBuf in, int body) {
        byte[] bits = new byte[body];
        in.readBytes(bits);
        int spare = pieceCount == UNKNOWN_PIECE_COUNT ? 0 : body * 8 - pieceCount;
        if (spare > 0 && (bits[body - 1] & ((1 << spare) - 1)) != 0) {
            throw new PeerProtocolException(Reason.BITFIELD_SPARE_BITS, "spare bits set for " + pieceCount + " pieces");
        }
        return new PeerMessage.Bitfield(bits);
    }

    private static PeerMessage readHashRequest(ByteBuf in, boolean reject) {
        Sha256Hash root = readSha256(in);
        int baseLayer = in.readInt();
        int index = in.readInt();
        int length = in.readInt();
        int proofLayers = in.readInt();
        checkHashRange(baseLayer, index, length, proofLayers);
        return reject
                ? new PeerMessage.HashReject(root, baseLayer, index, length, proofLayers)
                : new PeerMessage.HashRequest(root, baseLayer, index, length, proofLayers);
    }

    private static PeerMessage readHashes(ByteBuf in, int body) {
        Sha256Hash root = readSha256(in);
        int baseLayer = in.readInt();
        int index = in.readInt();
        int length = in.readInt();
        int proofLayers = in.readInt();
        checkHashRange(baseLayer, index, length, proofLayers);
        byte[] hashes = new byte[body - HASH_FIELDS];
        in.readBytes(hashes);
        return new PeerMessage.Hashes(root, baseLayer, index, length, proofLayers, hashes);
    }

    /** BEP 52: length a power of two of at least 2, index a multiple of length. */
    private static void checkHashRange(int baseLayer, int index, int length, int proofLayers) {
        if (baseLayer < 0 || proofLayers < 0 || index < 0 || length < 2 || Integer.bitCount(length) != 1
                || index % length != 0) {
            throw new PeerProtocolException(Reason.BAD_HASH_REQUEST, "base " + baseLayer + ", index " + index
                    + ", length " + length + ", proof " + proofLayers);
        }
    }

    private static Sha256Hash readSha256(ByteBuf in) {
        byte[] root = new byte[Sha256Hash.LENGTH];
        in.readBytes(root);
        return Sha256Hash.of(root);
    }
}
