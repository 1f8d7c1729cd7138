package io.torrentine.internal.torrent;

import io.netty.buffer.ByteBuf;
import io.torrentine.internal.peer.wire.PeerMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the requests each peer makes during one turn of the torrent's event loop into runs of
 * consecutive blocks of a piece, and serves each run with one disk read, cut into the blocks.
 *
 * <p>Why: a peer downloading at hundreds of MB/s sends tens of thousands of 16 KiB requests a
 * second, in batches, mostly for consecutive blocks. One disk job per request meant one hand-over
 * to a disk thread and one completion on the loop per block; one per run cuts both by the length
 * of the run. The blocks handed on are slices of the run's buffer, so nothing is copied.
 *
 * <p>A run is read when the next request does not continue it and at the end of the turn ({@link
 * #flushAll}). Used on the torrent's event loop only.
 *
 * @param <P> what identifies a peer
 */
final class BlockReadBatcher<P> {
    /** Where runs are read from: the torrent's disk layer. */
    interface Source {
        /**
         * Reads a range of a piece; see {@link io.torrentine.internal.disk.TorrentDiskIo#read}.
         *
         * @param piece the piece
         * @param offset the offset in the piece
         * @param length the number of bytes
         * @return the bytes, owned by the caller
         */
        CompletableFuture<ByteBuf> read(int piece, int offset, int length);
    }

    /** Told, on the loop, of each request's block or failure. */
    interface Delivery<P> {
        /**
         * A request's block was read.
         *
         * @param peer the peer that asked
         * @param request its request
         * @param block the block, owned by the callee
         */
        void read(P peer, PeerMessage.Request request, ByteBuf block);

        /**
         * A request's block could not be read.
         *
         * @param peer the peer that asked
         * @param request its request
         * @param error why
         */
        void failed(P peer, PeerMessage.Request request, Throwable error);
    }

    private final Source source;
    private final Delivery<P> delivery;
    /** Runs not yet read, by peer, in the order they were started. */
    private final Map<P, Run<P>> runs = new LinkedHashMap<>();

    BlockReadBatcher(Source source, Delivery<P> delivery) {
        this.source = source;
        this.delivery = delivery;
    }

    /**
     * Adds a request to its peer's run; reads the run first if the request does not continue it.
     *
     * @param peer the peer
     * @param request what it asked for
     */
    void add(P peer, PeerMessage.Request request) {
        Run<P> run = runs.get(peer);
        if (run != null && (run.piece != request.index() || run.end != request.begin())) {
            runs.remove(peer);
            read(run);
            run = null;
        }
        if (run == null) {
            run = new Run<>(peer, request.index(), request.begin());
            runs.put(peer, run);
        }
        run.requests.add(request);
        run.end = request.begin() + request.length();
    }

    /** Reads every run. */
    void flushAll() {
        for (Iterator<Run<P>> it = runs.values().iterator(); it.hasNext(); ) {
            Run<P> run = it.next();
            it.remove();
            read(run);
        }
    }

    private void read(Run<P> run) {
        CompletableFuture<ByteBuf> read;
        try {
            read = source.read(run.piece, run.offset, run.end - run.offset);
        } catch (RuntimeException e) {
            failAll(run, e);
            return;
        }
        read.whenComplete((buf, e) -> {
            if (e != null) {
                failAll(run, e);
                return;
            }
            try {
                for (PeerMessage.Request r : run.requests) {
                    delivery.read(run.peer, r, buf.retainedSlice(buf.readerIndex() + r.begin() - run.offset, r.length()));
                }
            } finally {
                buf.release();
            }
        });
    }

    private void failAll(Run<P> run, Throwable e) {
        for (PeerMessage.Request r : run.requests) {
            delivery.failed(run.peer, r, e);
        }
    }

    /** Consecutive requested blocks of one piece for one peer. */
    private static final class Run<P> {
        final P peer;
        final int piece;
        final int offset;
        final List<PeerMessage.Request> requests = new ArrayList<>(4);
        int end;

        Run(P peer, int piece, int offset) {
            this.peer = peer;
            this.piece = piece;
            this.offset = offset;
        }
    }
}
