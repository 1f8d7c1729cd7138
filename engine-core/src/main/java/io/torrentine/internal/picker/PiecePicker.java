package io.torrentine.internal.picker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Chooses the blocks to request from each peer and tracks the state of every block of the
 * pieces being downloaded (GUIDE.md, "The piece picker"). One per torrent, used only from the
 * torrent's event loop: no method is thread-safe.
 *
 * <h2>Order of picking</h2>
 * <ol>
 *   <li>pieces with a deadline (streaming), earliest deadline first;</li>
 *   <li>then by priority, 7 down to 1, strictly; within a priority:
 *     <ol>
 *       <li>partial pieces in which this peer has blocks requested (a fast peer fills whole
 *           pieces: fewer partial pieces, and a failed piece points at fewer peers);</li>
 *       <li>other partial pieces that still have FREE blocks;</li>
 *       <li>new pieces, rarest first with a random choice among the equally rare (from the
 *           injected {@link RandomGenerator}), or lowest index first in sequential mode;</li>
 *     </ol></li>
 *   <li>end-game: when this peer can take no FREE block and every wanted piece has been
 *       started, blocks already REQUESTED from one other peer are handed out again (at most two
 *       requesters per block, never the same peer twice).</li>
 * </ol>
 * Pieces of priority 0, pieces we have and pieces the peer lacks are never picked.
 *
 * <h2>Block states</h2>
 * Every block of a partial piece is FREE, REQUESTED, RECEIVED or WRITTEN. A REQUESTED block
 * whose peer aborts (reject, timeout, choke, disconnect) goes back to FREE at once, which is what
 * keeps a download from sticking at 99 % ({@link #abort}, {@link #abortAll}). A FREE block
 * remembers the last peer that aborted it, and a delivery from that peer is still accepted; a
 * delivery from a peer that never requested the block is rejected.
 *
 * <h2>Cost</h2>
 * Per piece: an availability count, a position and a priority (about 18 bytes); per-block state
 * exists only for partial pieces ({@code DownloadingPiece}). A {@code have} message, a received
 * block and a pick from a piece the peer is already filling cost O(1); starting a new piece scans
 * the rarest-first order from its head, skipping pieces the peer lacks. See docs/picker.md.
 */
public final class PiecePicker {
    /** The size of a block: what one request asks for (the last block of a piece may be shorter). */
    public static final int BLOCK_SIZE = 16 * 1024;

    /**
     * The most blocks one peer may have outstanding; {@code pick} hands it nothing more until
     * some are received or aborted. 8,192 blocks are 128 MiB in flight, far above any sensible
     * request pipeline, so this only stops an engine bug from growing a peer's list without end.
     */
    public static final int MAX_REQUESTS_PER_PEER = 8192;

    /** The highest piece priority. */
    public static final int TOP_PRIORITY = 7;

    /** The priority every piece starts with. */
    public static final int DEFAULT_PRIORITY = 4;

    private static final int LEVELS = TOP_PRIORITY + 1;
    private static final Received REJECTED = new Received(false, List.of(), false);
    private static final Received ACCEPTED = new Received(true, List.of(), false);
    private static final Received ACCEPTED_COMPLETE = new Received(true, List.of(), true);

    private final int pieceCount;
    private final IntUnaryOperator pieceSize;
    private final byte[] priority;
    private final int[] avail;
    /** Each unstarted piece's index in its level's {@link RarityOrder}, -1 for the others. */
    private final int[] pos;
    private final BitSet have;
    private final DownloadingPiece[] downloading;
    /** Per level 1..7: the pieces not had and not started, rarest first. */
    private final RarityOrder[] rarity = new RarityOrder[LEVELS];
    /** Per level 1..7: the same pieces as {@link #rarity}, by index (sequential mode). */
    private final BitSet[] unstarted = new BitSet[LEVELS];
    /** Per level: no unstarted piece below this index. */
    private final int[] firstUnstarted = new int[LEVELS];
    /** Per level 0..7: the partial pieces of that priority. */
    private final DownloadingPiece[][] partials = new DownloadingPiece[LEVELS][];
    private final int[] partialCount = new int[LEVELS];
    /** Per level: partial pieces with at least one FREE block. */
    private final int[] openCount = new int[LEVELS];
    /** The peers with outstanding requests; entries leave on {@link #abortAll}. */
    private final Map<Object, PeerRequests> peers = new IdentityHashMap<>();
    private final DeadlineQueue deadlines = new DeadlineQueue();

    private boolean sequential;
    private int seeds;
    private int haveCount;
    private int wantedLeft;
    private long wantedBytesLeft;
    private int totalPartials;

    // The pick in progress; fields rather than parameters because pick is the hot path and the
    // picker is single-threaded. Cleared when pick returns, so no peer is kept reachable.
    private Object curPeer;
    private PeerPieces curPieces;
    private BitSet curOnlyFrom;
    private List<Block> curOut;
    private PeerRequests curRequests;
    private int curRoom;

    /**
     * Creates a picker for a torrent none of whose pieces we have, all at the default priority.
     *
     * @param pieceCount the number of pieces
     * @param pieceSize gives each piece's byte length (the last one may be shorter); called at
     *     any time, so it must be cheap and stable
     * @param random the source of the random choice among equally rare pieces
     * @throws IllegalArgumentException if {@code pieceCount} is negative or a piece size is not positive
     */
    public PiecePicker(int pieceCount, IntUnaryOperator pieceSize, RandomGenerator random) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("pieceCount " + pieceCount);
        }
        this.pieceCount = pieceCount;
        this.pieceSize = Objects.requireNonNull(pieceSize, "pieceSize");
        Objects.requireNonNull(random, "random");
        this.priority = new byte[pieceCount];
        this.avail = new int[pieceCount];
        this.have = new BitSet(pieceCount);
        this.downloading = new DownloadingPiece[pieceCount];
        this.pos = new int[pieceCount];
        for (int level = 0; level < LEVELS; level++) {
            partials[level] = new DownloadingPiece[4];
            if (level > 0) {
                rarity[level] = new RarityOrder(pos, random);
                unstarted[level] = new BitSet();
            }
        }
        Arrays.fill(priority, (byte) DEFAULT_PRIORITY);
        Arrays.fill(pos, -1);
        for (int piece = 0; piece < pieceCount; piece++) {
            int size = pieceSize.applyAsInt(piece);
            if (size <= 0) {
                throw new IllegalArgumentException("piece " + piece + " has size " + size);
            }
            wantedBytesLeft += size;
            // each add swaps the new piece with a random one: the initial order is a shuffle
            rarity[DEFAULT_PRIORITY].add(piece, 0);
        }
        unstarted[DEFAULT_PRIORITY].set(0, pieceCount);
        wantedLeft = pieceCount;
    }

    // ---------------------------------------------------------------- our pieces

    /**
     * Records that we have a verified piece (from a check, resume data or {@link #hashPassed}).
     * Its outstanding requests are forgotten (late deliveries are rejected as duplicates) and its
     * deadline is cleared.
     *
     * @param piece the piece index
     */
    public void weHave(int piece) {
        Objects.checkIndex(piece, pieceCount);
        if (have.get(piece)) {
            return;
        }
        int level = priority[piece];
        DownloadingPiece dp = downloading[piece];
        if (dp != null) {
            for (int b = 0; b < dp.blocks(); b++) {
                if (dp.state[b] == DownloadingPiece.REQUESTED) {
                    forgetRequesters(dp, b);
                }
            }
            removePartial(dp);
            downloading[piece] = null;
        } else if (level > 0) {
            leaveUnstarted(piece);
        }
        have.set(piece);
        haveCount++;
        if (level > 0) {
            wantedLeft--;
            wantedBytesLeft -= pieceSize.applyAsInt(piece);
        }
        deadlines.remove(piece);
    }

    /**
     * Records that we do not have a piece after all (a recheck found it missing or corrupt); it
     * can be picked again. Does nothing if we did not have it.
     *
     * @param piece the piece index
     */
    public void weDontHave(int piece) {
        Objects.checkIndex(piece, pieceCount);
        if (!have.get(piece)) {
            return;
        }
        have.clear(piece);
        haveCount--;
        int level = priority[piece];
        if (level > 0) {
            wantedLeft++;
            wantedBytesLeft += pieceSize.applyAsInt(piece);
            enterUnstarted(piece);
        }
    }

    /**
     * Whether we have a piece.
     *
     * @param piece the piece index
     * @return true once the piece has passed its hash check (or was marked had)
     */
    public boolean have(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return have.get(piece);
    }

    /**
     * The number of pieces we have.
     *
     * @return how many pieces we have
     */
    public int haveCount() {
        return haveCount;
    }

    /**
     * The pieces we have.
     *
     * @return a copy, which the caller may change
     */
    public BitSet havePieces() {
        return (BitSet) have.clone();
    }

    /**
     * Whether we have every piece.
     *
     * @return true if every piece is had
     */
    public boolean isSeed() {
        return haveCount == pieceCount;
    }

    /**
     * Whether every wanted piece (priority above 0) is had.
     *
     * @return true when nothing is left to download
     */
    public boolean isFinished() {
        return wantedLeft == 0;
    }

    /**
     * The bytes of wanted pieces (priority above 0) that we do not have yet.
     *
     * @return the byte count
     */
    public long wantedBytesLeft() {
        return wantedBytesLeft;
    }

    /**
     * The number of pieces.
     *
     * @return the piece count given to the constructor
     */
    public int pieceCount() {
        return pieceCount;
    }

    // ---------------------------------------------------------------- priorities

    /**
     * Sets a piece's priority. 0 means do not download: {@code pick} stops handing out its blocks
     * at once, while blocks already requested stay REQUESTED (the engine cancels them) and are
     * still accepted if they arrive; a piece completed that way is still reported complete. Going
     * back above 0 makes the piece pickable again, with whatever blocks it already has.
     *
     * @param piece the piece index
     * @param newPriority 0 (do not download) to 7 (top)
     * @throws IllegalArgumentException if the priority is outside 0..7
     */
    public void setPiecePriority(int piece, int newPriority) {
        Objects.checkIndex(piece, pieceCount);
        if (newPriority < 0 || newPriority > TOP_PRIORITY) {
            throw new IllegalArgumentException("priority " + newPriority + " is outside 0.." + TOP_PRIORITY);
        }
        int old = priority[piece];
        if (old == newPriority) {
            return;
        }
        DownloadingPiece dp = downloading[piece];
        boolean had = have.get(piece);
        if (dp != null) {
            removePartial(dp);
        } else if (!had && old > 0) {
            leaveUnstarted(piece);
        }
        priority[piece] = (byte) newPriority;
        if (dp != null) {
            addPartial(dp);
        } else if (!had && newPriority > 0) {
            enterUnstarted(piece);
        }
        if (!had && (old > 0) != (newPriority > 0)) {
            int size = pieceSize.applyAsInt(piece);
            wantedLeft += newPriority > 0 ? 1 : -1;
            wantedBytesLeft += newPriority > 0 ? size : -size;
        }
    }

    /**
     * A piece's priority.
     *
     * @param piece the piece index
     * @return 0 (do not download) to 7 (top)
     */
    public int piecePriority(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return priority[piece];
    }

    /**
     * Picks new pieces in index order (within a priority) instead of rarest first. Partial
     * pieces and deadlines still come first. Takes effect on the next pick.
     *
     * @param on true for sequential order
     */
    public void setSequential(boolean on) {
        sequential = on;
    }

    /**
     * Whether new pieces are picked in index order.
     *
     * @return true in sequential mode
     */
    public boolean isSequential() {
        return sequential;
    }

    /**
     * Gives a piece a deadline (streaming): pieces with a deadline are picked before all others,
     * whatever their priority (above 0), earliest deadline first. The deadline is cleared when the
     * piece is had. Setting it again replaces it.
     *
     * @param piece the piece index
     * @param deadlineNanos when the piece is needed, on the {@link System#nanoTime()} scale
     *     (compared by difference, so wrap-around is fine)
     */
    public void setDeadline(int piece, long deadlineNanos) {
        Objects.checkIndex(piece, pieceCount);
        if (!have.get(piece)) {
            deadlines.set(piece, deadlineNanos);
        }
    }

    /**
     * Removes a piece's deadline, if it has one.
     *
     * @param piece the piece index
     */
    public void clearDeadline(int piece) {
        Objects.checkIndex(piece, pieceCount);
        deadlines.remove(piece);
    }

    // ---------------------------------------------------------------- availability

    /**
     * A peer announced a piece ({@code have}, BEP 3).
     *
     * @param piece the piece index
     */
    public void peerHas(int piece) {
        Objects.checkIndex(piece, pieceCount);
        int a = avail[piece];
        if (isUnstarted(piece)) {
            rarity[priority[piece]].increment(piece, a);
        }
        avail[piece] = a + 1;
    }

    /**
     * A peer no longer has a piece ({@code lt_donthave}). Does nothing if no peer counted has it.
     *
     * @param piece the piece index
     */
    public void peerLost(int piece) {
        Objects.checkIndex(piece, pieceCount);
        int a = avail[piece];
        if (a == 0) {
            return; // never negative, whatever a peer sends
        }
        if (isUnstarted(piece)) {
            rarity[priority[piece]].decrement(piece, a);
        }
        avail[piece] = a - 1;
    }

    /**
     * A peer's bitfield arrived (BEP 3): counts each set bit below the piece count. A peer with
     * every piece is cheaper counted once with {@link #seedConnected()}.
     *
     * @param pieces the peer's pieces
     */
    public void peerHasAll(BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            peerHas(i);
        }
    }

    /**
     * A peer with these pieces disconnected: uncounts each set bit below the piece count.
     *
     * @param pieces the pieces counted for that peer
     */
    public void peerLostAll(BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            peerLost(i);
        }
    }

    /** A peer with every piece connected ({@code have all}, BEP 6, or a full bitfield): counted once. */
    public void seedConnected() {
        seeds++;
    }

    /** A peer counted by {@link #seedConnected()} disconnected. */
    public void seedDisconnected() {
        if (seeds > 0) {
            seeds--;
        }
    }

    /**
     * How many connected peers have a piece.
     *
     * @param piece the piece index
     * @return the peers that announced it plus the seeds
     */
    public int availability(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return avail[piece] + seeds;
    }

    // ---------------------------------------------------------------- picking

    /**
     * Picks up to {@code maxBlocks} blocks for a peer, in the order the class documentation
     * gives, marks them REQUESTED by {@code peer} and adds them to {@code out}.
     *
     * @param peer the peer's identity (compared with {@code ==})
     * @param peerPieces which pieces the peer has
     * @param onlyFrom if not null, only pieces in this set are picked (BEP 6 allowed-fast pieces
     *     while the peer chokes us); the work then grows with the set's size, not the torrent's
     * @param maxBlocks the most blocks to add
     * @param out where the blocks go, in the order to request them
     * @return how many blocks were added
     */
    public int pick(Object peer, PeerPieces peerPieces, BitSet onlyFrom, int maxBlocks, List<Block> out) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(peerPieces, "peerPieces");
        Objects.requireNonNull(out, "out");
        if (maxBlocks <= 0 || wantedLeft == 0) {
            return 0;
        }
        PeerRequests requests = peers.get(peer);
        int room = Math.min(maxBlocks, MAX_REQUESTS_PER_PEER - (requests == null ? 0 : requests.size()));
        if (room <= 0) {
            return 0;
        }
        curPeer = peer;
        curPieces = peerPieces;
        curOnlyFrom = onlyFrom;
        curOut = out;
        curRequests = requests;
        curRoom = room;
        try {
            if (onlyFrom == null) {
                pickInOrder();
            } else {
                pickFromSet(onlyFrom);
            }
            return room - curRoom;
        } finally {
            curPeer = null;
            curPieces = null;
            curOnlyFrom = null;
            curOut = null;
            curRequests = null;
        }
    }

    /** Which pieces a peer has. */
    @FunctionalInterface
    public interface PeerPieces {
        /**
         * Whether the peer has a piece.
         *
         * @param piece the piece index
         * @return true if the peer announced it
         */
        boolean has(int piece);
    }

    private void pickInOrder() {
        if (deadlines.size() > 0) {
            pickDeadlines();
            if (curRoom == 0) {
                return;
            }
        }
        for (int level = TOP_PRIORITY; level > 0; level--) {
            if (openCount[level] > 0) {
                pickOwnPartials(level);
                if (curRoom == 0) {
                    return;
                }
                pickOtherPartials(level);
                if (curRoom == 0) {
                    return;
                }
            }
            if (rarity[level].size() > 0) {
                if (sequential) {
                    pickSequential(level);
                } else {
                    pickRarest(level);
                }
                if (curRoom == 0) {
                    return;
                }
            }
        }
        if (unstartedTotal() == 0) {
            pickEndGame();
        }
    }

    private void pickDeadlines() {
        for (int i = 0; i < deadlines.size() && curRoom > 0; i++) {
            int piece = deadlines.piece(i);
            if (priority[piece] == 0 || !curPieces.has(piece)) {
                continue;
            }
            DownloadingPiece dp = downloading[piece];
            if (dp == null) {
                takeFree(start(piece));
            } else if (dp.free > 0) {
                takeFree(dp);
            }
        }
    }

    private void pickOwnPartials(int level) {
        PeerRequests requests = curRequests;
        if (requests == null) {
            return;
        }
        // takeFree adds requests only in pieces already listed, so the list does not shift
        for (int i = 0; i < requests.pieceCount() && curRoom > 0; i++) {
            DownloadingPiece dp = downloading[requests.piece(i)];
            if (dp.level == level && dp.free > 0 && curPieces.has(dp.piece)) {
                takeFree(dp);
            }
        }
    }

    private void pickOtherPartials(int level) {
        DownloadingPiece[] list = partials[level];
        for (int i = 0; i < partialCount[level] && curRoom > 0; i++) {
            DownloadingPiece dp = list[i];
            if (dp.free > 0 && curPieces.has(dp.piece)) {
                takeFree(dp);
            }
        }
    }

    private void pickRarest(int level) {
        RarityOrder order = rarity[level];
        // starting a piece only moves pieces at or after its position, so the scan resumes there
        int i = 0;
        while (curRoom > 0 && i < order.size()) {
            int piece = order.get(i);
            if (curPieces.has(piece)) {
                takeFree(start(piece));
            } else {
                i++;
            }
        }
    }

    private void pickSequential(int level) {
        BitSet set = unstarted[level];
        int first = set.nextSetBit(firstUnstarted[level]);
        firstUnstarted[level] = first < 0 ? pieceCount : first;
        for (int piece = first; piece >= 0 && curRoom > 0; piece = set.nextSetBit(piece + 1)) {
            if (curPieces.has(piece)) {
                takeFree(start(piece));
            }
        }
    }

    private void pickEndGame() {
        for (int i = 0; i < deadlines.size() && curRoom > 0; i++) {
            DownloadingPiece dp = downloading[deadlines.piece(i)];
            if (dp != null && dp.level > 0 && dp.singlyRequested > 0 && curPieces.has(dp.piece)) {
                takeBusy(dp);
            }
        }
        for (int level = TOP_PRIORITY; level > 0 && curRoom > 0; level--) {
            DownloadingPiece[] list = partials[level];
            for (int i = 0; i < partialCount[level] && curRoom > 0; i++) {
                DownloadingPiece dp = list[i];
                if (dp.singlyRequested > 0 && curPieces.has(dp.piece)) {
                    takeBusy(dp);
                }
            }
        }
    }

    /**
     * The allowed-fast path: ranks the pieces of {@code onlyFrom} by the same rules as
     * {@link #pickInOrder()} and takes blocks in that order.
     */
    private void pickFromSet(BitSet onlyFrom) {
        int[] candidates = new int[Math.min(onlyFrom.cardinality(), pieceCount)];
        int count = 0;
        for (int piece = onlyFrom.nextSetBit(0); piece >= 0 && piece < pieceCount; piece = onlyFrom.nextSetBit(piece + 1)) {
            if (!have.get(piece) && priority[piece] > 0 && curPieces.has(piece)) {
                candidates[count++] = piece;
            }
        }
        long[] rankHigh = new long[count];
        long[] rankLow = new long[count];
        int picked = 0;
        for (int i = 0; i < count; i++) {
            int piece = candidates[i];
            DownloadingPiece dp = downloading[piece];
            if (dp != null && dp.free == 0) {
                continue;
            }
            int deadline = deadlines.indexOf(piece);
            long deadlineRank = deadline < 0 ? Integer.MAX_VALUE : deadline;
            int category;
            long order;
            if (dp == null) {
                category = 2;
                order = sequential ? piece : rarityPosition(piece);
            } else {
                category = curRequests != null && curRequests.requestsIn(piece) ? 0 : 1;
                order = 0;
            }
            candidates[picked] = piece;
            rankHigh[picked] = (deadlineRank << 8) | ((long) (TOP_PRIORITY - priority[piece]) << 2) | category;
            rankLow[picked] = (order << 32) | piece;
            picked++;
        }
        // insertion sort: allowed-fast sets are small (BEP 6 suggests 10 pieces)
        for (int i = 1; i < picked; i++) {
            int piece = candidates[i];
            long high = rankHigh[i];
            long low = rankLow[i];
            int j = i - 1;
            while (j >= 0 && (rankHigh[j] > high || (rankHigh[j] == high && rankLow[j] > low))) {
                candidates[j + 1] = candidates[j];
                rankHigh[j + 1] = rankHigh[j];
                rankLow[j + 1] = rankLow[j];
                j--;
            }
            candidates[j + 1] = piece;
            rankHigh[j + 1] = high;
            rankLow[j + 1] = low;
        }
        for (int i = 0; i < picked && curRoom > 0; i++) {
            int piece = candidates[i];
            DownloadingPiece dp = downloading[piece];
            takeFree(dp == null ? start(piece) : dp);
        }
        if (curRoom > 0 && unstartedTotal() == 0) {
            for (int i = 0; i < count && curRoom > 0; i++) {
                DownloadingPiece dp = downloading[candidates[i]];
                if (dp != null && dp.singlyRequested > 0) {
                    takeBusy(dp);
                }
            }
        }
    }

    /** The piece's place in its level's rarest-first order (rarer first, random among equals). */
    private int rarityPosition(int piece) {
        return pos[piece];
    }

    /** Makes an unstarted piece partial. */
    private DownloadingPiece start(int piece) {
        leaveUnstarted(piece);
        DownloadingPiece dp = new DownloadingPiece(piece, blocksInPiece(piece));
        downloading[piece] = dp;
        addPartial(dp);
        return dp;
    }

    /** Requests FREE blocks of {@code dp}, lowest first, for the current peer. */
    private void takeFree(DownloadingPiece dp) {
        while (curRoom > 0) {
            int block = dp.nextFree();
            if (block < 0) {
                return;
            }
            setState(dp, block, DownloadingPiece.REQUESTED);
            dp.requester[block] = curPeer;
            dp.singlyRequested++;
            addRequest(dp, block);
        }
    }

    /** End-game: requests blocks of {@code dp} that one other peer has requested. */
    private void takeBusy(DownloadingPiece dp) {
        for (int block = 0; block < dp.blocks() && curRoom > 0 && dp.singlyRequested > 0; block++) {
            if (dp.state[block] == DownloadingPiece.REQUESTED && dp.requester2(block) == null
                    && dp.requester[block] != curPeer) {
                dp.setRequester2(block, curPeer);
                dp.singlyRequested--;
                addRequest(dp, block);
            }
        }
    }

    private void addRequest(DownloadingPiece dp, int block) {
        if (curRequests == null) {
            curRequests = new PeerRequests();
            peers.put(curPeer, curRequests);
        }
        curRequests.add(dp.piece, block);
        curOut.add(new Block(dp.piece, block * BLOCK_SIZE, blockLength(dp.piece, block)));
        curRoom--;
    }

    private int unstartedTotal() {
        int total = 0;
        for (int level = 1; level < LEVELS; level++) {
            total += rarity[level].size();
        }
        return total;
    }

    // ---------------------------------------------------------------- block state transitions

    /**
     * A request was cancelled, rejected or timed out: {@code peer} no longer requests the block.
     * The block goes back to FREE unless another peer (end-game) still requests it, and
     * remembers {@code peer}, whose delivery is still accepted while the block is not received.
     * Does nothing if {@code peer} did not request the block.
     *
     * @param block the block
     * @param peer the peer that requested it
     */
    public void abort(Block block, Object peer) {
        Objects.requireNonNull(peer, "peer");
        int index = blockIndex(block);
        if (index < 0) {
            return;
        }
        DownloadingPiece dp = downloading[block.piece()];
        if (dp == null || dp.state[index] != DownloadingPiece.REQUESTED) {
            return;
        }
        PeerRequests requests = peers.get(peer);
        if (requests != null && requests.remove(block.piece(), index)) {
            release(dp, index, peer);
        }
    }

    /**
     * Every request of {@code peer} goes back as {@link #abort} would, at once: call it when the
     * peer chokes us (BEP 3: pending requests are dropped) or disconnects. The picker then keeps
     * no per-peer state for it, except as the remembered requester of FREE blocks (see
     * {@link #forgetPeer}).
     *
     * @param peer the peer
     */
    public void abortAll(Object peer) {
        PeerRequests requests = peers.remove(peer);
        if (requests == null) {
            return;
        }
        for (long key : requests.drain()) {
            release(downloading[PeerRequests.pieceOf(key)], PeerRequests.blockOf(key), peer);
        }
    }

    /**
     * A peer disconnected: {@link #abortAll} and forget it as the remembered requester of FREE
     * blocks, so the picker holds no reference to it except as the sender of received blocks
     * (smart ban). Costs a pass over the partial pieces.
     *
     * @param peer the peer
     */
    public void forgetPeer(Object peer) {
        abortAll(peer);
        for (int level = 0; level < LEVELS; level++) {
            for (int i = 0; i < partialCount[level]; i++) {
                DownloadingPiece dp = partials[level][i];
                for (int b = 0; dp.former != null && b < dp.blocks(); b++) {
                    if (dp.former[b] == peer) {
                        dp.former[b] = null;
                    }
                }
            }
        }
    }

    /** Takes {@code peer} off a REQUESTED block (its request list is already updated). */
    private void release(DownloadingPiece dp, int block, Object peer) {
        Object second = dp.requester2(block);
        if (dp.requester[block] == peer) {
            dp.requester[block] = second;
        } else if (second != peer) {
            throw new IllegalStateException("peer is not a requester of block " + block + " of piece " + dp.piece);
        }
        if (second != null) {
            dp.setRequester2(block, null);
            dp.singlyRequested++;
        } else {
            dp.singlyRequested--;
            dp.requester[block] = null;
            setState(dp, block, DownloadingPiece.FREE);
        }
        dp.setFormer(block, peer);
    }

    /**
     * A {@code piece} message arrived with a block. Accepted (RECEIVED, sender recorded) when
     * {@code peer} requested the block and it is not received yet, including when the request
     * was aborted since and the block is FREE or re-requested from another peer (the data saves
     * a download; the other requesters are returned in {@code cancelFrom}). Rejected: a block
     * already RECEIVED or WRITTEN or of a piece we have (a duplicate), a block {@code peer} never
     * requested (we did not ask for it; treat as unwanted data), and a block that does not fit
     * the torrent.
     *
     * @param block the block, as the message gave it
     * @param peer the peer that sent it
     * @return whether to keep the data, whom to cancel, and whether the piece is now complete
     */
    public Received received(Block block, Object peer) {
        Objects.requireNonNull(peer, "peer");
        int index = blockIndex(block);
        if (index < 0) {
            return REJECTED;
        }
        DownloadingPiece dp = downloading[block.piece()];
        if (dp == null) {
            return REJECTED; // a piece we have, or one nobody requested
        }
        byte state = dp.state[index];
        if (state == DownloadingPiece.RECEIVED || state == DownloadingPiece.WRITTEN) {
            return REJECTED;
        }
        Object first = dp.requester[index];
        Object second = dp.requester2(index);
        if (peer != first && peer != second && peer != dp.former(index)) {
            return REJECTED;
        }
        List<Object> cancelFrom = List.of();
        if (state == DownloadingPiece.REQUESTED) {
            Object other1 = first == peer ? null : first;
            Object other2 = second == peer ? null : second;
            if (other1 != null && other2 != null) {
                cancelFrom = List.of(other1, other2);
            } else if (other1 != null || other2 != null) {
                cancelFrom = List.of(other1 != null ? other1 : other2);
            }
            forgetRequesters(dp, index);
        }
        dp.setFormer(index, null);
        setState(dp, index, DownloadingPiece.RECEIVED);
        dp.sender[index] = peer;
        boolean complete = dp.complete();
        if (cancelFrom.isEmpty()) {
            return complete ? ACCEPTED_COMPLETE : ACCEPTED;
        }
        return new Received(true, cancelFrom, complete);
    }

    /** Removes every requester of a REQUESTED block, from the block and from their lists. */
    private void forgetRequesters(DownloadingPiece dp, int block) {
        Object first = dp.requester[block];
        Object second = dp.requester2(block);
        peers.get(first).remove(dp.piece, block);
        if (second != null) {
            peers.get(second).remove(dp.piece, block);
            dp.setRequester2(block, null);
        } else {
            dp.singlyRequested--;
        }
        dp.requester[block] = null;
    }

    /**
     * The disk write of a received block completed: RECEIVED becomes WRITTEN. Ignored for a
     * block in another state (its piece failed its hash meanwhile, or we have the piece: the
     * hash can pass before the writes complete).
     *
     * @param block the block
     */
    public void written(Block block) {
        DownloadingPiece dp = partialOf(block);
        int index = blockIndex(block);
        if (dp != null && dp.state[index] == DownloadingPiece.RECEIVED) {
            setState(dp, index, DownloadingPiece.WRITTEN);
        }
    }

    /**
     * The disk write of a received block failed: the block goes back to FREE, to be downloaded
     * again. Ignored unless the block is RECEIVED; once the piece is had, the engine must call
     * {@link #weDontHave} instead.
     *
     * @param block the block
     */
    public void writeFailed(Block block) {
        DownloadingPiece dp = partialOf(block);
        int index = blockIndex(block);
        if (dp != null && dp.state[index] == DownloadingPiece.RECEIVED) {
            setState(dp, index, DownloadingPiece.FREE);
            dp.sender[index] = null;
        }
    }

    /**
     * A piece passed its hash check: we have it. Call {@link #blockSenders} first if the
     * senders are needed.
     *
     * @param piece the piece index
     */
    public void hashPassed(int piece) {
        weHave(piece);
    }

    /**
     * A piece failed its hash check: every block goes back to FREE (any still requested is
     * forgotten), senders and remembered requesters are cleared, and the piece stays partial so
     * it is picked again before new pieces. Call {@link #blockSenders} first for smart ban.
     *
     * @param piece the piece index
     */
    public void hashFailed(int piece) {
        Objects.checkIndex(piece, pieceCount);
        DownloadingPiece dp = downloading[piece];
        if (dp == null) {
            return;
        }
        for (int b = 0; b < dp.blocks(); b++) {
            if (dp.state[b] == DownloadingPiece.REQUESTED) {
                forgetRequesters(dp, b);
            }
            setState(dp, b, DownloadingPiece.FREE);
            dp.sender[b] = null;
            dp.setFormer(b, null);
        }
    }

    /**
     * The peer that delivered each block of a partial piece, for smart ban: valid until
     * {@link #hashPassed} or {@link #hashFailed} is called for the piece.
     *
     * @param piece the piece index
     * @return one entry per block, null where no block was received (all null if the piece is
     *     not partial); unmodifiable
     */
    public List<Object> blockSenders(int piece) {
        Objects.checkIndex(piece, pieceCount);
        DownloadingPiece dp = downloading[piece];
        Object[] senders = dp == null ? new Object[blocksInPiece(piece)] : dp.sender.clone();
        return Collections.unmodifiableList(Arrays.asList(senders));
    }

    /**
     * Whether the download is in end-game: wanted pieces remain, and every block of every one of
     * them is REQUESTED, RECEIVED or WRITTEN.
     *
     * @return true in end-game
     */
    public boolean isEndGame() {
        if (wantedLeft == 0 || unstartedTotal() > 0) {
            return false;
        }
        for (int level = 1; level < LEVELS; level++) {
            if (openCount[level] > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of partial pieces: started, not had (whatever their blocks' states).
     *
     * @return the count
     */
    public int partialPieceCount() {
        return totalPartials;
    }

    /**
     * The number of blocks in a piece.
     *
     * @param piece the piece index
     * @return the piece's size divided by {@link #BLOCK_SIZE}, rounded up
     */
    public int blocksInPiece(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return (pieceSize.applyAsInt(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /**
     * How many blocks a peer has outstanding.
     *
     * @param peer the peer
     * @return the number of blocks it has REQUESTED
     */
    public int outstanding(Object peer) {
        PeerRequests requests = peers.get(peer);
        return requests == null ? 0 : requests.size();
    }

    private int blockLength(int piece, int block) {
        return Math.min(BLOCK_SIZE, pieceSize.applyAsInt(piece) - block * BLOCK_SIZE);
    }

    /** The block's index in its piece, or -1 if the block does not fit the torrent. */
    private int blockIndex(Block block) {
        int piece = block.piece();
        int offset = block.offset();
        if (piece < 0 || piece >= pieceCount || offset < 0 || offset % BLOCK_SIZE != 0) {
            return -1;
        }
        int index = offset / BLOCK_SIZE;
        int size = pieceSize.applyAsInt(piece);
        if (offset >= size || block.length() != Math.min(BLOCK_SIZE, size - offset)) {
            return -1;
        }
        return index;
    }

    /** The partial piece of an engine-supplied block, or null if we have its piece. */
    private DownloadingPiece partialOf(Block block) {
        if (blockIndex(block) < 0) {
            throw new IllegalArgumentException(block + " does not fit the torrent");
        }
        return downloading[block.piece()];
    }

    // ---------------------------------------------------------------- bookkeeping

    private boolean isUnstarted(int piece) {
        return priority[piece] > 0 && downloading[piece] == null && !have.get(piece);
    }

    private void enterUnstarted(int piece) {
        int level = priority[piece];
        rarity[level].add(piece, avail[piece]);
        unstarted[level].set(piece);
        if (piece < firstUnstarted[level]) {
            firstUnstarted[level] = piece;
        }
    }

    private void leaveUnstarted(int piece) {
        int level = priority[piece];
        rarity[level].remove(piece, avail[piece]);
        unstarted[level].clear(piece);
    }

    private void addPartial(DownloadingPiece dp) {
        int level = priority[dp.piece];
        DownloadingPiece[] list = partials[level];
        if (partialCount[level] == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
            partials[level] = list;
        }
        dp.level = level;
        dp.listIndex = partialCount[level];
        list[partialCount[level]++] = dp;
        totalPartials++;
        if (dp.free > 0) {
            openCount[level]++;
        }
    }

    private void removePartial(DownloadingPiece dp) {
        int level = dp.level;
        DownloadingPiece[] list = partials[level];
        int last = --partialCount[level];
        // keep the list in starting order (oldest first), so older pieces are finished first
        System.arraycopy(list, dp.listIndex + 1, list, dp.listIndex, last - dp.listIndex);
        list[last] = null;
        for (int i = dp.listIndex; i < last; i++) {
            list[i].listIndex = i;
        }
        totalPartials--;
        if (dp.free > 0) {
            openCount[level]--;
        }
    }

    /** Changes a block's state, keeping the count of partial pieces with FREE blocks. */
    private void setState(DownloadingPiece dp, int block, byte to) {
        boolean wasOpen = dp.free > 0;
        dp.setState(block, to);
        boolean open = dp.free > 0;
        if (wasOpen != open) {
            openCount[dp.level] += open ? 1 : -1;
        }
    }

    // ---------------------------------------------------------------- invariants

    /**
     * Checks every internal invariant; for tests, it costs a pass over all pieces and blocks.
     *
     * @throws IllegalStateException naming the first broken invariant
     */
    public void checkInvariants() {
        check(have.cardinality() == haveCount, "haveCount");
        int left = 0;
        long bytes = 0;
        BitSet[] expected = new BitSet[LEVELS];
        for (int level = 1; level < LEVELS; level++) {
            expected[level] = new BitSet();
        }
        int[] partialsSeen = new int[LEVELS];
        int[] openSeen = new int[LEVELS];
        Map<Object, Integer> requestsSeen = new IdentityHashMap<>();
        for (int piece = 0; piece < pieceCount; piece++) {
            int level = priority[piece];
            check(level >= 0 && level <= TOP_PRIORITY, "priority of " + piece);
            check(avail[piece] >= 0, "availability of " + piece);
            boolean had = have.get(piece);
            if (!had && level > 0) {
                left++;
                bytes += pieceSize.applyAsInt(piece);
            }
            DownloadingPiece dp = downloading[piece];
            if (dp == null && !had && level > 0) {
                expected[level].set(piece);
                continue;
            }
            check(pos[piece] == -1, "piece " + piece + " has a rarity position but is not unstarted");
            if (dp == null) {
                continue;
            }
            check(!had, "piece " + piece + " is had and partial");
            check(dp.piece == piece && dp.level == level, "level of partial piece " + piece);
            check(partials[level][dp.listIndex] == dp, "partial list position of " + piece);
            check(dp.blocks() == blocksInPiece(piece), "block count of " + piece);
            partialsSeen[level]++;
            checkBlocks(dp, requestsSeen);
            if (dp.free > 0) {
                openSeen[level]++;
            }
        }
        check(left == wantedLeft, "wanted pieces left " + wantedLeft + ", counted " + left);
        check(bytes == wantedBytesLeft, "wanted bytes left " + wantedBytesLeft + ", counted " + bytes);
        int total = 0;
        for (int level = 0; level < LEVELS; level++) {
            check(partialsSeen[level] == partialCount[level], "partial count of level " + level);
            check(openSeen[level] == openCount[level], "open partial count of level " + level);
            total += partialCount[level];
            for (int i = partialCount[level]; i < partials[level].length; i++) {
                check(partials[level][i] == null, "stale partial list entry at level " + level);
            }
            if (level > 0) {
                rarity[level].check(level, expected[level], avail);
                check(unstarted[level].equals(expected[level]), "unstarted set of level " + level);
                int first = expected[level].nextSetBit(0);
                check(first < 0 || firstUnstarted[level] <= first, "first unstarted hint of level " + level);
            }
        }
        check(total == totalPartials, "total partial count");
        for (Map.Entry<Object, PeerRequests> entry : peers.entrySet()) {
            PeerRequests requests = entry.getValue();
            Integer seen = requestsSeen.get(entry.getKey());
            check(requests.size() == (seen == null ? 0 : seen), "request list of a peer");
            java.util.HashSet<Long> keys = new java.util.HashSet<>();
            Map<Integer, Integer> perPiece = new java.util.HashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                long key = requests.get(i);
                check(keys.add(key), "a request listed twice");
                DownloadingPiece dp = downloading[PeerRequests.pieceOf(key)];
                int block = PeerRequests.blockOf(key);
                check(dp != null && dp.state[block] == DownloadingPiece.REQUESTED
                        && (dp.requester[block] == entry.getKey() || dp.requester2(block) == entry.getKey()),
                        "a listed request the block does not record");
                perPiece.merge(dp.piece, 1, Integer::sum);
            }
            check(requests.pieceCount() == perPiece.size(), "distinct pieces of a request list");
            for (int i = 0; i < requests.pieceCount(); i++) {
                check(perPiece.containsKey(requests.piece(i)), "distinct piece of a request list");
            }
        }
        for (Object peer : requestsSeen.keySet()) {
            check(peers.containsKey(peer), "a requester without a request list");
        }
        for (int i = 0; i < deadlines.size(); i++) {
            check(!have.get(deadlines.piece(i)), "a deadline on a piece we have");
        }
    }

    private void checkBlocks(DownloadingPiece dp, Map<Object, Integer> requestsSeen) {
        int free = 0;
        int requested = 0;
        int received = 0;
        int written = 0;
        int single = 0;
        for (int b = 0; b < dp.blocks(); b++) {
            Object first = dp.requester[b];
            Object second = dp.requester2(b);
            switch (dp.state[b]) {
                case DownloadingPiece.FREE:
                    free++;
                    check(b >= dp.firstFree, "free block below the hint in piece " + dp.piece);
                    check(first == null && second == null && dp.sender[b] == null, "free block with a requester or sender");
                    break;
                case DownloadingPiece.REQUESTED:
                    requested++;
                    check(first != null && first != second, "requested block requesters in piece " + dp.piece);
                    check(dp.sender[b] == null, "requested block with a sender");
                    requestsSeen.merge(first, 1, Integer::sum);
                    if (second == null) {
                        single++;
                    } else {
                        requestsSeen.merge(second, 1, Integer::sum);
                    }
                    break;
                case DownloadingPiece.RECEIVED:
                case DownloadingPiece.WRITTEN:
                    if (dp.state[b] == DownloadingPiece.RECEIVED) {
                        received++;
                    } else {
                        written++;
                    }
                    check(first == null && second == null && dp.former(b) == null, "received block with a requester");
                    check(dp.sender[b] != null, "received block without a sender");
                    break;
                default:
                    throw new IllegalStateException("block state " + dp.state[b]);
            }
        }
        check(free == dp.free && requested == dp.requested && received == dp.received && written == dp.written,
                "block counters of piece " + dp.piece);
        check(single == dp.singlyRequested, "singly requested count of piece " + dp.piece);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("picker invariant broken: " + what);
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * A block: {@code length} bytes at {@code offset} in {@code piece}; offsets are multiples of
     * {@link #BLOCK_SIZE}.
     *
     * @param piece the piece index
     * @param offset the byte offset in the piece
     * @param length the byte length
     */
    public record Block(int piece, int offset, int length) {}

    /**
     * What {@link #received} decided.
     *
     * @param accepted true if the data is wanted (first delivery of a block this peer requested);
     *     false for a duplicate or an unrequested block, whose data is dropped
     * @param cancelFrom other peers that requested the block (end-game, or a re-request after an
     *     abort): the engine sends them {@code cancel}
     * @param pieceComplete every block of the piece is now RECEIVED or WRITTEN: hash it
     */
    public record Received(boolean accepted, List<Object> cancelFrom, boolean pieceComplete) {}

    @Override
    public String toString() {
        return "PiecePicker[pieces=" + pieceCount + ", have=" + haveCount + ", partial=" + totalPartials
                + ", peers=" + peers.size() + ", seeds=" + seeds + "]";
    }

    /** For tests: the partial pieces of a level, oldest first. */
    List<Integer> partialPieces(int level) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < partialCount[level]; i++) {
            list.add(partials[level][i].piece);
        }
        return list;
    }
}
