package io.torrentine.spi;

import io.torrentine.internal.disk.FileStorageFactory;

/**
 * Opens the storage of a torrent. The default factory ({@link #files()}) keeps files under the
 * save path; an application may supply its own (in memory, a database, an object store).
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

    /**
     * The default storage with default options: each torrent's files under its save path,
     * written with positional I/O, created sparse when first written, with a part file for the
     * bytes of unwanted files (see {@code docs/storage.md}).
     *
     * @return a new factory; the torrents it opens share one pool of open file handles
     */
    static StorageFactory files() {
        return files(StorageOptions.defaults());
    }

    /**
     * The default storage with the given options.
     *
     * @param options the options, e.g. the bound of open file handles
     * @return a new factory; the torrents it opens share one pool of at most
     *     {@link StorageOptions#maxOpenFiles()} open file handles
     */
    static StorageFactory files(StorageOptions options) {
        return new FileStorageFactory(options);
    }
}
