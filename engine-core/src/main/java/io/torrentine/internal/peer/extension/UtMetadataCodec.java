package io.torrentine.internal.peer.extension;

import io.netty.buffer.ByteBuf;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decodes and encodes BEP 9 ut_metadata payloads: a bencoded dictionary ({@code msg_type},
 * {@code piece}, and {@code total_size} for data), followed for data by the raw piece bytes.
 *
 * <p>Decoding rejects a payload over 16 KiB plus {@value #MAX_DICTIONARY_SIZE} bytes, malformed
 * bencode, a missing or non-integer {@code msg_type} or {@code piece}, a negative or huge piece,
 * and for data: a missing {@code total_size}, one not positive ({@code INVALID_FIELD}) or over
 * {@link ExtensionLimits#maxMetadataSize()} ({@code METADATA_TOO_LARGE}), a piece past the end
 * ({@code PIECE_OUT_OF_RANGE}) and a block that is not exactly the size of its piece
 * ({@code WRONG_PIECE_SIZE}: 16 KiB, the last one shorter). An unknown {@code msg_type} decodes
 * to {@link UtMetadataMessage.Unknown}, which BEP 9 says to ignore.
 */
public final class UtMetadataCodec {
    /** Room for the dictionary before the block; real ones are under 60 bytes. */
    static final int MAX_DICTIONARY_SIZE = 1024;

    private UtMetadataCodec() {
    }

    /**
     * Decodes a payload; the buffer is neither moved nor released (the block is copied).
     *
     * @param payload the bytes after the extended message id
     * @param limits the bounds
     * @return the message
     * @throws ExtensionProtocolException if the payload must be rejected (see the class comment)
     */
    public static UtMetadataMessage decode(ByteBuf payload, ExtensionLimits limits) {
        checkSize(payload.readableBytes());
        return decode(Payloads.bytes(payload), limits);
    }

    /**
     * Decodes a payload.
     *
     * @param payload the bytes after the extended message id
     * @param limits the bounds
     * @return the message
     * @throws ExtensionProtocolException if the payload must be rejected (see the class comment)
     */
    public static UtMetadataMessage decode(byte[] payload, ExtensionLimits limits) {
        checkSize(payload.length);
        BencodeDecoder.Decoded decoded = Payloads.decodeDictionary(payload, payload.length, true);
        BDictionary dict = (BDictionary) decoded.value();
        long msgType = required(dict, "msg_type");
        long piece = required(dict, "piece");
        if (piece < 0 || piece > Integer.MAX_VALUE) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.PIECE_OUT_OF_RANGE,
                    "piece " + piece);
        }
        int index = (int) piece;
        if (msgType == 0) {
            return new UtMetadataMessage.Request(index);
        }
        if (msgType == 2) {
            return new UtMetadataMessage.Reject(index);
        }
        if (msgType != 1) {
            return new UtMetadataMessage.Unknown(msgType, index);
        }
        long totalSize = required(dict, "total_size");
        if (totalSize <= 0) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.INVALID_FIELD,
                    "total_size " + totalSize);
        }
        if (totalSize > limits.maxMetadataSize()) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.METADATA_TOO_LARGE,
                    "total_size " + totalSize + ", limit " + limits.maxMetadataSize());
        }
        if (index >= UtMetadataMessage.pieceCount(totalSize)) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.PIECE_OUT_OF_RANGE,
                    "piece " + index + " of metadata of " + totalSize + " bytes");
        }
        int blockLength = payload.length - decoded.end();
        int expected = UtMetadataMessage.pieceSize(index, totalSize);
        if (blockLength != expected) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.WRONG_PIECE_SIZE,
                    "piece " + index + " of " + blockLength + " bytes, expected " + expected);
        }
        return new UtMetadataMessage.Data(index, (int) totalSize,
                Arrays.copyOfRange(payload, decoded.end(), payload.length));
    }

    /**
     * Encodes a message: the canonical dictionary, then the block for data.
     *
     * @param message the message; {@link UtMetadataMessage.Unknown} is encoded with its type
     * @return the payload
     */
    public static byte[] encode(UtMetadataMessage message) {
        BDictionary.Builder b = BDictionary.builder().put("piece", message.piece());
        byte[] block = new byte[0];
        if (message instanceof UtMetadataMessage.Request) {
            b.put("msg_type", 0);
        } else if (message instanceof UtMetadataMessage.Reject) {
            b.put("msg_type", 2);
        } else if (message instanceof UtMetadataMessage.Data data) {
            b.put("msg_type", 1).put("total_size", data.totalSize());
            block = data.block();
        } else {
            b.put("msg_type", ((UtMetadataMessage.Unknown) message).msgType());
        }
        byte[] dict = BencodeEncoder.encode(b.build());
        byte[] out = Arrays.copyOf(dict, dict.length + block.length);
        System.arraycopy(block, 0, out, dict.length, block.length);
        return out;
    }

    private static void checkSize(int length) {
        Payloads.checkSize(length, UtMetadataMessage.PIECE_SIZE + MAX_DICTIONARY_SIZE, "ut_metadata message");
    }

    private static long required(BDictionary dict, String key) {
        Optional<Long> v = dict.getLong(key);
        if (v.isEmpty()) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.MISSING_FIELD,
                    key + " missing or not an integer");
        }
        return v.get();
    }
}
