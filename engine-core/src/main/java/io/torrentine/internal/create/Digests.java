package io.torrentine.internal.create;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Fresh SHA-1 and SHA-256 digests (every Java runtime has both). */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha1() {
        return get("SHA-1");
    }

    static MessageDigest sha256() {
        return get("SHA-256");
    }

    private static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
