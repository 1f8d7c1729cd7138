package io.torrentine.internal.disk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of open {@link FileChannel}s, shared by the storages of one factory (libtorrent's
 * {@code file_pool}). Handles are kept open in least-recently-used order; when the bound is
 * reached the least recently used idle handle is closed to make room, and if every handle is in
 * use the caller waits until one is released. So at most {@link #maxOpen()} channels are ever
 * open at once.
 *
 * <p>A handle is reference counted: it is never closed while a thread is doing I/O on it, even
 * if it is evicted or its owner releases its files meanwhile; it is then closed by the last
 * {@link Handle#close()}. A handle opened for reading is replaced by a read-write one when a
 * write needs it.
 *
 * <p>Thread-safe. A thread must hold at most one handle at a time: two threads each holding one
 * and waiting for a second could wait forever on a full pool.
 */
public final class FileHandlePool {
    private static final Logger LOG = LoggerFactory.getLogger(FileHandlePool.class);

    /** Opens a file when the pool has no handle for it. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens the file.
         *
         * @param write whether the channel must be writable (and the file created if missing)
         * @return the open channel
         * @throws IOException if the file cannot be opened
         */
        FileChannel open(boolean write) throws IOException;
    }

    /**
     * What a handle is for: one file of one storage.
     *
     * @param owner the storage (compared by identity)
     * @param file the file index within the storage, or -1 for its part file
     */
    public record Key(Object owner, int file) {
    }

    private final int maxOpen;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Handles in the pool, least recently used first. */
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * Slots taken: channels open (in the pool, retired but still in use, or being closed) and
     * channels being opened. A slot is freed only once its channel is closed.
     */
    private int open;
    private int highWater;

    /**
     * A pool.
     *
     * @param maxOpen the most channels open at once, at least 1
     */
    public FileHandlePool(int maxOpen) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be at least 1, not " + maxOpen);
        }
        this.maxOpen = maxOpen;
    }

    /**
     * The bound.
     *
     * @return the most channels open at once
     */
    public int maxOpen() {
        return maxOpen;
    }

    /**
     * How many channels are open now (for tests and statistics).
     *
     * @return the open channels, plus any being opened
     */
    public int openCount() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The most channels that were ever open at once (for tests).
     *
     * @return the high-water mark
     */
    public int highWater() {
        lock.lock();
        try {
            return highWater;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a handle for a file, opening it if the pool has none (or only a read-only one when
     * {@code write} is asked). Release it with {@link Handle#close()}, in a try-with-resources.
     *
     * @param key the file
     * @param write whether the handle must be writable
     * @param opener opens the file if needed; it runs without the pool's lock held
     * @return the handle
     * @throws IOException if opening fails, or {@link InterruptedIOException} if the thread is
     *     interrupted while waiting for a free slot
     */
    public Handle acquire(Key key, boolean write, Opener opener) throws IOException {
        // A channel whose slot passes to us: it is closed before ours is opened, so the channels
        // really open never exceed the bound, even for a moment.
        FileChannel handedOver = null;
        lock.lock();
        try {
            while (true) {
                Entry entry = entries.get(key);
                if (entry != null && (entry.writable || !write)) {
                    entry.refs++;
                    return new Handle(entry);
                }
                if (entry != null) {
                    // Read-only, and a write needs it: replace it.
                    entries.remove(key, entry);
                    entry.retired = true;
                    if (entry.refs == 0) {
                        handedOver = entry.channel;
                        break;
                    }
                }
                if (open < maxOpen) {
                    open++;
                    highWater = Math.max(highWater, open);
                    break;
                }
                handedOver = evictIdle();
                if (handedOver != null) {
                    break;
                }
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a file handle");
                }
            }
        } finally {
            lock.unlock();
        }
        FileChannel channel;
        boolean opened = false;
        try {
            if (handedOver != null) {
                closeQuietly(handedOver);
            }
            channel = opener.open(write);
            opened = true;
        } finally {
            if (!opened) {
                freeSlots(1);
            }
        }
        FileChannel spare = null;
        FileChannel retired = null;
        lock.lock();
        try {
            Entry existing = entries.get(key);
            if (existing != null && (existing.writable || !write)) {
                // Another thread opened the same file meanwhile: share its handle, drop ours.
                existing.refs++;
                spare = channel;
                return new Handle(existing);
            }
            if (existing != null) {
                entries.remove(key, existing);
                existing.retired = true;
                if (existing.refs == 0) {
                    retired = existing.channel;
                }
            }
            Entry entry = new Entry(key, channel, write);
            entry.refs = 1;
            entries.put(key, entry);
            return new Handle(entry);
        } finally {
            lock.unlock();
            closeAndFree(spare, retired);
        }
    }

    /**
     * Closes one file's handle (at once if idle, else when its last user releases it).
     *
     * @param key the file
     * @throws IOException if closing an idle channel failed
     */
    public void release(Key key) throws IOException {
        List<FileChannel> toClose = new ArrayList<>(1);
        lock.lock();
        try {
            Entry entry = entries.get(key);
            if (entry != null) {
                retire(entry, toClose);
            }
        } finally {
            lock.unlock();
        }
        closeAllOrThrowThenFree(toClose);
    }

    /**
     * Closes every handle of one owner (at once if idle, else when its last user releases it).
     *
     * @param owner the storage
     * @throws IOException if closing an idle channel failed (every other one is still closed)
     */
    public void releaseOwner(Object owner) throws IOException {
        List<FileChannel> toClose = new ArrayList<>();
        lock.lock();
        try {
            List<Entry> mine = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.key.owner() == owner) {
                    mine.add(e);
                }
            }
            for (Entry e : mine) {
                retire(e, toClose);
            }
        } finally {
            lock.unlock();
        }
        closeAllOrThrowThenFree(toClose);
    }

    /**
     * Takes an entry out of the pool; an idle one's channel goes to {@code toClose} (its slot is
     * freed once it is closed), a busy one is closed by its last user.
     */
    private void retire(Entry entry, List<FileChannel> toClose) {
        entries.remove(entry.key, entry);
        entry.retired = true;
        if (entry.refs == 0) {
            toClose.add(entry.channel);
        }
    }

    /** Takes the least recently used idle handle out of the pool; its slot passes to the caller. */
    private FileChannel evictIdle() {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.refs == 0) {
                it.remove();
                e.retired = true;
                return e.channel;
            }
        }
        return null;
    }

    /** Gives back slots whose channels are closed (or were never opened). */
    private void freeSlots(int count) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            open -= count;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void unref(Entry entry) {
        FileChannel toClose = null;
        lock.lock();
        try {
            entry.refs--;
            if (entry.refs == 0 && entry.retired) {
                toClose = entry.channel;
            } else {
                released.signalAll(); // an idle handle may now be evicted by a waiting thread
            }
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            closeAndFree(toClose, null);
        }
    }

    /** Closes up to two channels (nulls skipped) and then frees their slots. */
    private void closeAndFree(FileChannel first, FileChannel second) {
        int closed = 0;
        for (FileChannel c : new FileChannel[] {first, second}) {
            if (c != null) {
                closeQuietly(c);
                closed++;
            }
        }
        freeSlots(closed);
    }

    /**
     * Closes a channel nobody is waiting on the result of (evicted, or a duplicate), so a failure
     * is logged. (Data written through it is in the page cache already; close reports only late
     * errors of network file systems.)
     */
    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing an evicted file handle failed", e);
        }
    }

    private void closeAllOrThrowThenFree(List<FileChannel> channels) throws IOException {
        IOException first = null;
        for (FileChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        // A channel whose close failed is closed all the same (FileChannel's contract).
        freeSlots(channels.size());
        if (first != null) {
            throw first;
        }
    }

    private static final class Entry {
        final Key key;
        final FileChannel channel;
        final boolean writable;
        int refs;
        boolean retired;

        Entry(Key key, FileChannel channel, boolean writable) {
            this.key = key;
            this.channel = channel;
            this.writable = writable;
        }
    }

    /** A channel on loan from the pool; {@link #close()} gives it back (once). */
    public final class Handle implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Handle(Entry entry) {
            this.entry = entry;
        }

        /**
         * The open channel; use positional reads and writes only, since other threads share it.
         *
         * @return the channel
         */
        public FileChannel channel() {
            return entry.channel;
        }

        /** Gives the handle back to the pool. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                unref(entry);
            }
        }
    }
}
