package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A piece was downloaded, passed its hash check and was written to storage. One alert per piece: high
 * volume, so its category is off by default.
 *
 * <p>Category {@link AlertCategory#PROGRESS}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param piece the piece index, from 0
 */
public record PieceFinishedAlert(
        Instant time,
        InfoHashes infoHashes,
        String name,
        int piece) implements TorrentAlert {

    /**
     * Checks the values.
     *
     * @param time when the engine posted it
     * @param infoHashes the torrent's info-hashes
     * @param name the torrent's name; empty while it has none (a magnet link without a display
     *     name, before its metadata arrives)
     * @param piece the piece index, from 0
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if piece is negative
     */
    public PieceFinishedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        if (piece < 0) {
            throw new IllegalArgumentException("negative piece: " + piece);
        }
    }

    /** {@return {@link AlertCategory#PROGRESS}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.PROGRESS;
    }
}
