package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer connection of a torrent was closed.
 *
 * <p>Category {@link AlertCategory#CONNECT}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param peer the peer's address
 * @param reason why it closed
 * @param detail more about why, for logs (the protocol error, say), if anything
 */
public record PeerDisconnectedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        InetSocketAddress peer,
        DisconnectReason reason,
        Optional<String> detail) implements PeerAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param peer the peer's address
     * @param reason why it closed
     * @param detail more about why, for logs (the protocol error, say), if anything
     * @throws NullPointerException if a value is null
     */
    public PeerDisconnectedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@return {@link AlertCategory#CONNECT}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.CONNECT;
    }
}
