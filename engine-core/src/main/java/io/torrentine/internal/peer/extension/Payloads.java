package io.torrentine.internal.peer.extension;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.bencode.BencodeLimits;

/** Shared steps of the payload decoders: size check, bounded bencode, dictionary check. */
final class Payloads {
    /** Extension dictionaries are flat; a little nesting is left for unknown keys. */
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ITEMS = 16_384;

    private Payloads() {
    }

    /** The readable bytes of a buffer, without moving its reader index or releasing it. */
    static byte[] bytes(ByteBuf in) {
        return ByteBufUtil.getBytes(in);
    }

    static void checkSize(int length, int max, String what) {
        if (length > max) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.PAYLOAD_TOO_LARGE,
                    what + " of " + length + " bytes, limit " + max);
        }
    }

    /**
     * Lenient decoding, as libtorrent's: real clients send unsorted keys. {@code prefix} allows
     * bytes after the dictionary (the BEP 9 data block).
     */
    static BencodeDecoder.Decoded decodeDictionary(byte[] payload, int maxSize, boolean prefix) {
        // An empty payload still gets a valid bound: it then fails as truncated bencode.
        int bound = Math.max(1, maxSize);
        BencodeLimits limits = new BencodeLimits(bound, bound, MAX_DEPTH, MAX_ITEMS, 20);
        BencodeDecoder decoder = BencodeDecoder.lenient().withLimits(limits);
        BencodeDecoder.Decoded decoded;
        try {
            if (prefix) {
                decoded = decoder.decodePrefix(payload, 0, payload.length);
            } else {
                BValue value = decoder.decode(payload);
                decoded = new BencodeDecoder.Decoded(value, payload.length);
            }
        } catch (BencodeException e) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.MALFORMED_BENCODE,
                    e.reason() + " at offset " + e.offset(), e);
        }
        if (!(decoded.value() instanceof BDictionary)) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.NOT_A_DICTIONARY,
                    "payload is not a bencoded dictionary");
        }
        return decoded;
    }
}
