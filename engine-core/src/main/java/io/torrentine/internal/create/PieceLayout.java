package io.torrentine.internal.create;

import io.torrentine.metainfo.TorrentCreationException;
import io.torrentine.metainfo.TorrentCreationException.Reason;
import io.torrentine.metainfo.TorrentVersion;
import java.util.Arrays;
import java.util.List;

/**
 * Where each file lies in the torrent's piece space.
 *
 * <p>v1: files end to end. v2 and hybrid: every file starts on a piece boundary (BEP 52); a
 * hybrid torrent's v1 file list spells the gaps out as BEP 47 pad files, including one after
 * the last file of a multi-file torrent, as libtorrent 2.0 writes it. Empty files take no room.
 */
public final class PieceLayout {
    /**
     * The most pieces in one torrent: libtorrent's default {@code max_pieces} when loading, so
     * that libtorrent can load what we create.
     */
    public static final int MAX_PIECES = 0x200000;

    private final List<SourceFile> files;
    private final int pieceLength;
    private final long[] offsets;
    private final long[] padAfter;
    private final long hashedEnd;
    private final int pieceCount;
    private final long totalBytes;
    /** Indices of the non-empty files, and where each starts: the lookup table for reads. */
    private final int[] dataFiles;
    private final long[] dataStarts;

    private PieceLayout(List<SourceFile> files, int pieceLength, long[] offsets, long[] padAfter,
                        long hashedEnd, int pieceCount, long totalBytes, int[] dataFiles,
                        long[] dataStarts) {
        this.files = files;
        this.pieceLength = pieceLength;
        this.offsets = offsets;
        this.padAfter = padAfter;
        this.hashedEnd = hashedEnd;
        this.pieceCount = pieceCount;
        this.totalBytes = totalBytes;
        this.dataFiles = dataFiles;
        this.dataStarts = dataStarts;
    }

    /**
     * Lays the files of a source out.
     *
     * @param source the scanned source, files in torrent order
     * @param pieceLength the piece length, already validated
     * @param version which metadata the torrent has
     * @return the layout
     * @throws TorrentCreationException with {@code LIMIT_EXCEEDED} for too many pieces
     */
    public static PieceLayout of(ScannedSource source, int pieceLength, TorrentVersion version) {
        List<SourceFile> files = source.files();
        boolean aligned = version.hasV2();
        long[] offsets = new long[files.size()];
        long[] padAfter = new long[files.size()];
        int[] dataFiles = new int[files.size()];
        long[] dataStarts = new long[files.size()];
        int dataCount = 0;
        long position = 0;
        long dataEnd = 0;
        for (int i = 0; i < files.size(); i++) {
            long length = files.get(i).length();
            offsets[i] = position;
            if (length > 0) {
                dataFiles[dataCount] = i;
                dataStarts[dataCount] = position;
                dataCount++;
            }
            position += length;
            if (length > 0) {
                dataEnd = position;
            }
            long misalignment = position % pieceLength;
            if (aligned && misalignment != 0) {
                padAfter[i] = pieceLength - misalignment;
                position += padAfter[i];
            }
        }
        // The v1 hashes of a multi-file hybrid cover the tail pad; elsewhere the last piece is
        // short (and v2 never hashes padding).
        boolean tailPadded = version == TorrentVersion.HYBRID && !source.singleFile();
        if (!tailPadded && files.size() > 0) {
            padAfter[files.size() - 1] = 0;
        }
        long hashedEnd = tailPadded ? position : dataEnd;
        long pieces = (dataEnd + pieceLength - 1) / pieceLength;
        if (pieces > MAX_PIECES) {
            throw new TorrentCreationException(Reason.LIMIT_EXCEEDED, pieces
                    + " pieces of " + pieceLength + " bytes; loaders accept at most " + MAX_PIECES
                    + ", choose a larger piece size");
        }
        return new PieceLayout(files, pieceLength, offsets, padAfter, hashedEnd, (int) pieces,
                source.totalBytes(), Arrays.copyOf(dataFiles, dataCount),
                Arrays.copyOf(dataStarts, dataCount));
    }

    /** The files, in torrent order. */
    public List<SourceFile> files() {
        return files;
    }

    /** The piece length in bytes. */
    public int pieceLength() {
        return pieceLength;
    }

    /** The number of pieces. */
    public int pieceCount() {
        return pieceCount;
    }

    /** The total size of the files, pads excluded. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Where the last hashed piece ends in piece space (pads included where v1 hashes them). */
    public long hashedEnd() {
        return hashedEnd;
    }

    /** Where file {@code index} starts in piece space. */
    public long offset(int index) {
        return offsets[index];
    }

    /** The BEP 47 pad file that follows file {@code index} in a hybrid v1 file list, or 0. */
    public long padAfter(int index) {
        return padAfter[index];
    }

    /** The first piece of file {@code index} (meaningful for piece-aligned layouts). */
    public int firstPiece(int index) {
        return (int) (offsets[index] / pieceLength);
    }

    /** How many pieces file {@code index} spans on its own (BEP 52 piece layer length). */
    public int filePieceCount(int index) {
        return (int) ((files.get(index).length() + pieceLength - 1) / pieceLength);
    }

    /** The number of non-empty files. */
    int dataFileCount() {
        return dataFiles.length;
    }

    /** The file index of the {@code n}th non-empty file. */
    int dataFile(int n) {
        return dataFiles[n];
    }

    /**
     * The last non-empty file starting at or before {@code position}, as an index into the
     * non-empty files, or -1 if none.
     */
    int dataFileAtOrBefore(long position) {
        int found = Arrays.binarySearch(dataStarts, position);
        return found >= 0 ? found : -found - 2;
    }
}
