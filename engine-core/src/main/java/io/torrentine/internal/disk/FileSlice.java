package io.torrentine.internal.disk;

/**
 * A run of bytes within one file of a torrent.
 *
 * @param fileIndex the torrent's index of the file
 * @param fileOffset where the run starts within the file
 * @param length the number of bytes
 * @param pad whether the file is a pad file (BEP 47): zeros, never written
 */
public record FileSlice(int fileIndex, long fileOffset, int length, boolean pad) {
}
