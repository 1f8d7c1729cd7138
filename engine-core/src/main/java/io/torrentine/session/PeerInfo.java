package io.torrentine.session;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One connected peer of a torrent, as {@link TorrentHandle#peers()} saw it on the torrent's loop.
 *
 * @param address the peer's address
 * @param incoming whether the peer connected to us
 * @param client the client it names (BEP 10 {@code v}, else decoded from its BEP 20 peer id), or empty
 * @param seed whether it has every piece
 * @param progress the share of pieces it has, 0 to 1
 * @param amChoking whether we refuse to upload to it
 * @param amInterested whether we want pieces it has
 * @param peerChoking whether it refuses to upload to us
 * @param peerInterested whether it wants pieces we have
 * @param downloadRate payload bytes per second we receive from it
 * @param uploadRate payload bytes per second we send it
 * @param totalDownloaded payload bytes received from it on this connection
 * @param totalUploaded payload bytes sent to it on this connection
 * @param requestsOut our requests it has not answered yet
 * @param requestsIn its requests we have not answered yet
 */
public record PeerInfo(InetSocketAddress address, boolean incoming, String client, boolean seed, double progress,
                       boolean amChoking, boolean amInterested, boolean peerChoking, boolean peerInterested,
                       double downloadRate, double uploadRate, long totalDownloaded, long totalUploaded,
                       int requestsOut, int requestsIn) {
    /**
     * Checks the components.
     *
     * @param address address
     * @param incoming incoming
     * @param client client
     * @param seed seed
     * @param progress progress
     * @param amChoking we choke it
     * @param amInterested we are interested
     * @param peerChoking it chokes us
     * @param peerInterested it is interested
     * @param downloadRate download rate
     * @param uploadRate upload rate
     * @param totalDownloaded bytes downloaded
     * @param totalUploaded bytes uploaded
     * @param requestsOut our outstanding requests
     * @param requestsIn its queued requests
     */
    public PeerInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(client, "client");
    }
}
