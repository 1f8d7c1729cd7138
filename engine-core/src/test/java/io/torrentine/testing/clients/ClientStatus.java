package io.torrentine.testing.clients;

/**
 * What a real client last said about its torrent. libtorrent reports every figure exactly;
 * Transmission's and aria2's figures are parsed from their console output, so they are rounded
 * and arrive at most once a second (each client's Javadoc says which are estimates).
 *
 * @param progress the fraction of the wanted data that is done, 0 to 1
 * @param state the client's own word for the state, lower case (e.g. {@code downloading},
 *     {@code seeding}, {@code checking_files})
 * @param downloadRate payload bytes per second received
 * @param uploadRate payload bytes per second sent
 * @param peers connected peers
 * @param totalDownload payload bytes received so far (libtorrent counts them in a once-a-second
 *     statistics tick: right after a fast download this may still be 0)
 * @param totalUpload payload bytes sent so far (the same lag)
 */
public record ClientStatus(double progress, String state, long downloadRate, long uploadRate, int peers,
                           long totalDownload, long totalUpload) {
}
