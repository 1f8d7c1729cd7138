package io.torrentine.internal.picker;

import java.util.Arrays;

/**
 * The pieces that have a deadline (streaming), earliest deadline first, ties by piece index.
 *
 * <p>Two sorted arrays: a streaming window holds tens to a few hundred pieces, so setting or
 * clearing a deadline (a binary search and an array copy) is cheap, and {@code pick} walks them
 * without allocating. Bounded by the piece count (one entry per piece at most).
 */
final class DeadlineQueue {
    private int[] pieces = new int[8];
    private long[] deadlines = new long[8];
    private int size;

    int size() {
        return size;
    }

    int piece(int i) {
        return pieces[i];
    }

    long deadline(int i) {
        return deadlines[i];
    }

    /** The index of the piece's entry, or -1. */
    int indexOf(int piece) {
        for (int i = 0; i < size; i++) {
            if (pieces[i] == piece) {
                return i;
            }
        }
        return -1;
    }

    void set(int piece, long deadline) {
        remove(piece);
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            // deadlines are System.nanoTime()-style values: compare by difference, as nanoTime asks
            long d = deadlines[mid] - deadline;
            if (d < 0 || (d == 0 && pieces[mid] < piece)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (size == pieces.length) {
            pieces = Arrays.copyOf(pieces, size * 2);
            deadlines = Arrays.copyOf(deadlines, size * 2);
        }
        System.arraycopy(pieces, lo, pieces, lo + 1, size - lo);
        System.arraycopy(deadlines, lo, deadlines, lo + 1, size - lo);
        pieces[lo] = piece;
        deadlines[lo] = deadline;
        size++;
    }

    boolean remove(int piece) {
        int i = indexOf(piece);
        if (i < 0) {
            return false;
        }
        System.arraycopy(pieces, i + 1, pieces, i, size - i - 1);
        System.arraycopy(deadlines, i + 1, deadlines, i, size - i - 1);
        size--;
        return true;
    }
}
