package io.torrentine.spi;

/**
 * Opens the storage of a torrent. The default factory keeps files under the save path; an
 * application may supply its own (in memory, a database, an object store).
 */
@FunctionalInterface
public interface StorageFactory {
    /**
     * Opens (without necessarily creating anything on disk) the storage of one torrent. Called
     * on a disk thread.
     *
     * @param params the torrent, save path and file priorities
     * @return the storage
     * @throws StorageException if the storage cannot be opened
     */
    TorrentStorage open(StorageParams params);
}
