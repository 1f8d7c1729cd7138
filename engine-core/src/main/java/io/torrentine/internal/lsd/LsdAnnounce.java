package io.torrentine.internal.lsd;

import io.torrentine.metainfo.Sha1Hash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed BEP 14 announce: a peer on the local network takes part in these swarms and listens
 * on this port (on the address the datagram came from).
 *
 * @param port the sender's BitTorrent listen port, 1 to 65535
 * @param infoHashes the info-hashes, at least one, without duplicates, in message order
 * @param cookie the sender's cookie, if it sent one
 */
public record LsdAnnounce(int port, List<Sha1Hash> infoHashes, Optional<String> cookie) {
    /**
     * Copies the list and checks the values.
     *
     * @param port the listen port
     * @param infoHashes the info-hashes
     * @param cookie the cookie
     * @throws IllegalArgumentException if the port is out of range or there is no info-hash
     */
    public LsdAnnounce {
        infoHashes = List.copyOf(infoHashes);
        Objects.requireNonNull(cookie, "cookie");
        if (port < 1 || port > 65_535 || infoHashes.isEmpty()) {
            throw new IllegalArgumentException("port " + port + ", " + infoHashes.size() + " info-hashes");
        }
    }
}
