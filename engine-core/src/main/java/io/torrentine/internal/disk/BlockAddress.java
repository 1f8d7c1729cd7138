package io.torrentine.internal.disk;

/**
 * Where a block lies in a torrent.
 *
 * @param piece the piece index
 * @param offset the block's offset within the piece, a multiple of {@link FileLayout#BLOCK_SIZE}
 */
public record BlockAddress(int piece, int offset) {
}
