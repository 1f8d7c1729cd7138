package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Moving a torrent's files failed. The move is all or nothing: the files stay where they were and
 * the save path does not change.
 *
 * <p>Category {@link AlertCategory#ERROR}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param target the save path the files were to move to
 * @param error why it failed
 */
public record StorageMoveFailedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        Path target,
        Exception error) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param target the save path the files were to move to
     * @param error why it failed
     * @throws NullPointerException if a value is null
     */
    public StorageMoveFailedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(error, "error");
    }

    /** {@return {@link AlertCategory#ERROR}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.ERROR;
    }
}
