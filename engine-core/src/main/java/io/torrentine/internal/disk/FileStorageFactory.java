package io.torrentine.internal.disk;

import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import java.util.Objects;

/**
 * The default {@link StorageFactory} ({@link StorageFactory#files(StorageOptions)}): opens
 * {@link DefaultTorrentStorage}s that share one {@link FileHandlePool}, so the bound of open
 * files holds across every torrent opened through this factory.
 */
public final class FileStorageFactory implements StorageFactory {
    private final FileHandlePool pool;

    /**
     * A factory.
     *
     * @param options the options, e.g. the bound of open files
     */
    public FileStorageFactory(StorageOptions options) {
        this.pool = new FileHandlePool(Objects.requireNonNull(options, "options").maxOpenFiles());
    }

    /**
     * The pool of open files shared by this factory's storages.
     *
     * @return the pool
     */
    public FileHandlePool pool() {
        return pool;
    }

    @Override
    public DefaultTorrentStorage open(StorageParams params) {
        return new DefaultTorrentStorage(params, pool);
    }
}
