package io.torrentine.internal.peer;

import io.torrentine.metainfo.Sha1Hash;
import java.util.Optional;

/**
 * Decides which torrent an incoming connection is for, from the info-hash in its handshake
 * (BEP 3). Called on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface TorrentResolver {
    /**
     * Finds the torrent a peer asks for.
     *
     * @param infoHash the info-hash from the peer's handshake
     * @return the torrent, or empty to refuse the connection
     */
    Optional<PeerTorrent> resolve(Sha1Hash infoHash);
}
