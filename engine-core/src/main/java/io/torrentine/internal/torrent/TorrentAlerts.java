package io.torrentine.internal.torrent;

import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.DisconnectReason;
import io.torrentine.alert.FileRenameFailedAlert;
import io.torrentine.alert.FileRenamedAlert;
import io.torrentine.alert.HashFailedAlert;
import io.torrentine.alert.MetadataReceivedAlert;
import io.torrentine.alert.PeerBannedAlert;
import io.torrentine.alert.PeerConnectedAlert;
import io.torrentine.alert.PeerDisconnectedAlert;
import io.torrentine.alert.PieceFinishedAlert;
import io.torrentine.alert.ResumeDataSavedAlert;
import io.torrentine.alert.StateChangedAlert;
import io.torrentine.alert.StorageMoveFailedAlert;
import io.torrentine.alert.StorageMovedAlert;
import io.torrentine.alert.TorrentAddedAlert;
import io.torrentine.alert.TorrentCheckedAlert;
import io.torrentine.alert.TorrentErrorAlert;
import io.torrentine.alert.TorrentFinishedAlert;
import io.torrentine.alert.TorrentPausedAlert;
import io.torrentine.alert.TorrentRemovedAlert;
import io.torrentine.alert.TorrentResumedAlert;
import io.torrentine.internal.alert.AlertQueue;
import io.torrentine.internal.peer.wire.PeerProtocolException;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.TorrentState;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Posts one torrent's alerts: each method builds its record only if the queue's mask wants its
 * category, so high-volume alerts (pieces, peers) cost nothing when they are filtered out.
 */
final class TorrentAlerts {
    private final AlertQueue queue;
    private final Clock clock;
    private final InfoHashes infoHashes;
    private final Supplier<String> name;

    TorrentAlerts(AlertQueue queue, Clock clock, InfoHashes infoHashes, Supplier<String> name) {
        this.queue = queue;
        this.clock = clock;
        this.infoHashes = infoHashes;
        this.name = name;
    }

    private Instant now() {
        return clock.instant();
    }

    void added() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new TorrentAddedAlert(now(), infoHashes, name.get()));
        }
    }

    void checked() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new TorrentCheckedAlert(now(), infoHashes, name.get()));
        }
    }

    void metadataReceived() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new MetadataReceivedAlert(now(), infoHashes, name.get()));
        }
    }

    void stateChanged(TorrentState previous, TorrentState next) {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new StateChangedAlert(now(), infoHashes, name.get(), previous, next));
        }
    }

    void pieceFinished(int piece) {
        if (queue.wants(AlertCategory.PROGRESS)) {
            queue.post(new PieceFinishedAlert(now(), infoHashes, name.get(), piece));
        }
    }

    void hashFailed(int piece) {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new HashFailedAlert(now(), infoHashes, name.get(), piece));
        }
    }

    void finished() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new TorrentFinishedAlert(now(), infoHashes, name.get()));
        }
    }

    void error(Exception e) {
        if (queue.wants(AlertCategory.ERROR)) {
            queue.post(new TorrentErrorAlert(now(), infoHashes, name.get(), e));
        }
    }

    void paused() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new TorrentPausedAlert(now(), infoHashes, name.get()));
        }
    }

    void resumed() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new TorrentResumedAlert(now(), infoHashes, name.get()));
        }
    }

    void removed() {
        if (queue.wants(AlertCategory.STATUS)) {
            queue.post(new TorrentRemovedAlert(now(), infoHashes, name.get()));
        }
    }

    void storageMoved(Path path) {
        if (queue.wants(AlertCategory.STORAGE)) {
            queue.post(new StorageMovedAlert(now(), infoHashes, name.get(), path));
        }
    }

    void storageMoveFailed(Path target, Exception e) {
        if (queue.wants(AlertCategory.ERROR)) {
            queue.post(new StorageMoveFailedAlert(now(), infoHashes, name.get(), target, e));
        }
    }

    void fileRenamed(int file, String newPath) {
        if (queue.wants(AlertCategory.STORAGE)) {
            queue.post(new FileRenamedAlert(now(), infoHashes, name.get(), file, newPath));
        }
    }

    void fileRenameFailed(int file, Exception e) {
        if (queue.wants(AlertCategory.ERROR)) {
            queue.post(new FileRenameFailedAlert(now(), infoHashes, name.get(), file, e));
        }
    }

    void resumeDataSaved(AddTorrentParams params) {
        queue.postResponse(new ResumeDataSavedAlert(now(), infoHashes, name.get(), params));
    }

    void peerConnected(InetSocketAddress peer, boolean incoming, String client) {
        if (queue.wants(AlertCategory.CONNECT)) {
            queue.post(new PeerConnectedAlert(now(), infoHashes, name.get(), peer, incoming, client));
        }
    }

    void peerDisconnected(InetSocketAddress peer, Throwable cause, boolean torrentRemoved) {
        if (!queue.wants(AlertCategory.CONNECT)) {
            return;
        }
        DisconnectReason reason;
        if (torrentRemoved) {
            reason = DisconnectReason.TORRENT_REMOVED;
        } else if (cause instanceof PeerProtocolException p) {
            reason = p.reason() == PeerProtocolException.Reason.BANNED ? DisconnectReason.BANNED
                    : p.reason() == PeerProtocolException.Reason.IDLE_TIMEOUT ? DisconnectReason.TIMEOUT
                    : DisconnectReason.PROTOCOL_ERROR;
        } else if (cause == null) {
            reason = DisconnectReason.CLOSED_BY_PEER;
        } else {
            reason = DisconnectReason.OTHER;
        }
        queue.post(new PeerDisconnectedAlert(now(), infoHashes, name.get(), peer, reason,
                Optional.ofNullable(cause).map(Throwable::getMessage)));
    }

    void performanceWarning(io.torrentine.alert.PerformanceWarning warning) {
        if (queue.wants(AlertCategory.PERFORMANCE)) {
            queue.post(new io.torrentine.alert.PerformanceWarningAlert(now(), infoHashes, name.get(), warning));
        }
    }

    void peerBanned(InetSocketAddress peer, String why) {
        if (queue.wants(AlertCategory.PEER)) {
            queue.post(new PeerBannedAlert(now(), infoHashes, name.get(), peer, why));
        }
    }
}
