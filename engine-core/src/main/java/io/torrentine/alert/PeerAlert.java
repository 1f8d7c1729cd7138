package io.torrentine.alert;

import java.net.InetSocketAddress;

/** An alert about one peer of a torrent. */
public sealed interface PeerAlert extends TorrentAlert
        permits PeerConnectedAlert, PeerDisconnectedAlert, PeerBannedAlert {

    /**
     * The peer's address: the one we connected to, or the remote address of an incoming
     * connection.
     *
     * @return the address
     */
    InetSocketAddress peer();
}
