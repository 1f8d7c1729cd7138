package io.torrentine.alert;

import io.torrentine.metainfo.InfoHashes;
import java.time.Instant;
import java.util.Objects;

/**
 * A downloaded piece failed its hash check (SHA-1 for v1, the SHA-256 merkle tree for v2, BEP 52): its
 * blocks are discarded and downloaded again, and the peers that sent them are scored.
 *
 * <p>Category {@link AlertCategory#STATUS}.
 *
 * @param time when the engine posted it
 * @param infoHashes the torrent's info-hashes
 * @param name the torrent's name; empty while it has none (a magnet link without a display
 *     name, before its metadata arrives)
 * @param piece the piece index, from 0
 */
public record HashFailedAlert(
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
    public HashFailedAlert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(infoHashes, "infoHashes");
        Objects.requireNonNull(name, "name");
        if (piece < 0) {
            throw new IllegalArgumentException("negative piece: " + piece);
        }
    }

    /** {@return {@link AlertCategory#STATUS}} */
    @Override
    public AlertCategory category() {
        return AlertCategory.STATUS;
    }
}
