package io.torrentine.internal.peer.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import io.torrentine.metainfo.Sha256Hash;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message after the handshake (BEP 3), named after the protocol. Records that carry a
 * {@link ByteBuf} implement {@link ReferenceCounted} through {@link BufferMessage}: their holder
 * releases them exactly once; all the others hold plain values.
 */
public sealed interface PeerMessage {

    /** BEP 3 message ids, and those of BEP 5, 6, 10 and 52. */
    final class Id {
        /** BEP 3 {@code choke}. */
        public static final int CHOKE = 0;
        /** BEP 3 {@code unchoke}. */
        public static final int UNCHOKE = 1;
        /** BEP 3 {@code interested}. */
        public static final int INTERESTED = 2;
        /** BEP 3 {@code not interested}. */
        public static final int NOT_INTERESTED = 3;
        /** BEP 3 {@code have}. */
        public static final int HAVE = 4;
        /** BEP 3 {@code bitfield}. */
        public static final int BITFIELD = 5;
        /** BEP 3 {@code request}. */
        public static final int REQUEST = 6;
        /** BEP 3 {@code piece}. */
        public static final int PIECE = 7;
        /** BEP 3 {@code cancel}. */
        public static final int CANCEL = 8;
        /** BEP 5 {@code port}. */
        public static final int PORT = 9;
        /** BEP 6 {@code suggest piece}. */
        public static final int SUGGEST_PIECE = 0x0d;
        /** BEP 6 {@code have all}. */
        public static final int HAVE_ALL = 0x0e;
        /** BEP 6 {@code have none}. */
        public static final int HAVE_NONE = 0x0f;
        /** BEP 6 {@code reject request}. */
        public static final int REJECT_REQUEST = 0x10;
        /** BEP 6 {@code allowed fast}. */
        public static final int ALLOWED_FAST = 0x11;
        /** BEP 10 extended message. */
        public static final int EXTENDED = 20;
        /** BEP 52 {@code hash request}. */
        public static final int HASH_REQUEST = 21;
        /** BEP 52 {@code hashes}. */
        public static final int HASHES = 22;
        /** BEP 52 {@code hash reject}. */
        public static final int HASH_REJECT = 23;

        private Id() {
        }
    }

    /**
     * A message that owns a {@link ByteBuf}; reference counting delegates to it. Whoever holds
     * the message releases it exactly once (or passes it on, which passes that duty along).
     */
    sealed interface BufferMessage extends PeerMessage, ReferenceCounted {
        /**
         * Returns the owned buffer; reading it does not change ownership.
         *
         * @return the buffer
         */
        ByteBuf content();

        @Override
        default int refCnt() {
            return content().refCnt();
        }

        @Override
        default BufferMessage retain() {
            content().retain();
            return this;
        }

        @Override
        default BufferMessage retain(int increment) {
            content().retain(increment);
            return this;
        }

        @Override
        default BufferMessage touch() {
            content().touch();
            return this;
        }

        @Override
        default BufferMessage touch(Object hint) {
            content().touch(hint);
            return this;
        }

        @Override
        default boolean release() {
            return content().release();
        }

        @Override
        default boolean release(int decrement) {
            return content().release(decrement);
        }
    }

    /** BEP 3 keep-alive: a zero length prefix, no id. */
    record KeepAlive() implements PeerMessage {
        /** The only instance needed. */
        public static final KeepAlive INSTANCE = new KeepAlive();
    }

    /** BEP 3 {@code choke}. */
    record Choke() implements PeerMessage {
        /** The only instance needed. */
        public static final Choke INSTANCE = new Choke();
    }

    /** BEP 3 {@code unchoke}. */
    record Unchoke() implements PeerMessage {
        /** The only instance needed. */
        public static final Unchoke INSTANCE = new Unchoke();
    }

    /** BEP 3 {@code interested}. */
    record Interested() implements PeerMessage {
        /** The only instance needed. */
        public static final Interested INSTANCE = new Interested();
    }

    /** BEP 3 {@code not interested}. */
    record NotInterested() implements PeerMessage {
        /** The only instance needed. */
        public static final NotInterested INSTANCE = new NotInterested();
    }

    /**
     * BEP 3 {@code have}.
     *
     * @param index the piece the sender completed
     */
    record Have(int index) implements PeerMessage {
    }

    /**
     * BEP 3 {@code bitfield}: byte 0 holds pieces 0 to 7 from the high bit, spare bits zero.
     * A byte array rather than a buffer because it is small, sent once, and kept by the peer
     * state; the record copies it in and out, so it is immutable.
     *
     * @param bits the bitfield bytes
     */
    record Bitfield(byte[] bits) implements PeerMessage {
        /**
         * Copies the bytes.
         *
         * @param bits the bitfield bytes
         */
        public Bitfield {
            bits = bits.clone();
        }

        /**
         * Returns a copy of the bytes.
         *
         * @return the bitfield bytes
         */
        @Override
        public byte[] bits() {
            return bits.clone();
        }

        /**
         * Whether the bitfield says the sender has a piece.
         *
         * @param index the piece, within the bitfield's bytes
         * @return true if its bit is set
         */
        public boolean has(int index) {
            return (bits[index >>> 3] & (0x80 >>> (index & 7))) != 0;
        }

        /**
         * Returns the number of bytes.
         *
         * @return the length in bytes
         */
        public int length() {
            return bits.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield other && Arrays.equals(bits, other.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bits.length + " bytes]";
        }
    }

    /**
     * BEP 3 {@code request}.
     *
     * @param index the piece
     * @param begin the block's offset within the piece
     * @param length the block's length, at most one block
     */
    record Request(int index, int begin, int length) implements PeerMessage {
    }

    /**
     * BEP 3 {@code piece}: one block. The record owns {@code block} and is released exactly once
     * by whoever ends up holding it (the disk layer after a download, the encoder after an upload).
     *
     * @param index the piece
     * @param begin the block's offset within the piece
     * @param block the block's bytes, readable from its reader index
     */
    record Piece(int index, int begin, ByteBuf block) implements BufferMessage {
        /**
         * Checks the components.
         *
         * @param index the piece
         * @param begin the offset
         * @param block the bytes
         */
        public Piece {
            Objects.requireNonNull(block, "block");
        }

        @Override
        public ByteBuf content() {
            return block;
        }

        @Override
        public String toString() {
            return "Piece[index=" + index + ", begin=" + begin + ", length=" + block.readableBytes() + "]";
        }
    }

    /**
     * BEP 3 {@code cancel}.
     *
     * @param index the piece
     * @param begin the block's offset
     * @param length the block's length
     */
    record Cancel(int index, int begin, int length) implements PeerMessage {
    }

    /**
     * BEP 5 {@code port}: the sender's DHT node listens on this UDP port.
     *
     * @param port 0 to 65535
     */
    record Port(int port) implements PeerMessage {
    }

    /**
     * BEP 6 {@code suggest piece}.
     *
     * @param index the suggested piece
     */
    record SuggestPiece(int index) implements PeerMessage {
    }

    /** BEP 6 {@code have all}. */
    record HaveAll() implements PeerMessage {
        /** The only instance needed. */
        public static final HaveAll INSTANCE = new HaveAll();
    }

    /** BEP 6 {@code have none}. */
    record HaveNone() implements PeerMessage {
        /** The only instance needed. */
        public static final HaveNone INSTANCE = new HaveNone();
    }

    /**
     * BEP 6 {@code reject request}.
     *
     * @param index the piece
     * @param begin the block's offset
     * @param length the block's length
     */
    record RejectRequest(int index, int begin, int length) implements PeerMessage {
    }

    /**
     * BEP 6 {@code allowed fast}.
     *
     * @param index a piece the sender will serve while choking us
     */
    record AllowedFast(int index) implements PeerMessage {
    }

    /**
     * BEP 10 extended message; the payload is decoded by the extension layer. The record owns
     * {@code payload} and is released exactly once.
     *
     * @param extendedId 0 for the extension handshake, otherwise an id the receiver assigned
     * @param payload the bytes after the extended id
     */
    record Extended(int extendedId, ByteBuf payload) implements BufferMessage {
        /**
         * Checks the components.
         *
         * @param extendedId 0 to 255
         * @param payload the payload
         */
        public Extended {
            Objects.requireNonNull(payload, "payload");
            if (extendedId < 0 || extendedId > 255) {
                throw new IllegalArgumentException("extended id " + extendedId);
            }
        }

        @Override
        public ByteBuf content() {
            return payload;
        }

        @Override
        public String toString() {
            return "Extended[id=" + extendedId + ", length=" + payload.readableBytes() + "]";
        }
    }

    /**
     * BEP 52 {@code hash request}.
     *
     * @param piecesRoot the root of the file's merkle tree
     * @param baseLayer layers above the leaves where the hashes start
     * @param index offset of the first hash in the base layer, a multiple of {@code length}
     * @param length number of hashes, a power of two of at least 2
     * @param proofLayers number of ancestor layers to include
     */
    record HashRequest(Sha256Hash piecesRoot, int baseLayer, int index, int length, int proofLayers)
            implements PeerMessage {
    }

    /**
     * BEP 52 {@code hashes}: the answer to a {@link HashRequest}.
     *
     * @param piecesRoot the root of the file's merkle tree
     * @param baseLayer as requested
     * @param index as requested
     * @param length as requested
     * @param proofLayers as requested
     * @param hashes the base layer hashes then the uncle hashes, 32 bytes each
     */
    record Hashes(Sha256Hash piecesRoot, int baseLayer, int index, int length, int proofLayers,
            byte[] hashes) implements PeerMessage {
        /**
         * Copies the hashes.
         *
         * @param piecesRoot the root
         * @param baseLayer the base layer
         * @param index the index
         * @param length the length
         * @param proofLayers the proof layers
         * @param hashes the hashes
         */
        public Hashes {
            hashes = hashes.clone();
        }

        /**
         * Returns a copy of the hashes.
         *
         * @return 32 bytes per hash
         */
        @Override
        public byte[] hashes() {
            return hashes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hashes h && piecesRoot.equals(h.piecesRoot) && baseLayer == h.baseLayer
                    && index == h.index && length == h.length && proofLayers == h.proofLayers
                    && Arrays.equals(hashes, h.hashes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(piecesRoot, baseLayer, index, length, proofLayers) * 31 + Arrays.hashCode(hashes);
        }

        @Override
        public String toString() {
            return "Hashes[root=" + piecesRoot + ", base=" + baseLayer + ", index=" + index + ", length="
                    + length + ", proof=" + proofLayers + ", " + hashes.length / 32 + " hashes]";
        }
    }

    /**
     * BEP 52 {@code hash reject}: the same fields as the refused request.
     *
     * @param piecesRoot the root of the file's merkle tree
     * @param baseLayer as requested
     * @param index as requested
     * @param length as requested
     * @param proofLayers as requested
     */
    record HashReject(Sha256Hash piecesRoot, int baseLayer, int index, int length, int proofLayers)
            implements PeerMessage {
    }
}
