package io.torrentine.internal.peer.extension;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.Sha1Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Info dictionaries of chosen sizes for the BEP 9 tests. */
final class MetadataFixtures {
    private MetadataFixtures() {
    }

    /** A single-file v1 info dictionary of about {@code 20 * pieces + 60} bytes. */
    static byte[] infoDictionary(int pieces, String name) {
        return BencodeEncoder.encode(BDictionary.builder().put("name", name).put("piece length", 16384)
                .put("length", (long) pieces * 16384).put("pieces", new byte[pieces * 20]).build());
    }

    static InfoHashes v1(byte[] info) {
        try {
            return InfoHashes.ofV1(Sha1Hash.of(MessageDigest.getInstance("SHA-1").digest(info)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
