package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A peer was banned: disconnected, and refused if it comes back. The session bans a peer that sent
 * data failing hash checks (smart ban) or that broke the protocol in a way that cannot be an
 * accident.
 *
 * <p>Category {@link AlertCategory#PEER}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param peer the peer's address
 * @param why the reason, for logs
 */
public record PeerBannedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        InetSocketAddress peer,
        String why) implements PeerAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param peer the peer's address
     * @param why the reason, for logs
     * @throws NullPointerException if a value is null
     */
    public PeerBannedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(why, "why");
    }

    /** {@return {@link AlertCategory#PEER}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.PEER;
    }
}
