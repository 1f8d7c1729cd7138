package io.torrentine.internal.create;

/**
 * The hashes of every piece, indexed by piece.
 *
 * @param v1 the BEP 3 SHA-1 of each piece, 20 bytes each, or null for a v2-only torrent
 * @param v2 the BEP 52 merkle root of each piece's 16 KiB blocks, 32 bytes each (the piece
 *     layer entries, or the file root for a file smaller than a piece), or null for v1
 */
public record PieceHashes(byte[] v1, byte[] v2) {
}
