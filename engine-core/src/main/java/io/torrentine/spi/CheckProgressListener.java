package io.torrentine.spi;

/**
 * Hears how far a check of existing data ({@link StorageCheck}) has come.
 *
 * <p>Calls arrive one at a time (never concurrently), from one of the checking threads, once
 * per piece checked; keep them short, since the checking thread waits for them.
 */
@FunctionalInterface
public interface CheckProgressListener {
    /**
     * Reports progress.
     *
     * @param piecesChecked pieces checked so far, whether present or not
     * @param pieceCount the torrent's piece count
     * @param bytesChecked the sizes of the pieces checked so far, added up
     * @param totalBytes the torrent's size, pad files included
     */
    void onProgress(int piecesChecked, int pieceCount, long bytesChecked, long totalBytes);
}
