package io.torrentine.internal.peer.extension;

import java.util.Arrays;

/** A BEP 9 ut_metadata message. Decode and encode with {@link UtMetadataCodec}. */
public sealed interface UtMetadataMessage
        permits UtMetadataMessage.Request, UtMetadataMessage.Data, UtMetadataMessage.Reject,
        UtMetadataMessage.Unknown {

    /** The size of every metadata piece but the last (BEP 9). */
    int PIECE_SIZE = 16 * 1024;

    /**
     * How many pieces metadata of a size has.
     *
     * @param totalSize the metadata size in bytes
     * @return the number of 16 KiB pieces, the last one possibly shorter
     */
    static int pieceCount(long totalSize) {
        return (int) ((totalSize + PIECE_SIZE - 1) / PIECE_SIZE);
    }

    /**
     * The size piece {@code piece} must have in metadata of {@code totalSize} bytes.
     *
     * @param piece the piece index, within {@link #pieceCount(long)}
     * @param totalSize the metadata size
     * @return 16 KiB, or less for the last piece
     */
    static int pieceSize(int piece, long totalSize) {
        return (int) Math.min(PIECE_SIZE, totalSize - (long) piece * PIECE_SIZE);
    }

    /**
     * The piece index the message is about.
     *
     * @return the piece index
     */
    int piece();

    /**
     * msg_type 0: asks for a piece.
     *
     * @param piece the piece index
     */
    record Request(int piece) implements UtMetadataMessage {
        /**
         * Checks the index.
         *
         * @param piece the piece index
         * @throws IllegalArgumentException if negative
         */
        public Request {
            checkPiece(piece);
        }
    }

    /**
     * msg_type 1: a piece of the metadata.
     *
     * @param piece the piece index
     * @param totalSize the whole metadata size
     * @param block the piece's bytes (at most 16 KiB; the array is not copied)
     */
    record Data(int piece, int totalSize, byte[] block) implements UtMetadataMessage {
        /**
         * Checks the index, the size and the block length.
         *
         * @param piece the piece index
         * @param totalSize the whole metadata size
         * @param block the piece's bytes
         * @throws IllegalArgumentException if they do not fit together
         */
        public Data {
            checkPiece(piece);
            if (totalSize <= 0 || piece >= pieceCount(totalSize)) {
                throw new IllegalArgumentException("piece " + piece + " outside metadata of " + totalSize);
            }
            if (block.length > PIECE_SIZE) {
                throw new IllegalArgumentException("block over 16 KiB");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.piece == piece && d.totalSize == totalSize
                    && Arrays.equals(d.block, block);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * piece + totalSize) + Arrays.hashCode(block);
        }

        @Override
        public String toString() {
            return "Data[piece=" + piece + ", totalSize=" + totalSize + ", block=" + block.length + " bytes]";
        }
    }

    /**
     * msg_type 2: the sender will not send a piece.
     *
     * @param piece the piece index
     */
    record Reject(int piece) implements UtMetadataMessage {
        /**
         * Checks the index.
         *
         * @param piece the piece index
         * @throws IllegalArgumentException if negative
         */
        public Reject {
            checkPiece(piece);
        }
    }

    /**
     * Any other msg_type, which BEP 9 says must be ignored.
     *
     * @param msgType the message type
     * @param piece the piece index
     */
    record Unknown(long msgType, int piece) implements UtMetadataMessage {
    }

    private static void checkPiece(int piece) {
        if (piece < 0) {
            throw new IllegalArgumentException("negative piece");
        }
    }
}
