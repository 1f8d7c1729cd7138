package io.torrentine.metainfo;

import io.torrentine.bencode.BencodeLimits;
import java.util.Objects;

/**
 * Bounds on the metadata Torrentine loads, so that a hostile .torrent file or peer costs little.
 * The defaults are libtorrent's {@code load_torrent_limits}, except where noted.
 *
 * @param bencode the decoder's bounds (input size, depth 100, item count)
 * @param maxPieces the most pieces a torrent may have
 * @param maxFiles the most files (pad files included)
 * @param maxPathDepth the most components in one file path
 * @param maxDuplicateCollisions how many name collisions renaming duplicate paths may meet,
 *     counted as libtorrent counts them (the n-th copy of a path collides n times)
 */
public record MetainfoLimits(BencodeLimits bencode, int maxPieces, int maxFiles, int maxPathDepth,
                             int maxDuplicateCollisions) {

    /**
     * libtorrent's defaults: 10 MiB .torrent files, 0x200000 pieces, depth 100, 500 duplicate
     * collisions; at most a million files (libtorrent bounds files only through its token
     * limit).
     */
    public static final MetainfoLimits DEFAULT = new MetainfoLimits(
            BencodeLimits.DEFAULT.withMaxInputSize(10 << 20).withMaxStringLength(10 << 20),
            0x200000, 1_000_000, 100, 500);

    /**
     * Checks that every bound is positive.
     *
     * @param bencode the decoder's bounds
     * @param maxPieces the most pieces
     * @param maxFiles the most files
     * @param maxPathDepth the most path components
     * @param maxDuplicateCollisions the most collisions while renaming duplicates
     * @throws IllegalArgumentException if a bound is not positive
     */
    public MetainfoLimits {
        Objects.requireNonNull(bencode, "bencode");
        if (maxPieces <= 0 || maxFiles <= 0 || maxPathDepth <= 0 || maxDuplicateCollisions < 0) {
            throw new IllegalArgumentException("metainfo limits must be positive");
        }
    }
}
