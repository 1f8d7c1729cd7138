package io.torrentine.internal.picker;

import java.util.random.RandomGenerator;

/**
 * The pieces of one priority level that nobody has started yet, ordered rarest first.
 *
 * <p>The pieces sit in one array sorted by availability, in buckets of equal availability
 * ({@code bucketEnd[a]} is the exclusive end of bucket {@code a}). A change of availability by
 * one moves a piece across one bucket boundary with a single swap, so a {@code have} message
 * costs O(1); adding or removing a piece costs one swap per bucket above it (the buckets are
 * bounded by the number of peers). Within a bucket the order is random: every piece that enters
 * a bucket swaps with a random member of it, so that clients spread over equally rare pieces.
 *
 * <p>The position of every piece is kept in an array shared by all levels ({@code pos}), since
 * a piece is in at most one level at a time.
 */
final class RarityOrder {
    private final int[] pos;
    private final RandomGenerator random;
    private int[] order = new int[16];
    private int[] bucketEnd = new int[4];
    private int buckets = 1;

    RarityOrder(int[] pos, RandomGenerator random) {
        this.pos = pos;
        this.random = random;
    }

    int size() {
        return bucketEnd[buckets - 1];
    }

    /** The piece at {@code index}: index 0 is the rarest. */
    int get(int index) {
        return order[index];
    }

    /** Adds a piece whose availability is {@code avail}, at a random place among its equals. */
    void add(int piece, int avail) {
        ensureBuckets(avail + 1);
        int size = size();
        if (size == order.length) {
            order = java.util.Arrays.copyOf(order, size * 2);
        }
        order[size] = piece;
        pos[piece] = size;
        bucketEnd[buckets - 1]++;
        int cur = size;
        for (int b = buckets - 1; b > avail; b--) {
            int first = bucketEnd[b - 1];
            swap(cur, first);
            bucketEnd[b - 1]++;
            cur = first;
        }
        shuffleInto(cur, avail);
    }

    /** Removes a piece whose availability is {@code avail}. */
    void remove(int piece, int avail) {
        int cur = pos[piece];
        for (int b = avail; b < buckets; b++) {
            int last = bucketEnd[b] - 1;
            swap(cur, last);
            bucketEnd[b]--;
            cur = last;
        }
        pos[piece] = -1;
    }

    /** The piece's availability went from {@code avail} to {@code avail + 1}. */
    void increment(int piece, int avail) {
        ensureBuckets(avail + 2);
        int last = bucketEnd[avail] - 1;
        swap(pos[piece], last);
        bucketEnd[avail]--;
        shuffleInto(last, avail + 1);
    }

    /** The piece's availability went from {@code avail} to {@code avail - 1}. */
    void decrement(int piece, int avail) {
        int first = bucketEnd[avail - 1];
        swap(pos[piece], first);
        bucketEnd[avail - 1]++;
        shuffleInto(first, avail - 1);
    }

    /** Swaps the element at {@code index} with a random member of bucket {@code bucket}. */
    private void shuffleInto(int index, int bucket) {
        int start = bucket == 0 ? 0 : bucketEnd[bucket - 1];
        int count = bucketEnd[bucket] - start;
        if (count > 1) {
            swap(index, start + random.nextInt(count));
        }
    }

    private void ensureBuckets(int needed) {
        if (needed <= buckets) {
            return;
        }
        if (needed > bucketEnd.length) {
            bucketEnd = java.util.Arrays.copyOf(bucketEnd, Math.max(needed, bucketEnd.length * 2));
        }
        int size = size();
        for (int b = buckets; b < needed; b++) {
            bucketEnd[b] = size;
        }
        buckets = needed;
    }

    private void swap(int i, int j) {
        if (i == j) {
            return;
        }
        int a = order[i];
        int b = order[j];
        order[i] = b;
        order[j] = a;
        pos[b] = i;
        pos[a] = j;
    }

    /**
     * Checks that the array holds exactly the pieces {@code expected} says, each in the bucket of
     * its availability and at the position {@code pos} records.
     */
    void check(int level, java.util.BitSet expected, int[] avail) {
        int size = size();
        if (size != expected.cardinality()) {
            throw new IllegalStateException("level " + level + " holds " + size + " pieces, expected " + expected.cardinality());
        }
        int start = 0;
        for (int b = 0; b < buckets; b++) {
            if (bucketEnd[b] < start) {
                throw new IllegalStateException("level " + level + ": bucket " + b + " ends before it starts");
            }
            for (int i = start; i < bucketEnd[b]; i++) {
                int piece = order[i];
                if (!expected.get(piece)) {
                    throw new IllegalStateException("level " + level + " holds piece " + piece + " that it should not");
                }
                if (pos[piece] != i) {
                    throw new IllegalStateException("piece " + piece + " is at " + i + " but pos says " + pos[piece]);
                }
                if (avail[piece] != b) {
                    throw new IllegalStateException("piece " + piece + " of availability " + avail[piece] + " is in bucket " + b);
                }
            }
            start = bucketEnd[b];
        }
    }
}
