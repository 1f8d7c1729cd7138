package io.torrentine.session;

import io.torrentine.metainfo.InfoHashes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one torrent, taken on its event loop by {@link TorrentHandle#status()}.
 * Rates are payload bytes per second averaged over the last few seconds.
 *
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name (the magnet's display name or the info-hash before metadata)
 * @param state where the torrent is in its life
 * @param paused whether it is paused (it keeps its state)
 * @param error why it stopped, if it stopped on an error (state {@link TorrentState#ERROR})
 * @param hasMetadata whether the info dictionary is known (false while a magnet link fetches it)
 * @param savePath where its files are
 * @param totalSize the bytes of all its files (0 before metadata)
 * @param totalWanted the bytes of the pieces it wants (priority above 0)
 * @param totalWantedDone the bytes of wanted pieces it has verified
 * @param progress {@code totalWantedDone / totalWanted}, 0 to 1 (1 when nothing is wanted)
 * @param pieceCount the number of pieces (0 before metadata)
 * @param piecesHave the number of verified pieces
 * @param downloadRate payload bytes per second received
 * @param uploadRate payload bytes per second sent
 * @param totalDownloaded payload bytes received, including what resume data recorded
 * @param totalUploaded payload bytes sent, including what resume data recorded
 * @param wastedBytes bytes received and thrown away: failed pieces, duplicate blocks
 * @param peers connected peers
 * @param seeds connected peers that have every piece
 * @param knownPeers peers known to the torrent, connected or not
 * @param distributedCopies how many complete copies the connected peers hold together
 * @param eta the time left at the current rate, empty when unknown or nothing is left
 * @param sequentialDownload whether pieces are fetched in order
 * @param pieces a copy of the verified pieces
 */
public record TorrentStatus(InfoHashes infoHashes, String name, TorrentState state, boolean paused,
                            Optional<Exception> error, boolean hasMetadata, Path savePath, long totalSize,
                            long totalWanted, long totalWantedDone, double progress, int pieceCount, int piecesHave,
                            double downloadRate, double uploadRate, long totalDownloaded, long totalUploaded,
                            long wastedBytes, int peers, int seeds, int knownPeers, double distributedCopies,
                            Optional<Duration> eta, boolean sequentialDownload, BitSet pieces) {
    /**
     * Checks and copies the components.
     *
     * @param infoHashes info-hashes
     * @param name name
     * @param state state
     * @param paused paused
     * @param error error
     * @param hasMetadata has metadata
     * @param savePath save path
     * @param totalSize total size
     * @param totalWanted wanted bytes
     * @param totalWantedDone wanted bytes done
     * @param progress progress
     * @param pieceCount piece count
     * @param piecesHave pieces had
     * @param downloadRate download rate
     * @param uploadRate upload rate
     * @param totalDownloaded bytes downloaded
     * @param totalUploaded bytes uploaded
     * @param wastedBytes wasted bytes
     * @param peers peers
     * @param seeds seeds
     * @param knownPeers known peers
     * @param distributedCopies distributed copies
     * @param eta time left
     * @param sequentialDownload sequential mode
     * @param pieces pieces had
     */
    public TorrentStatus {
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(savePath, "savePath");
        Objects.requireNonNull(eta, "eta");
        pieces = (BitSet) pieces.clone();
    }

    /**
     * The verified pieces.
     *
     * @return a copy
     */
    @Override
    public BitSet pieces() {
        return (BitSet) pieces.clone();
    }

    /**
     * Whether every wanted piece is verified.
     *
     * @return true when finished or seeding
     */
    public boolean isFinished() {
        return state == TorrentState.FINISHED || state == TorrentState.SEEDING;
    }
}
