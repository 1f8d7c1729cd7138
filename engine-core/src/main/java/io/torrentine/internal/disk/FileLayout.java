package io.torrentine.internal.disk;

import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.TorrentInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a torrent's pieces and 16 KiB blocks fall onto its files: the torrent is the files
 * concatenated in order (pad files included), cut into pieces of the piece length, the last one
 * shorter. Immutable and thread-safe.
 */
public final class FileLayout {
    /** The size of a block, the unit peers request (BEP 3) and v2 hashes (BEP 52). */
    public static final int BLOCK_SIZE = 16 * 1024;

    private final TorrentInfo torrent;
    private final long[] fileOffsets;
    private final long[] fileSizes;
    private final boolean[] pads;
    private final long totalSize;
    private final int pieceLength;
    private final int pieceCount;

    /**
     * The layout of a torrent.
     *
     * @param torrent the metadata
     */
    public FileLayout(TorrentInfo torrent) {
        this.torrent = Objects.requireNonNull(torrent, "torrent");
        List<FileEntry> files = torrent.files();
        fileOffsets = new long[files.size()];
        fileSizes = new long[files.size()];
        pads = new boolean[files.size()];
        for (int i = 0; i < files.size(); i++) {
            fileOffsets[i] = files.get(i).offset();
            fileSizes[i] = files.get(i).size();
            pads[i] = files.get(i).pad();
        }
        totalSize = torrent.totalSize();
        pieceLength = torrent.pieceLength();
        pieceCount = torrent.pieceCount();
    }

    /**
     * The torrent this layout is of.
     *
     * @return the metadata
     */
    public TorrentInfo torrent() {
        return torrent;
    }

    /**
     * The number of pieces.
     *
     * @return the piece count
     */
    public int pieceCount() {
        return pieceCount;
    }

    /**
     * The nominal piece length.
     *
     * @return the piece length in bytes
     */
    public int pieceLength() {
        return pieceLength;
    }

    /**
     * The length of one piece; only the last may be shorter.
     *
     * @param piece the piece index
     * @return its length in bytes
     */
    public int pieceSize(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return (int) Math.min(pieceLength, totalSize - (long) piece * pieceLength);
    }

    /**
     * The number of 16 KiB blocks in a piece (the last one may be shorter).
     *
     * @param piece the piece index
     * @return the block count
     */
    public int blockCount(int piece) {
        return (pieceSize(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /**
     * The length of one block.
     *
     * @param piece the piece index
     * @param block the block index within the piece
     * @return the block's length in bytes
     */
    public int blockSize(int piece, int block) {
        int size = pieceSize(piece);
        Objects.checkIndex(block, blockCount(piece));
        return Math.min(BLOCK_SIZE, size - block * BLOCK_SIZE);
    }

    /**
     * The number of files, pad files included.
     *
     * @return the file count
     */
    public int fileCount() {
        return fileSizes.length;
    }

    /**
     * One file.
     *
     * @param index the file index
     * @return the file entry
     */
    public FileEntry file(int index) {
        return torrent.files().get(index);
    }

    /**
     * The slices of the files that a range of a piece covers, in order. Zero-length files
     * cover nothing and never appear.
     *
     * @param piece the piece index
     * @param offset the offset within the piece
     * @param length the number of bytes
     * @return the slices, whose lengths add up to {@code length}
     * @throws IndexOutOfBoundsException if the range is not within the piece
     */
    public List<FileSlice> map(int piece, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pieceSize(piece));
        List<FileSlice> slices = new ArrayList<>(2);
        long position = (long) piece * pieceLength + offset;
        long end = position + length;
        int file = fileAt(position);
        while (position < end) {
            long fileEnd = fileOffsets[file] + fileSizes[file];
            if (fileEnd > position) {
                int run = (int) (Math.min(end, fileEnd) - position);
                slices.add(new FileSlice(file, position - fileOffsets[file], run, pads[file]));
                position += run;
            }
            file++;
        }
        return slices;
    }

    /**
     * The pieces a file's bytes fall into.
     *
     * @param fileIndex the file
     * @return {@code {first, last}} inclusive, or {@code {0, -1}} for a file of no bytes
     */
    public int[] pieceRange(int fileIndex) {
        if (fileSizes[fileIndex] == 0) {
            return new int[] {0, -1};
        }
        long start = fileOffsets[fileIndex];
        long last = start + fileSizes[fileIndex] - 1;
        return new int[] {(int) (start / pieceLength), (int) (last / pieceLength)};
    }

    /** The first file with bytes at {@code position} (skipping zero-length files there). */
    private int fileAt(long position) {
        int i = Arrays.binarySearch(fileOffsets, position);
        if (i < 0) {
            return -i - 2;
        }
        // Several files can start at one offset when some are empty: take the first with bytes.
        while (i > 0 && fileOffsets[i - 1] == position) {
            i--;
        }
        while (i < fileSizes.length - 1 && fileSizes[i] == 0) {
            i++;
        }
        return i;
    }
}
