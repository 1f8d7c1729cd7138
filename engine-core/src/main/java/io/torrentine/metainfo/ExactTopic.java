package io.torrentine.metainfo;

import io.torrentine.metainfo.InvalidMagnetLinkException.Reason;

/**
 * The BitTorrent exact topics of a magnet link (BEP 9): {@code urn:btih:} with a v1 info-hash
 * as 40 hex digits or 32 base32 characters, and {@code urn:btmh:} with a v2 info-hash as a
 * SHA-256 multihash ({@code 1220} then 64 hex digits, BEP 52).
 */
final class ExactTopic {
    /** The URN prefix of a v1 info-hash, compared without regard to ASCII case. */
    static final String BTIH = "urn:btih:";
    /** The URN prefix of a v2 info-hash, compared without regard to ASCII case. */
    static final String BTMH = "urn:btmh:";
    /** The multihash header of a SHA-256 digest: function code 0x12, length 0x20 (32 bytes). */
    static final String SHA256_MULTIHASH_PREFIX = "1220";

    private static final int BASE32_LENGTH = 32;

    private ExactTopic() {
    }

    /**
     * Parses what follows {@code urn:btih:}.
     *
     * @throws InvalidMagnetLinkException with {@link Reason#INVALID_BTIH}
     */
    static Sha1Hash parseBtih(String hash) {
        if (MagnetText.isAsciiHex(hash, 2 * Sha1Hash.LENGTH)) {
            return Sha1Hash.fromHex(hash);
        }
        if (hash.length() == BASE32_LENGTH) {
            byte[] bytes = decodeBase32(hash);
            if (bytes != null) {
                return Sha1Hash.of(bytes);
            }
        }
        throw new InvalidMagnetLinkException(Reason.INVALID_BTIH,
                "urn:btih: needs 40 hex digits or 32 base32 characters, got " + hash.length()
                        + " characters");
    }

    /**
     * Parses what follows {@code urn:btmh:}.
     *
     * @throws InvalidMagnetLinkException with {@link Reason#INVALID_BTMH} or
     *     {@link Reason#UNSUPPORTED_MULTIHASH}
     */
    static Sha256Hash parseBtmh(String multihash) {
        int prefix = SHA256_MULTIHASH_PREFIX.length();
        if (multihash.startsWith(SHA256_MULTIHASH_PREFIX)) {
            String digest = multihash.substring(prefix);
            if (MagnetText.isAsciiHex(digest, 2 * Sha256Hash.LENGTH)) {
                return Sha256Hash.fromHex(digest);
            }
        } else if (multihash.length() >= prefix && multihash.length() % 2 == 0
                && MagnetText.isAsciiHex(multihash, multihash.length())) {
            throw new InvalidMagnetLinkException(Reason.UNSUPPORTED_MULTIHASH,
                    "urn:btmh: multihash of function 0x" + multihash.substring(0, 2)
                            + ", not SHA-256 (0x12)");
        }
        throw new InvalidMagnetLinkException(Reason.INVALID_BTMH,
                "urn:btmh: needs 1220 followed by 64 hex digits");
    }

    /**
     * Decodes 32 characters of the RFC 4648 base32 alphabet, either case, into 20 bytes.
     *
     * @return the bytes, or null if a character is outside the alphabet
     */
    static byte[] decodeBase32(String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = base32Value(text.charAt(i));
            if (value < 0) {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return out;
    }

    private static int base32Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        return -1;
    }
}
