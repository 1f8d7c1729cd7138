package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;

/**
 * An alert about one torrent, which its info-hashes identify (they stay the same for the life of
 * the torrent, including a magnet link whose metadata arrives later).
 */
public sealed interface TorrentAlert extends Alert
        permits PeerAlert, TorrentAddedAlert, TorrentRemovedAlert, MetadataReceivedAlert,
                StateChangedAlert, PieceFinishedAlert, HashFailedAlert, TorrentFinishedAlert,
                TorrentCheckedAlert, TorrentPausedAlert, TorrentResumedAlert, TorrentErrorAlert,
                StorageMovedAlert, StorageMoveFailedAlert, FileRenamedAlert, FileRenameFailedAlert,
                ResumeDataSavedAlert, SaveResumeDataFailedAlert, TorrentDeletedAlert,
                TorrentDeleteFailedAlert, PerformanceWarningAlert, TrackerReplyAlert, TrackerWarningAlert,
                TrackerErrorAlert {

    /**
     * The torrent's info-hashes.
     *
     * @return the info-hashes
     */
    InfoHashes infoHashes();

    /**
     * The torrent's name when the alert was posted, for showing to a user.
     *
     * @return the name; empty while the torrent has none (a magnet link without a display name,
     *     before its metadata arrives)
     */
    String name();
}
