package io.torrentine.session;

import io.torrentine.internal.peerlist.PeerSource;
import io.torrentine.internal.torrent.Torrent;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.TorrentInfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A torrent in a {@link Session}. Handles are cheap and thread-safe; every call is posted to
 * the torrent's event loop and returns at once. The returned futures complete on the session's
 * callback executor (never on an event loop), so dependent stages may block without stalling the
 * network. After the torrent is removed, calls fail with {@link IllegalStateException}.
 */
public final class TorrentHandle {
    private final Torrent torrent;

    TorrentHandle(Torrent torrent) {
        this.torrent = Objects.requireNonNull(torrent);
    }

    Torrent torrent() {
        return torrent;
    }

    /**
     * The torrent's info-hashes; known from the start, even for a magnet link.
     *
     * @return the info-hashes
     */
    public InfoHashes infoHashes() {
        return torrent.infoHashes();
    }

    /**
     * A snapshot of the torrent's state, progress, rates and peers.
     *
     * @return the status
     */
    public CompletableFuture<TorrentStatus> status() {
        return torrent.call(torrent::status);
    }

    /**
     * The torrent's metadata, once known (a magnet link has none until it is fetched).
     *
     * @return the metadata, or empty
     */
    public CompletableFuture<Optional<TorrentInfo>> torrentInfo() {
        return torrent.call(torrent::info);
    }

    /**
     * Disconnects every peer and stops connecting until {@link #resume()}. A
     * {@code TorrentPausedAlert} follows.
     *
     * @return completes when paused
     */
    public CompletableFuture<Void> pause() {
        return torrent.call(() -> {
            torrent.pause();
            return null;
        });
    }

    /**
     * Resumes a paused torrent, or one stopped on an error (the error is cleared and failed
     * writes are retried).
     *
     * @return completes when resumed
     */
    public CompletableFuture<Void> resume() {
        return torrent.call(() -> {
            torrent.resume();
            return null;
        });
    }

    /**
     * Checks every piece again from the files; peers are disconnected meanwhile.
     *
     * @return completes when the check is over
     */
    public CompletableFuture<Void> forceRecheck() {
        return torrent.compose(torrent::forceRecheck);
    }

    /**
     * The connected peers.
     *
     * @return one entry per peer
     */
    public CompletableFuture<List<PeerInfo>> peers() {
        return torrent.call(torrent::peerInfos);
    }

    /**
     * The verified bytes of each file.
     *
     * @return one entry per file, empty before metadata
     */
    public CompletableFuture<List<Long>> fileProgress() {
        return torrent.call(torrent::fileProgress);
    }

    /**
     * The file priorities (0 = skip, 4 = default, 7 = top).
     *
     * @return one per file
     */
    public CompletableFuture<List<Integer>> filePriorities() {
        return torrent.call(torrent::filePriorities);
    }

    /**
     * Sets every file's priority; the pieces' priorities follow (a piece takes the highest
     * priority of the files it overlaps). Changeable mid-download, including back from 0.
     *
     * @param priorities one per file, 0 to 7
     * @return completes when applied; fails with {@link IllegalArgumentException} for a wrong count
     */
    public CompletableFuture<Void> setFilePriorities(List<Integer> priorities) {
        List<Integer> copy = List.copyOf(priorities);
        return torrent.compose(() -> torrent.setFilePriorities(copy));
    }

    /**
     * Sets one file's priority.
     *
     * @param file the file index
     * @param priority 0 to 7
     * @return completes when applied
     */
    public CompletableFuture<Void> setFilePriority(int file, int priority) {
        return torrent.compose(() -> {
            List<Integer> next = new java.util.ArrayList<>(torrent.filePriorities());
            next.set(file, priority);
            return torrent.setFilePriorities(next);
        });
    }

    /**
     * The piece priorities.
     *
     * @return one per piece, empty before metadata
     */
    public CompletableFuture<List<Integer>> piecePriorities() {
        return torrent.call(torrent::piecePriorities);
    }

    /**
     * Sets every piece's priority.
     *
     * @param priorities one per piece, 0 to 7
     * @return completes when applied; fails with {@link IllegalArgumentException} for a wrong count
     */
    public CompletableFuture<Void> setPiecePriorities(List<Integer> priorities) {
        List<Integer> copy = List.copyOf(priorities);
        return torrent.call(() -> {
            torrent.setPiecePriorities(copy);
            return null;
        });
    }

    /**
     * Sets one piece's priority.
     *
     * @param piece the piece
     * @param priority 0 to 7
     * @return completes when applied
     */
    public CompletableFuture<Void> setPiecePriority(int piece, int priority) {
        return torrent.call(() -> {
            torrent.setPiecePriority(piece, priority);
            return null;
        });
    }

    /**
     * Turns sequential download on or off: pieces in index order rather than rarest first.
     *
     * @param on whether to download in order
     * @return completes when applied
     */
    public CompletableFuture<Void> setSequentialDownload(boolean on) {
        return torrent.call(() -> {
            torrent.setSequential(on);
            return null;
        });
    }

    /**
     * Asks for a piece within a time (streaming): pieces with a deadline are fetched first,
     * earliest deadline first.
     *
     * @param piece the piece
     * @param deadline how soon it is needed
     * @return completes when applied
     */
    public CompletableFuture<Void> setPieceDeadline(int piece, Duration deadline) {
        return torrent.call(() -> {
            torrent.setPieceDeadline(piece, deadline);
            return null;
        });
    }

    /**
     * Removes a piece's deadline.
     *
     * @param piece the piece
     * @return completes when applied
     */
    public CompletableFuture<Void> resetPieceDeadline(int piece) {
        return torrent.call(() -> {
            torrent.clearPieceDeadline(piece);
            return null;
        });
    }

    /**
     * Connects to a peer now (as libtorrent's {@code connect_peer}).
     *
     * @param address the peer's address
     * @return completes once the peer is queued for connecting
     */
    public CompletableFuture<Void> connectPeer(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        return torrent.call(() -> {
            torrent.addPeer(address, PeerSource.USER);
            return null;
        });
    }

    /**
     * Each tracker's state: last and next announce, the counts it reported, its last error
     * or warning.
     *
     * @return one entry per tracker
     */
    public CompletableFuture<List<TrackerStatus>> trackers() {
        return torrent.call(torrent::trackerStatus);
    }

    /**
     * Announces to the trackers now, as far as each tracker's {@code min interval} allows.
     *
     * @return completes when the announces are sent
     */
    public CompletableFuture<Void> forceReannounce() {
        return torrent.call(() -> {
            torrent.forceReannounce();
            return null;
        });
    }

    /**
     * Captures the torrent's resume data: only pieces both verified and written are recorded.
     * A {@code ResumeDataSavedAlert} carries it too. Write it with {@link
     * AddTorrentParams#toResumeData()}.
     *
     * @return the parameters that add the torrent again where it is now
     */
    public CompletableFuture<AddTorrentParams> saveResumeData() {
        return torrent.call(torrent::resumeData);
    }

    /**
     * Moves the torrent's files to another directory, all or nothing.
     *
     * @param newSavePath the new save path
     * @return completes when moved; fails with a {@link io.torrentine.spi.StorageException}
     */
    public CompletableFuture<Void> moveStorage(Path newSavePath) {
        Objects.requireNonNull(newSavePath, "newSavePath");
        return torrent.compose(() -> torrent.moveStorage(newSavePath));
    }

    /**
     * Renames one file. The name is used as given, never rewritten: a path that leaves the save
     * path, or on Windows has a component Windows would not keep as a file of that name (a DOS
     * device name such as {@code CON} or {@code nul.txt}, a trailing dot or space, one of
     * {@code :*?"<>|}), fails with {@code PATH_OUTSIDE_SAVE_PATH}.
     *
     * @param file the file index
     * @param newPath the new path, relative to the save path
     * @return completes when renamed; fails with a {@link io.torrentine.spi.StorageException}
     */
    public CompletableFuture<Void> renameFile(int file, String newPath) {
        Objects.requireNonNull(newPath, "newPath");
        return torrent.compose(() -> torrent.renameFile(file, newPath));
    }

    /**
     * Limits this torrent's download rate (on top of the session's limit).
     *
     * @param bytesPerSecond the limit, 0 for none
     * @return completes when applied
     */
    public CompletableFuture<Void> setDownloadLimit(long bytesPerSecond) {
        checkLimit(bytesPerSecond);
        return torrent.call(() -> {
            torrent.setRateLimits(bytesPerSecond, torrent.rateLimits()[1]);
            return null;
        });
    }

    /**
     * Limits this torrent's upload rate (on top of the session's limit).
     *
     * @param bytesPerSecond the limit, 0 for none
     * @return completes when applied
     */
    public CompletableFuture<Void> setUploadLimit(long bytesPerSecond) {
        checkLimit(bytesPerSecond);
        return torrent.call(() -> {
            torrent.setRateLimits(torrent.rateLimits()[0], bytesPerSecond);
            return null;
        });
    }

    private static void checkLimit(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a rate limit is 0 (none) or positive");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorrentHandle other && other.torrent == torrent;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(torrent);
    }

    @Override
    public String toString() {
        return "TorrentHandle[" + torrent.infoHashes() + "]";
    }
}
