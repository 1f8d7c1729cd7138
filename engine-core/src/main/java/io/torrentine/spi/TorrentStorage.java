package io.torrentine.spi;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one torrent's bytes live, addressed by piece and offset. The engine's disk layer calls
 * these methods from its disk threads only, never from a network event loop, so they may block.
 * Reads and writes of different pieces may run concurrently; the engine never runs
 * {@link #initialize}, {@link #moveStorage}, {@link #renameFile}, {@link #deleteFiles},
 * {@link #releaseFiles} or {@link #setFilePriorities} concurrently with anything else on the
 * same storage (they are fenced). Every method reports failure with {@link StorageException}.
 */
public interface TorrentStorage extends AutoCloseable {

    /**
     * Prepares the storage before the first write: creates what no piece ever writes, that is
     * the torrent's zero-length files and its BEP 47 symlinks (the default storage creates a
     * symlink only if its target stays inside the save path). Files of priority 0 are not
     * created. The engine calls it once, fenced like {@link #setFilePriorities}, when a torrent
     * starts downloading; it is not called to check existing data, so checking creates
     * nothing. Calling it again does no harm (what exists is kept, never truncated). The default does nothing, for storages without
     * files.
     *
     * @throws StorageException if a file or link cannot be created
     */
    default void initialize() {
    }

    /**
     * Writes bytes of one piece. Pad-file ranges (BEP 47) are skipped, never written.
     *
     * @param piece the piece index
     * @param offset the offset within the piece
     * @param data the bytes, from its position to its limit; the position is advanced
     * @throws StorageException if the write fails
     */
    void write(int piece, int offset, ByteBuffer data);

    /**
     * Reads bytes of one piece into {@code destination}, from its position up to its limit.
     * Pad-file ranges read as zeros.
     *
     * @param piece the piece index
     * @param offset the offset within the piece
     * @param destination where the bytes go; the position is advanced by the bytes read
     * @return the number of bytes read: fewer than requested if the data is not there (a file
     *     missing or short), which is not an error
     * @throws StorageException if reading fails for another reason
     */
    int read(int piece, int offset, ByteBuffer destination);

    /**
     * Applies new file priorities. A file at priority 0 is not written into; the bytes of a
     * wanted piece that fall into it are kept aside (the default storage uses a part file, as
     * libtorrent does) and moved into the file if it becomes wanted again.
     *
     * @param priorities one priority, 0 to 7, per file
     * @throws StorageException if moving kept-aside data into a now-wanted file fails
     */
    void setFilePriorities(List<Integer> priorities);

    /**
     * Moves every file to a new save path, across file systems if need be. All or nothing: on
     * failure the files stay (or are put back) where they were and the old save path stays.
     *
     * @param newSavePath the new save path
     * @throws StorageException with {@link StorageException.Reason#MOVE_FAILED} on failure
     */
    void moveStorage(Path newSavePath);

    /**
     * Renames one file within the save path.
     *
     * @param fileIndex the file
     * @param newRelativePath the new path, relative to the save path; it must stay inside it
     * @throws StorageException if the path would leave the save path or the rename fails
     */
    void renameFile(int fileIndex, String newRelativePath);

    /**
     * Deletes the torrent's files (and part file), and the directories that become empty.
     *
     * @throws StorageException if deleting fails
     */
    void deleteFiles();

    /** Closes every open file handle; later calls reopen them as needed. */
    void releaseFiles();

    /**
     * The directory the files live under now.
     *
     * @return the save path
     */
    Path savePath();

    /** Releases every resource; later calls fail with {@link StorageException.Reason#CLOSED}. */
    @Override
    void close();
}
