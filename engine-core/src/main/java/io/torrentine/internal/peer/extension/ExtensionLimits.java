package io.torrentine.internal.peer.extension;

/**
 * Bounds on extension payloads from peers.
 *
 * @param maxHandshakeSize the largest BEP 10 extension handshake payload in bytes
 * @param maxMetadataSize the largest metadata (info dictionary) a peer may announce or send
 *     (BEP 9 {@code metadata_size} and {@code total_size})
 * @param maxPexSize the largest BEP 11 ut_pex payload in bytes
 * @param maxPexPeers the most peers kept from each list of one ut_pex message; the rest are
 *     dropped silently
 */
public record ExtensionLimits(int maxHandshakeSize, int maxMetadataSize, int maxPexSize, int maxPexPeers) {

    /**
     * Defaults: a 64 KiB handshake; libtorrent's {@code max_metadata_size} default of 30 MiB
     * ({@code 3 * 1024 * 10240}); libtorrent's 500 KiB ut_pex bound; 100 peers per ut_pex
     * list, the most libtorrent puts in its first message (BEP 11 allows 50 in later ones).
     */
    public static final ExtensionLimits DEFAULT = new ExtensionLimits(64 * 1024, 3 * 1024 * 10240, 500 * 1024,
            PexMessage.MAX_PEERS_INITIAL);

    /**
     * Checks that every bound is positive.
     *
     * @param maxHandshakeSize the largest handshake payload
     * @param maxMetadataSize the largest metadata
     * @param maxPexSize the largest ut_pex payload
     * @param maxPexPeers the most peers kept per list
     * @throws IllegalArgumentException if a bound is not positive
     */
    public ExtensionLimits {
        if (maxHandshakeSize <= 0 || maxMetadataSize <= 0 || maxPexSize <= 0 || maxPexPeers <= 0) {
            throw new IllegalArgumentException("extension limits must be positive");
        }
    }

    /**
     * These limits with another metadata bound.
     *
     * @param bytes the largest metadata
     * @return the new limits
     */
    public ExtensionLimits withMaxMetadataSize(int bytes) {
        return new ExtensionLimits(maxHandshakeSize, bytes, maxPexSize, maxPexPeers);
    }
}
