package io.torrentine.spi;

/**
 * Options of the default file storage ({@link StorageFactory#files(StorageOptions)}).
 *
 * <p>Start from {@link #defaults()} and change what you need with the {@code with...} methods:
 * {@code StorageOptions.defaults().withMaxOpenFiles(500)}.
 *
 * @param maxOpenFiles the most file handles open at once, over every torrent opened through one
 *     factory (libtorrent calls it {@code file_pool_size}); at least 1, 100 by default. A disk thread
 *     that needs a handle while all are in use waits until one is released.
 */
public record StorageOptions(int maxOpenFiles) {

    /** The default bound of open file handles (libtorrent 2.0.8 keeps at most 40 by default). */
    public static final int DEFAULT_MAX_OPEN_FILES = 100;

    /**
     * Validates the options.
     *
     * @param maxOpenFiles the most file handles open at once
     * @throws IllegalArgumentException if {@code maxOpenFiles} is less than 1
     */
    public StorageOptions {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, not " + maxOpenFiles);
        }
    }

    /**
     * The default options.
     *
     * @return options with {@link #DEFAULT_MAX_OPEN_FILES}
     */
    public static StorageOptions defaults() {
        return new StorageOptions(DEFAULT_MAX_OPEN_FILES);
    }

    /**
     * These options with another bound of open file handles.
     *
     * @param maxOpenFiles the most file handles open at once, at least 1
     * @return the new options
     * @throws IllegalArgumentException if {@code maxOpenFiles} is less than 1
     */
    public StorageOptions withMaxOpenFiles(int maxOpenFiles) {
        return new StorageOptions(maxOpenFiles);
    }
}
