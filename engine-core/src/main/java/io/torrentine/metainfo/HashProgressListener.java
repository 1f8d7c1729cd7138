package io.torrentine.metainfo;

/**
 * Told how far {@link TorrentCreator} has hashed.
 *
 * <p>Threads: it is called on the hashing threads (the thread that called
 * {@link TorrentCreator#create()} is one of them), but never by two threads at once, and
 * {@code bytesHashed} never decreases from one call to the next. It is called about once per
 * megabyte hashed, so it must return quickly: hand the numbers to a UI rather than doing work
 * here. An exception it throws aborts the creation and is rethrown to the caller.
 */
@FunctionalInterface
public interface HashProgressListener {
    /**
     * Reports progress.
     *
     * @param bytesHashed bytes of file content hashed so far (pad files are not counted)
     * @param totalBytes the total size of the files being hashed
     */
    void onProgress(long bytesHashed, long totalBytes);
}
