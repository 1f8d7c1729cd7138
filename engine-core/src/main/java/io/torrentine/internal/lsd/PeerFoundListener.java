package io.torrentine.internal.lsd;

import io.torrentine.metainfo.Sha1Hash;
import java.net.InetSocketAddress;

/** Told of peers that local service discovery (BEP 14) found; called on the executor given with it. */
@FunctionalInterface
public interface PeerFoundListener {
    /**
     * A peer on the local network announced that it takes part in a swarm.
     *
     * @param infoHash the swarm's info-hash (the session decides whether it has such a torrent)
     * @param peer the sender's address with its announced listen port
     */
    void peerFound(Sha1Hash infoHash, InetSocketAddress peer);
}
