package io.torrentine.internal.disk;

import java.util.ArrayList;
import java.util.List;

/**
 * The session's written blocks that are kept in memory until their piece is hashed, in the
 * order they were written, with a bound on their bytes: past it the oldest are evicted, and a
 * hash of their piece reads them back from storage. The entries belong to the torrents' {@link
 * StoreBuffer}s; this list only orders and counts them.
 *
 * <p>Thread-safe. Lock order: a store buffer's lock may be held when calling {@link #add} or
 * {@link #remove}, never the other way round; {@link #takeVictims} is called holding no lock.
 */
final class CleanBlockCache {
    private final long limit;

    // Guarded by this, as are the prev, next and linked fields of the entries.
    private long bytes;
    private StoreBuffer.Entry head;
    private StoreBuffer.Entry tail;

    CleanBlockCache(long limit) {
        this.limit = limit;
    }

    synchronized void add(StoreBuffer.Entry e) {
        e.prev = tail;
        e.next = null;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        e.linked = true;
        bytes += e.length;
    }

    synchronized void remove(StoreBuffer.Entry e) {
        if (e.linked) {
            unlink(e);
        }
    }

    /** Unlinks the oldest entries until the bytes are within the bound; their owners evict them. */
    synchronized List<StoreBuffer.Entry> takeVictims() {
        if (bytes <= limit) {
            return List.of();
        }
        List<StoreBuffer.Entry> victims = new ArrayList<>();
        while (bytes > limit && head != null) {
            StoreBuffer.Entry e = head;
            unlink(e);
            victims.add(e);
        }
        return victims;
    }

    synchronized long bytes() {
        return bytes;
    }

    private void unlink(StoreBuffer.Entry e) {
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.linked = false;
        bytes -= e.length;
    }
}
