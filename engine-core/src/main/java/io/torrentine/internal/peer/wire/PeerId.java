package io.torrentine.internal.peer.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A 20-byte peer id (BEP 3), with our own Azureus-style prefix {@code -TI0010-} (BEP 20;
 * {@code TI} is free in BEP 20's table and stands for Torrentine).
 */
public final class PeerId {
    /** The length of every peer id. */
    public static final int LENGTH = 20;
    /** Our client code and version, in BEP 20's Azureus style. */
    public static final String PREFIX = "-TI0010-";

    /** A few BEP 20 client codes, enough to name the clients we interoperate with in logs. */
    private static final Map<String, String> CLIENTS = Map.ofEntries(
            Map.entry("TI", "Torrentine"),
            Map.entry("AZ", "Azureus"),
            Map.entry("BC", "BitComet"),
            Map.entry("DE", "Deluge"),
            Map.entry("KT", "KTorrent"),
            Map.entry("LT", "libtorrent"),
            Map.entry("lt", "libTorrent (rakshasa)"),
            Map.entry("qB", "qBittorrent"),
            Map.entry("TR", "Transmission"),
            Map.entry("UT", "\u00b5Torrent"),
            Map.entry("WW", "WebTorrent"),
            Map.entry("BT", "BitTorrent"));

    private final byte[] bytes;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps 20 bytes read from a handshake or a tracker.
     *
     * @param bytes exactly 20 bytes; copied
     * @return the peer id
     */
    public static PeerId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a peer id is 20 bytes, not " + bytes.length);
        }
        return new PeerId(bytes.clone());
    }

    /**
     * Generates our own peer id: {@link #PREFIX} then 12 random bytes.
     *
     * @param random the source of the 12 bytes (a fresh id per session)
     * @return the peer id
     */
    public static PeerId generate(Random random) {
        byte[] id = new byte[LENGTH];
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        byte[] tail = new byte[LENGTH - prefix.length];
        random.nextBytes(tail);
        System.arraycopy(tail, 0, id, prefix.length, tail.length);
        return new PeerId(id);
    }

    /**
     * Returns a copy of the 20 bytes.
     *
     * @return the bytes
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Names the client for logs, from an Azureus-style prefix {@code -XXvvvv-} (BEP 20):
     * {@code "Transmission 3.00"} style for known codes, {@code "XX 1.2.3.4"} otherwise.
     *
     * @return the client, or empty when the id does not follow the Azureus style
     */
    public Optional<String> client() {
        if (bytes[0] != '-' || bytes[7] != '-') {
            return Optional.empty();
        }
        for (int i = 1; i < 7; i++) {
            if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
                return Optional.empty();
            }
        }
        String code = new String(bytes, 1, 2, StandardCharsets.US_ASCII);
        StringBuilder version = new StringBuilder();
        for (int i = 3; i < 7; i++) {
            if (version.length() > 0) {
                version.append('.');
            }
            version.append(versionDigit(bytes[i]));
        }
        return Optional.of(CLIENTS.getOrDefault(code, code) + " " + version);
    }

    /** Azureus-style version characters are digits, or letters for values over 9 in some clients. */
    private static String versionDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return Integer.toString(b - '0');
        }
        if (b >= 'A' && b <= 'Z') {
            return Integer.toString(b - 'A' + 10);
        }
        return String.valueOf((char) b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(LENGTH * 2);
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f && b != '%') {
                sb.append((char) b);
            } else {
                sb.append('%').append(String.format("%02x", b & 0xff));
            }
        }
        return sb.toString();
    }
}
