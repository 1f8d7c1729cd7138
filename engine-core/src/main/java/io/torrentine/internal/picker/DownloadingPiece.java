package io.torrentine.internal.picker;

/**
 * The per-block state of one partial piece: the only place the picker keeps per-block state,
 * so a torrent of 65,536 blocks costs nothing per block until its pieces are started.
 *
 * <p>Every block is in exactly one of {@link #FREE}, {@link #REQUESTED}, {@link #RECEIVED} and
 * {@link #WRITTEN}. A REQUESTED block has one or (in end-game) two requesters; a FREE block may
 * remember the last peer that requested it and aborted ({@code former}), so that a delivery that
 * raced with the abort is still accepted.
 */
final class DownloadingPiece {
    static final byte FREE = 0;
    static final byte REQUESTED = 1;
    static final byte RECEIVED = 2;
    static final byte WRITTEN = 3;

    final int piece;
    final byte[] state;
    final Object[] requester;
    /** The second requester of a block in end-game; allocated on first use. */
    Object[] requester2;
    /** The last peer that requested a block and aborted it; allocated on first use. */
    Object[] former;
    /** The peer that delivered each RECEIVED or WRITTEN block (for smart ban). */
    final Object[] sender;

    int free;
    int requested;
    int received;
    int written;
    /** REQUESTED blocks with a single requester: what end-game may hand out again. */
    int singlyRequested;
    /** No FREE block below this index. */
    int firstFree;
    /** The priority level whose partial list holds this piece. */
    int level;
    /** The index of this piece in its level's partial list. */
    int listIndex;

    DownloadingPiece(int piece, int blocks) {
        this.piece = piece;
        this.state = new byte[blocks];
        this.requester = new Object[blocks];
        this.sender = new Object[blocks];
        this.free = blocks;
    }

    int blocks() {
        return state.length;
    }

    boolean complete() {
        return received + written == state.length;
    }

    Object requester2(int block) {
        return requester2 == null ? null : requester2[block];
    }

    Object former(int block) {
        return former == null ? null : former[block];
    }

    void setFormer(int block, Object peer) {
        if (former == null) {
            if (peer == null) {
                return;
            }
            former = new Object[state.length];
        }
        former[block] = peer;
    }

    void setRequester2(int block, Object peer) {
        if (requester2 == null) {
            if (peer == null) {
                return;
            }
            requester2 = new Object[state.length];
        }
        requester2[block] = peer;
    }

    /** Finds the first FREE block at or after {@link #firstFree}, or -1; moves the hint. */
    int nextFree() {
        byte[] s = state;
        for (int i = firstFree; i < s.length; i++) {
            if (s[i] == FREE) {
                firstFree = i;
                return i;
            }
        }
        firstFree = s.length;
        return -1;
    }

    /** Changes a block's state, keeping the counters. */
    void setState(int block, byte to) {
        byte from = state[block];
        if (from == to) {
            return;
        }
        count(from, -1);
        count(to, 1);
        state[block] = to;
        if (to == FREE && block < firstFree) {
            firstFree = block;
        }
    }

    private void count(byte s, int delta) {
        switch (s) {
            case FREE:
                free += delta;
                break;
            case REQUESTED:
                requested += delta;
                break;
            case RECEIVED:
                received += delta;
                break;
            default:
                written += delta;
                break;
        }
    }
}
