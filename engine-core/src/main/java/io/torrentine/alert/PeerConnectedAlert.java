package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A peer connection completed its handshake (BEP 3) and joined the torrent.
 *
 * <p>Category {@link AlertCategory#CONNECT}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param peer the peer's address
 * @param incoming true if the peer connected to us, false if we connected to it
 * @param client the peer's client: the {@code v} of its extension handshake (BEP 10), else what its
 *     peer id says; empty if neither says
 */
public record PeerConnectedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        InetSocketAddress peer,
        boolean incoming,
        String client) implements PeerAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param peer the peer's address
     * @param incoming true if the peer connected to us, false if we connected to it
     * @param client the peer's client: the {@code v} of its extension handshake (BEP 10), else what its
     *     peer id says; empty if neither says
     * @throws NullPointerException if a value is null
     */
    public PeerConnectedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(client, "client");
    }

    /** {@return {@link AlertCategory#CONNECT}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.CONNECT;
    }
}
