package io.torrentine.internal.picker;

import java.util.Arrays;

/**
 * The blocks one peer has outstanding, in the order they were requested, and the distinct
 * pieces they belong to (for same-peer affinity).
 *
 * <p>Peers answer requests in order, so a delivery is found at the head: the list is searched
 * from its head and removing the head costs O(1). Bounded by
 * {@link PiecePicker#MAX_REQUESTS_PER_PEER}: {@code pick} hands out nothing more once a peer
 * has that many.
 */
final class PeerRequests {
    private long[] requests = new long[16];
    private int head;
    private int tail;

    private int[] pieces = new int[4];
    private int[] pieceCounts = new int[4];
    private int pieceCount;

    static long key(int piece, int block) {
        return ((long) piece << 32) | (block & 0xFFFFFFFFL);
    }

    static int pieceOf(long key) {
        return (int) (key >>> 32);
    }

    static int blockOf(long key) {
        return (int) key;
    }

    int size() {
        return tail - head;
    }

    long get(int i) {
        return requests[head + i];
    }

    void add(int piece, int block) {
        if (tail == requests.length) {
            if (head > 0) {
                System.arraycopy(requests, head, requests, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                requests = Arrays.copyOf(requests, requests.length * 2);
            }
        }
        requests[tail++] = key(piece, block);
        for (int i = 0; i < pieceCount; i++) {
            if (pieces[i] == piece) {
                pieceCounts[i]++;
                return;
            }
        }
        if (pieceCount == pieces.length) {
            pieces = Arrays.copyOf(pieces, pieceCount * 2);
            pieceCounts = Arrays.copyOf(pieceCounts, pieceCount * 2);
        }
        pieces[pieceCount] = piece;
        pieceCounts[pieceCount++] = 1;
    }

    /** Removes the request for this block; false if the peer had none. */
    boolean remove(int piece, int block) {
        long key = key(piece, block);
        for (int i = head; i < tail; i++) {
            if (requests[i] == key) {
                if (i == head) {
                    head++;
                } else {
                    System.arraycopy(requests, i + 1, requests, i, tail - i - 1);
                    tail--;
                }
                if (head == tail) {
                    head = 0;
                    tail = 0;
                }
                removePiece(piece);
                return true;
            }
        }
        return false;
    }

    private void removePiece(int piece) {
        for (int i = 0; i < pieceCount; i++) {
            if (pieces[i] == piece) {
                if (--pieceCounts[i] == 0) {
                    pieceCount--;
                    pieces[i] = pieces[pieceCount];
                    pieceCounts[i] = pieceCounts[pieceCount];
                }
                return;
            }
        }
    }

    /** How many distinct pieces the outstanding requests fall in. */
    int pieceCount() {
        return pieceCount;
    }

    /** The {@code i}-th distinct piece. */
    int piece(int i) {
        return pieces[i];
    }

    boolean requestsIn(int piece) {
        for (int i = 0; i < pieceCount; i++) {
            if (pieces[i] == piece) {
                return true;
            }
        }
        return false;
    }

    /** The outstanding requests, oldest first, and forgets them all. */
    long[] drain() {
        long[] all = Arrays.copyOfRange(requests, head, tail);
        head = 0;
        tail = 0;
        pieceCount = 0;
        return all;
    }
}
