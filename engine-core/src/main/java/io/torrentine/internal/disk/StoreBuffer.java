package io.torrentine.internal.disk;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One torrent's received blocks held in memory: from the moment a write is queued until it is
 * written (DIRTY), after it was written until its piece is hashed or the session's {@link
 * CleanBlockCache} evicts it (CLEAN), and after its write failed until the torrent retries or
 * discards it (FAILED). Reads and hashes look blocks up here first.
 *
 * <p>Every entry carries the sequence number of the write that put it here; a job with sequence
 * number {@code s} sees, for each block, the entry with the highest number below {@code s}, and
 * the storage only if there is none. Together with the job order of {@link JobQueue} (a write
 * starts only after every earlier job of its piece finished) this makes each read and hash see
 * exactly the writes queued before it.
 *
 * <p>An entry owns its buffer; whoever detaches an entry (the methods returning entries) must
 * release the buffer, after leaving this object's lock. Thread-safe; lock order: {@link
 * JobQueue} before this, this before {@link CleanBlockCache}.
 */
final class StoreBuffer {
    /** Where an entry is in its life. */
    enum State {
        /** Queued for writing or being written. */
        DIRTY,
        /** Written; kept for hashing. */
        CLEAN,
        /** Its write failed; held until retried or discarded. */
        FAILED
    }

    /** A block held in memory. */
    static final class Entry {
        final StoreBuffer owner;
        final int piece;
        final int block;
        final int length;
        final ByteBuf data;
        final long seq;
        // Guarded by owner.
        State state = State.DIRTY;
        boolean detached;
        // Guarded by the CleanBlockCache.
        Entry prev;
        Entry next;
        boolean linked;

        Entry(StoreBuffer owner, int piece, int block, ByteBuf data, long seq) {
            this.owner = owner;
            this.piece = piece;
            this.block = block;
            this.length = data.readableBytes();
            this.data = data;
            this.seq = seq;
        }

        BlockAddress address() {
            return new BlockAddress(piece, block * FileLayout.BLOCK_SIZE);
        }
    }

    /** One piece's entries, per block in ascending sequence order. */
    private static final class Slot {
        final List<Entry>[] blocks;
        int count;
        /** Written entries older than this were hashed already: no need to keep them. */
        long hashedBefore = Long.MIN_VALUE;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Slot(int blockCount) {
            blocks = new List[blockCount];
        }
    }

    private final FileLayout layout;
    private final CleanBlockCache cache;
    // Guarded by this.
    private final Map<Integer, Slot> slots = new HashMap<>();

    StoreBuffer(FileLayout layout, CleanBlockCache cache) {
        this.layout = layout;
        this.cache = cache;
    }

    /** Adds a DIRTY entry that takes ownership of {@code data}. */
    synchronized Entry put(int piece, int block, ByteBuf data, long seq) {
        Slot slot = slots.computeIfAbsent(piece, p -> new Slot(layout.blockCount(p)));
        List<Entry> entries = slot.blocks[block];
        if (entries == null) {
            entries = new ArrayList<>(1);
            slot.blocks[block] = entries;
        }
        Entry e = new Entry(this, piece, block, data, seq);
        entries.add(e);
        slot.count++;
        return e;
    }

    /**
     * The block as seen by a job: the newest entry written before {@code seq}, retained for the
     * caller, who releases it.
     *
     * @return the retained buffer (its readable bytes are the block), or null to read storage
     */
    synchronized ByteBuf retainVisible(int piece, int block, long seq) {
        Slot slot = slots.get(piece);
        List<Entry> entries = slot == null ? null : slot.blocks[block];
        if (entries == null) {
            return null;
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.seq < seq) {
                return e.data.retain();
            }
        }
        return null;
    }

    /**
     * An entry's block was written. It stays as CLEAN for hashing unless its piece was hashed
     * since; older entries of the block are superseded.
     *
     * @return the detached entries, to release
     */
    synchronized List<Entry> written(Entry e) {
        if (e.detached) {
            return List.of();
        }
        List<Entry> detached = new ArrayList<>(1);
        Slot slot = slots.get(e.piece);
        for (Entry older : List.copyOf(slot.blocks[e.block])) {
            if (older.seq < e.seq) {
                detach(older, slot);
                detached.add(older);
            }
        }
        if (slot.hashedBefore > e.seq) {
            e.state = State.CLEAN; // written, and never linked into the cache
            detach(e, slot);
            detached.add(e);
        } else {
            e.state = State.CLEAN;
            cache.add(e);
        }
        return detached;
    }

    /**
     * An entry's write failed: it is held.
     *
     * @return false if the entry was detached meanwhile
     */
    synchronized boolean failed(Entry e) {
        if (e.detached) {
            return false;
        }
        e.state = State.FAILED;
        return true;
    }

    /** Puts a held entry back to DIRTY for another write. */
    synchronized boolean requeue(Entry e) {
        if (e.detached || e.state != State.FAILED) {
            return false;
        }
        e.state = State.DIRTY;
        return true;
    }

    /**
     * Removes an entry whose write will not happen (refused, cancelled, aborted).
     *
     * @return true if this call detached it, so the caller must release it
     */
    synchronized boolean remove(Entry e) {
        if (e.detached) {
            return false;
        }
        detach(e, slots.get(e.piece));
        return true;
    }

    /**
     * A hash with sequence number {@code seq} of the piece finished: its written blocks older
     * than the hash are no longer needed, nor are those whose write is still running.
     *
     * @return the detached entries, to release
     */
    synchronized List<Entry> hashed(int piece, long seq) {
        Slot slot = slots.get(piece);
        if (slot == null) {
            return List.of();
        }
        slot.hashedBefore = Math.max(slot.hashedBefore, seq);
        List<Entry> detached = new ArrayList<>();
        for (List<Entry> entries : slot.blocks) {
            if (entries != null) {
                for (Entry e : List.copyOf(entries)) {
                    if (e.state == State.CLEAN && e.seq < seq) {
                        detach(e, slot);
                        detached.add(e);
                    }
                }
            }
        }
        return detached;
    }

    /**
     * The cache chose this entry as a victim.
     *
     * @return true if this call detached it, so the caller must release it
     */
    synchronized boolean evict(Entry e) {
        if (e.detached || e.state != State.CLEAN) {
            return false;
        }
        detach(e, slots.get(e.piece));
        return true;
    }

    /** The held entries that are the newest of their block: the ones a retry would write. */
    synchronized List<Entry> failedToRetry() {
        List<Entry> result = new ArrayList<>();
        for (Slot slot : slots.values()) {
            for (List<Entry> entries : slot.blocks) {
                if (entries != null && !entries.isEmpty()
                        && entries.get(entries.size() - 1).state == State.FAILED) {
                    result.add(entries.get(entries.size() - 1));
                }
            }
        }
        result.sort((a, b) -> Long.compare(a.seq, b.seq));
        return result;
    }

    /** The addresses of the held blocks, in piece and offset order. */
    synchronized List<BlockAddress> failedAddresses() {
        List<BlockAddress> result = new ArrayList<>();
        for (Slot slot : slots.values()) {
            for (List<Entry> entries : slot.blocks) {
                if (entries != null) {
                    for (Entry e : entries) {
                        if (e.state == State.FAILED) {
                            result.add(e.address());
                        }
                    }
                }
            }
        }
        result.sort((a, b) -> a.piece() != b.piece() ? Integer.compare(a.piece(), b.piece())
                : Integer.compare(a.offset(), b.offset()));
        return result;
    }

    /**
     * Detaches the held entries of one piece, or of every piece if {@code piece} is negative,
     * older than {@code beforeSeq}.
     *
     * @return the detached entries, to release
     */
    synchronized List<Entry> removeFailed(int piece, long beforeSeq) {
        List<Entry> detached = new ArrayList<>();
        for (Iterator<Map.Entry<Integer, Slot>> it = slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Slot> mapEntry = it.next();
            if (piece >= 0 && mapEntry.getKey() != piece) {
                continue;
            }
            Slot slot = mapEntry.getValue();
            for (List<Entry> entries : slot.blocks) {
                if (entries != null) {
                    for (Iterator<Entry> e = entries.iterator(); e.hasNext(); ) {
                        Entry entry = e.next();
                        if (entry.state == State.FAILED && entry.seq < beforeSeq) {
                            e.remove();
                            entry.detached = true;
                            slot.count--;
                            detached.add(entry);
                        }
                    }
                }
            }
            if (slot.count == 0) {
                it.remove();
            }
        }
        return detached;
    }

    /**
     * Detaches every entry.
     *
     * @return the detached entries, to release
     */
    synchronized List<Entry> clear() {
        List<Entry> detached = new ArrayList<>();
        for (Slot slot : slots.values()) {
            for (List<Entry> entries : slot.blocks) {
                if (entries != null) {
                    for (Entry e : entries) {
                        e.detached = true;
                        if (e.state == State.CLEAN) {
                            cache.remove(e);
                        }
                        detached.add(e);
                    }
                }
            }
        }
        slots.clear();
        return detached;
    }

    /** The number of entries held, in every state. */
    synchronized int size() {
        int n = 0;
        for (Slot slot : slots.values()) {
            n += slot.count;
        }
        return n;
    }

    /** The state of the newest entry of a block, or null if none. */
    synchronized State stateOf(int piece, int block) {
        Slot slot = slots.get(piece);
        List<Entry> entries = slot == null ? null : slot.blocks[block];
        return entries == null || entries.isEmpty() ? null : entries.get(entries.size() - 1).state;
    }

    private void detach(Entry e, Slot slot) {
        slot.blocks[e.block].remove(e);
        e.detached = true;
        if (e.state == State.CLEAN) {
            cache.remove(e);
        }
        if (--slot.count == 0) {
            slots.remove(e.piece);
        }
    }
}
