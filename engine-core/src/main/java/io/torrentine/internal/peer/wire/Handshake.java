package io.torrentine.internal.peer.wire;

import io.torrentine.metainfo.Sha1Hash;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The 68-byte handshake that opens every connection (BEP 3): {@code 19 "BitTorrent protocol"},
 * eight reserved bytes, the 20-byte info-hash (a v2 torrent's SHA-256 truncated, BEP 52) and the
 * peer id.
 *
 * @param reserved the reserved bits (BEP 5, 6, 10, 52 features)
 * @param infoHash the info-hash, 20 bytes
 * @param peerId the sender's peer id
 */
public record Handshake(ReservedBits reserved, Sha1Hash infoHash, PeerId peerId) {
    /** The protocol string, preceded on the wire by its length 19. */
    public static final String PROTOCOL = "BitTorrent protocol";
    /** The handshake's bytes on the wire. */
    public static final int LENGTH = 68;

    static final byte[] PROTOCOL_BYTES = PROTOCOL.getBytes(StandardCharsets.US_ASCII);

    /**
     * Checks the components.
     *
     * @param reserved the reserved bits
     * @param infoHash the info-hash
     * @param peerId the peer id
     */
    public Handshake {
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
    }
}
