package io.torrentine.internal.torrent;

import io.torrentine.internal.peerlist.PeerListSettings;
import io.torrentine.session.SessionSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The peer list's settings from the session's. */
final class PeerListSettingsFactory {
    private PeerListSettingsFactory() {
    }

    static PeerListSettings from(SessionSettings s, InetSocketAddress listenAddress) {
        return new PeerListSettings(4000, 3, Duration.ofSeconds(60), s.allowMultipleConnectionsPerIp(), listenAddress);
    }
}
