package io.torrentine.internal.peer;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.ExtensionHandshakeCodec;
import io.torrentine.internal.peer.extension.ExtensionProtocolException;
import io.torrentine.internal.peer.extension.LtDontHaveCodec;
import io.torrentine.internal.peer.extension.UtMetadataCodec;
import io.torrentine.internal.peer.extension.UtPexCodec;
import io.torrentine.internal.peer.wire.Handshake;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.internal.peer.wire.PeerProtocolException;
import io.torrentine.internal.peer.wire.PeerProtocolException.Reason;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.internal.peer.wire.PeerWireEncoder;
import io.torrentine.internal.peer.wire.ReservedBits.Feature;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection's state machine, the last handler of its pipeline (after
 * {@link TrafficCounter}, {@link PeerWireDecoder} and the encoder; see {@link PeerPipeline}).
 *
 * <p>It checks the remote handshake (BEP 3: an outgoing connection's info-hash must be the one we
 * dialled; an incoming one is routed by a {@link TorrentResolver}; our own peer id is refused),
 * exchanges the BEP 10 extension handshake when both sides set its bit, and tracks choke and
 * interest both ways, the peer's pieces, the requests we sent (each with a timeout) and the
 * requests the peer sent (at most our {@code reqq}). It sends keep-alives after a silence and
 * closes a connection that stays silent. Every protocol violation closes this connection with a
 * {@link PeerProtocolException}, which the listener receives in
 * {@link PeerConnectionListener#onClosed}.
 *
 * <p>Not sharable. State is touched on the channel's event loop only; {@link #send} may be called
 * from any thread.
 */
public final class PeerConnection extends ChannelDuplexHandler {
    /** Our extended message ids (BEP 10 {@code m}): the peer sends these extensions under them. */
    static final int UT_METADATA_ID = 1;
    static final int UT_PEX_ID = 2;
    static final int LT_DONTHAVE_ID = 3;

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    private final PeerConnectionConfig config;
    private final TrafficCounter traffic;
    private final TorrentResolver resolver;
    private final boolean outgoing;
    private final CompletableFuture<Handshake> handshakeFuture = new CompletableFuture<>();
    private final Map<PeerMessage.Request, Long> sentRequests = new LinkedHashMap<>();
    private final Set<PeerMessage.Request> receivedRequests = new LinkedHashSet<>();
    private final BitSet peerPieces = new BitSet();

    private PeerTorrent torrent;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private Handshake remoteHandshake;
    private ExtensionHandshake remoteExtensions;
    private boolean fast;
    private boolean extensions;
    private boolean amChoking = true;
    private boolean amInterested;
    private boolean peerChoking = true;
    private boolean peerInterested;
    private boolean peerHasAll;
    /** The peer's first message that closed its chance to announce its pieces (BEP 3, BEP 6), or null. */
    private String firstMessage;
    /** Bytes of the peer's last bitfield, -1 if none; kept to re-check it once a magnet's piece count is known. */
    private int peerBitfieldLength = -1;
    private int pieceCount = PeerWireDecoder.UNKNOWN_PIECE_COUNT;
    private boolean closing;
    private Throwable closeCause;
    /** Messages decoded while the channel moves to its torrent's loop, replayed there; null when not moving. */
    private ArrayDeque<Object> whileMoving;
    /** BEP 6 pieces we told the peer it may request while we choke it. */
    private final Set<Integer> allowedFastGranted = new HashSet<>();

    private PeerConnection(PeerConnectionConfig config, TrafficCounter traffic, PeerTorrent torrent,
                           TorrentResolver resolver) {
        this.config = Objects.requireNonNull(config);
        this.traffic = Objects.requireNonNull(traffic);
        this.torrent = torrent;
        this.resolver = resolver;
        this.outgoing = torrent != null;
    }

    /**
     * A connection we dial for a known torrent; it sends its handshake as soon as it is active.
     *
     * @param config the settings
     * @param traffic the pipeline's byte counter
     * @param torrent the torrent
     * @return the handler
     */
    public static PeerConnection outgoing(PeerConnectionConfig config, TrafficCounter traffic, PeerTorrent torrent) {
        return new PeerConnection(config, traffic, Objects.requireNonNull(torrent), null);
    }

    /**
     * A connection a peer opened; its handshake decides the torrent.
     *
     * @param config the settings
     * @param traffic the pipeline's byte counter
     * @param resolver finds the torrent from the info-hash
     * @return the handler
     */
    public static PeerConnection incoming(PeerConnectionConfig config, TrafficCounter traffic,
                                          TorrentResolver resolver) {
        return new PeerConnection(config, traffic, null, Objects.requireNonNull(resolver));
    }

    // ---- lifecycle ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (timer != null) {
            return;
        }
        long tick = config.tickInterval().toNanos();
        timer = ctx.executor().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        if (outgoing) {
            ctx.writeAndFlush(ourHandshake());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (whileMoving != null) {
            whileMoving.forEach(ReferenceCountUtil::release);
            whileMoving.clear();
        }
        if (timer != null) {
            timer.cancel(false);
        }
        sentRequests.clear();
        receivedRequests.clear();
        handshakeFuture.completeExceptionally(closeCause != null ? closeCause
                : new IOException("connection closed before the handshake"));
        if (torrent != null) {
            torrent.listener().onClosed(this, Optional.ofNullable(closeCause));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PeerProtocolException p) {
            fail(p);
        } else {
            if (closeCause == null) {
                closeCause = cause;
            }
            LOG.debug("{}: closing on {}", ctx.channel(), cause.toString());
            closing = true;
            ctx.close();
        }
    }

    /**
     * Closes this connection because the peer broke the protocol.
     *
     * @param violation what it did
     */
    public void fail(PeerProtocolException violation) {
        if (closeCause == null) {
            closeCause = violation;
        }
        if (!closing) {
            LOG.debug("{}: {}", ctx.channel(), violation.getMessage());
        }
        closing = true;
        ctx.close();
    }

    // ---- inbound ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (whileMoving != null) {
            whileMoving.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (msg instanceof Handshake h) {
                onHandshake(h);
            } else if (msg instanceof PeerMessage m) {
                onMessage(m);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } catch (PeerProtocolException e) {
            fail(e);
        }
    }

    private void onHandshake(Handshake h) {
        if (h.peerId().equals(config.ourPeerId())) {
            throw new PeerProtocolException(Reason.OWN_PEER_ID, "connected to ourselves");
        }
        if (outgoing) {
            if (!h.infoHash().equals(torrent.infoHash())) {
                throw new PeerProtocolException(Reason.INFO_HASH_MISMATCH, h.infoHash().toHex());
            }
        } else {
            Optional<PeerTorrent> found = resolver.resolve(h.infoHash());
            if (found.isEmpty()) {
                throw new PeerProtocolException(Reason.UNKNOWN_TORRENT, h.infoHash().toHex());
            }
            torrent = found.get();
            PeerWireDecoder decoder = ctx.pipeline().get(PeerWireDecoder.class);
            if (decoder != null) {
                decoder.pieceCount(torrent.pieceCount());
            }
            EventLoop home = torrent.eventLoop();
            if (home != null && home != ctx.channel().eventLoop()) {
                moveTo(home, h);
                return;
            }
            ctx.write(ourHandshake());
        }
        completeHandshake(h);
    }

    /**
     * Moves an incoming channel to its torrent's loop (GUIDE.md, Threads: a torrent's state is
     * touched only on its loop). Reading stops, the channel is deregistered from this loop and
     * registered on the torrent's; messages the decoder already produced are held and replayed
     * there, after the handshake is answered.
     */
    private void moveTo(EventLoop home, Handshake h) {
        whileMoving = new ArrayDeque<>();
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                abandonMove(deregistered.cause());
                return;
            }
            home.register(channel).addListener(registered -> home.execute(() -> {
                if (!registered.isSuccess()) {
                    abandonMove(registered.cause());
                    return;
                }
                resumeAfterMove(h);
            }));
        });
    }

    private void abandonMove(Throwable cause) {
        ArrayDeque<Object> held = whileMoving;
        whileMoving = null;
        held.forEach(ReferenceCountUtil::release);
        if (closeCause == null) {
            closeCause = cause;
        }
        closing = true;
        ctx.channel().close();
    }

    private void resumeAfterMove(Handshake h) {
        ArrayDeque<Object> held = whileMoving;
        whileMoving = null;
        if (closing || !ctx.channel().isActive()) {
            held.forEach(ReferenceCountUtil::release);
            return;
        }
        start();
        try {
            ctx.write(ourHandshake());
            completeHandshake(h);
        } catch (PeerProtocolException e) {
            held.forEach(ReferenceCountUtil::release);
            fail(e);
            return;
        }
        for (Object msg = held.poll(); msg != null; msg = held.poll()) {
            dispatch(msg);
        }
        ctx.channel().config().setAutoRead(true);
    }

    private void completeHandshake(Handshake h) {
        pieceCount = torrent.pieceCount();
        remoteHandshake = h;
        Set<Feature> common = config.reserved().common(h.reserved());
        fast = common.contains(Feature.FAST);
        extensions = common.contains(Feature.EXTENSION_PROTOCOL);
        torrent.listener().announcement(this).flatMap(this::forPeer).ifPresent(ctx::write);
        if (extensions) {
            ctx.write(new PeerMessage.Extended(0, Unpooled.wrappedBuffer(
                    ExtensionHandshakeCodec.encode(ourExtensionHandshake()))));
        }
        ctx.flush();
        handshakeFuture.complete(h);
        torrent.listener().onConnected(this);
    }

    /**
     * BEP 6 {@code have all} / {@code have none} may only go to a peer that set the Fast bit;
     * otherwise they become a full bitfield and nothing (BEP 3 lets a peer with no piece skip it).
     */
    private Optional<PeerMessage> forPeer(PeerMessage announcement) {
        if (fast) {
            return Optional.of(announcement);
        }
        if (announcement instanceof PeerMessage.HaveNone) {
            return Optional.empty();
        }
        if (announcement instanceof PeerMessage.HaveAll) {
            if (pieceCount == PeerWireDecoder.UNKNOWN_PIECE_COUNT) {
                return Optional.empty();
            }
            byte[] bits = new byte[(pieceCount + 7) / 8];
            for (int i = 0; i < pieceCount; i++) {
                bits[i >> 3] |= (byte) (0x80 >>> (i & 7));
            }
            return Optional.of(new PeerMessage.Bitfield(bits));
        }
        return Optional.of(announcement);
    }

    private Handshake ourHandshake() {
        return new Handshake(config.reserved(), torrent.infoHash(), config.ourPeerId());
    }

    private ExtensionHandshake ourExtensionHandshake() {
        Map<String, Integer> m = torrent.listener().offersPex()
                ? Map.of(ExtensionHandshake.UT_METADATA, UT_METADATA_ID, ExtensionHandshake.UT_PEX, UT_PEX_ID,
                        ExtensionHandshake.LT_DONTHAVE, LT_DONTHAVE_ID)
                : Map.of(ExtensionHandshake.UT_METADATA, UT_METADATA_ID, ExtensionHandshake.LT_DONTHAVE, LT_DONTHAVE_ID);
        OptionalLong metadataSize = torrent.metadataSize().isPresent()
                ? OptionalLong.of(torrent.metadataSize().getAsInt()) : OptionalLong.empty();
        return new ExtensionHandshake(m, Optional.of(PeerConnectionConfig.CLIENT), config.listenPort(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(config.requestQueue()),
                metadataSize, false, OptionalLong.empty());
    }

    private void onMessage(PeerMessage m) {
        PeerConnectionListener listener = torrent.listener();
        checkAnnouncementOrder(m);
        if (m instanceof PeerMessage.Extended e) {
            try {
                onExtended(e);
            } finally {
                e.release();
            }
            return;
        }
        if (m instanceof PeerMessage.Piece p) {
            onPiece(listener, p);
            return;
        }
        if (m instanceof PeerMessage.KeepAlive) {
            return;
        } else if (m instanceof PeerMessage.Choke) {
            peerChoking = true;
            if (!fast) {
                // BEP 3: a choke drops every pending request; with BEP 6 each is rejected explicitly.
                sentRequests.clear();
            }
        } else if (m instanceof PeerMessage.Unchoke) {
            peerChoking = false;
        } else if (m instanceof PeerMessage.Interested) {
            peerInterested = true;
        } else if (m instanceof PeerMessage.NotInterested) {
            peerInterested = false;
        } else if (m instanceof PeerMessage.Have h) {
            peerPieces.set(h.index());
        } else if (m instanceof PeerMessage.Bitfield b) {
            peerPieces.clear();
            peerHasAll = false;
            peerBitfieldLength = b.length();
            for (int i = 0; i < b.length() * 8; i++) {
                if (b.has(i)) {
                    peerPieces.set(i);
                }
            }
        } else if (m instanceof PeerMessage.HaveAll) {
            requireFast(m);
            peerHasAll = true;
        } else if (m instanceof PeerMessage.HaveNone) {
            requireFast(m);
            peerHasAll = false;
            peerPieces.clear();
        } else if (m instanceof PeerMessage.Request r) {
            if (!onRequest(r)) {
                return;
            }
        } else if (m instanceof PeerMessage.Cancel c) {
            receivedRequests.remove(new PeerMessage.Request(c.index(), c.begin(), c.length()));
        } else if (m instanceof PeerMessage.RejectRequest r) {
            requireFast(m);
            sentRequests.remove(new PeerMessage.Request(r.index(), r.begin(), r.length()));
        } else if (m instanceof PeerMessage.SuggestPiece || m instanceof PeerMessage.AllowedFast) {
            requireFast(m);
        }
        listener.onMessage(this, m);
    }

    private void onPiece(PeerConnectionListener listener, PeerMessage.Piece p) {
        PeerMessage.Request key = new PeerMessage.Request(p.index(), p.begin(), p.block().readableBytes());
        if (sentRequests.remove(key) == null) {
            // Late answers to cancelled or timed-out requests are normal; not a violation.
            LOG.trace("{}: unrequested {}", ctx.channel(), key);
            p.release();
            return;
        }
        listener.onPiece(this, p);
    }

    /**
     * BEP 3 allows a {@code bitfield} only as the first message after the handshake, and BEP 6
     * puts {@code have all} / {@code have none} in its place. Keep-alives and BEP 10 extended
     * messages do not count: clients send the extension handshake before or after it, and
     * libtorrent 2.0 as a magnet downloader sends its ut_metadata requests (BEP 9) before its
     * {@code have none}.
     *
     * <p>A later {@code bitfield} or {@code have all} is accepted when it only adds pieces:
     * aria2 1.36 sends a whole {@code bitfield} mid-connection instead of {@code have} messages
     * whenever that is shorter (and {@code have all} once it completes), after its opening
     * {@code have none} or {@code bitfield}. An announcement that takes pieces back (a later
     * {@code have none}, a {@code bitfield} missing an announced piece) is refused: BEP 54's
     * {@code lt_donthave} is the way to do that.
     */
    private void checkAnnouncementOrder(PeerMessage m) {
        if (m instanceof PeerMessage.KeepAlive || m instanceof PeerMessage.Extended) {
            return;
        }
        if (firstMessage == null) {
            firstMessage = m.getClass().getSimpleName();
            return;
        }
        boolean takesBack = m instanceof PeerMessage.HaveNone
                || (m instanceof PeerMessage.Bitfield b && !coversAnnounced(b));
        if (takesBack) {
            throw new PeerProtocolException(Reason.LATE_ANNOUNCEMENT, m + " after " + firstMessage
                    + " takes back pieces the peer announced");
        }
    }

    /** Whether a later bitfield holds every piece the peer announced before. */
    private boolean coversAnnounced(PeerMessage.Bitfield b) {
        if (peerHasAll) {
            if (pieceCount == PeerWireDecoder.UNKNOWN_PIECE_COUNT) {
                return false;
            }
            for (int i = 0; i < pieceCount; i++) {
                if (i >= b.length() * 8 || !b.has(i)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = peerPieces.nextSetBit(0); i >= 0; i = peerPieces.nextSetBit(i + 1)) {
            if (i >= b.length() * 8 || !b.has(i)) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether the listener should see the request. */
    private boolean onRequest(PeerMessage.Request r) {
        if (amChoking && !(fast && allowedFastGranted.contains(r.index()))) {
            if (fast) {
                // BEP 6: a request we will not serve is rejected, never silently dropped.
                ctx.writeAndFlush(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
            return false;
        }
        if (receivedRequests.add(r) && receivedRequests.size() > config.requestQueue()) {
            throw new PeerProtocolException(Reason.REQUEST_FLOOD,
                    receivedRequests.size() + " requests outstanding, reqq " + config.requestQueue());
        }
        return true;
    }

    private void requireFast(PeerMessage m) {
        if (!fast) {
            throw new PeerProtocolException(Reason.NOT_NEGOTIATED, m + " without the Fast extension (BEP 6)");
        }
    }

    private void onExtended(PeerMessage.Extended e) {
        if (!extensions) {
            throw new PeerProtocolException(Reason.NOT_NEGOTIATED, "extended message without BEP 10");
        }
        PeerConnectionListener listener = torrent.listener();
        try {
            switch (e.extendedId()) {
                case 0:
                    remoteExtensions = ExtensionHandshakeCodec.decode(e.payload(), config.extensionLimits());
                    listener.onExtensionHandshake(this, remoteExtensions);
                    break;
                case UT_METADATA_ID:
                    listener.onMetadataMessage(this, UtMetadataCodec.decode(e.payload(), config.extensionLimits()));
                    break;
                case UT_PEX_ID:
                    listener.onPex(this, UtPexCodec.decode(e.payload(), config.extensionLimits()));
                    break;
                case LT_DONTHAVE_ID: {
                    int piece = LtDontHaveCodec.decode(e.payload());
                    if (pieceCount != PeerWireDecoder.UNKNOWN_PIECE_COUNT && piece >= pieceCount) {
                        throw new PeerProtocolException(Reason.INDEX_OUT_OF_RANGE, "lt_donthave " + piece);
                    }
                    peerPieces.clear(piece);
                    if (peerHasAll) {
                        peerHasAll = false;
                        peerPieces.set(0, Math.max(0, pieceCount));
                        peerPieces.clear(piece);
                    }
                    listener.onDontHave(this, piece);
                    break;
                }
                default:
                    // BEP 10: ids we never assigned are ignored, they may be a peer's later extension.
                    LOG.trace("{}: ignoring extended message id {}", ctx.channel(), e.extendedId());
                    break;
            }
        } catch (ExtensionProtocolException x) {
            throw new PeerProtocolException(Reason.BAD_EXTENSION_MESSAGE,
                    "extended id " + e.extendedId() + ": " + x.getMessage(), x);
        }
    }

    /**
     * Sets the piece count once a magnet download has its metadata (BEP 9), and re-checks what
     * the peer announced before: the bitfield's size and spare bits, and every {@code have}. A
     * mismatch closes the connection with the decoder's reasons. Call on the event loop.
     *
     * @param count the torrent's piece count
     */
    public void pieceCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("piece count " + count);
        }
        pieceCount = count;
        PeerWireDecoder decoder = ctx.pipeline().get(PeerWireDecoder.class);
        if (decoder != null) {
            decoder.pieceCount(count);
        }
        if (peerBitfieldLength >= 0 && peerBitfieldLength != (count + 7) / 8) {
            fail(new PeerProtocolException(Reason.BITFIELD_WRONG_SIZE,
                    peerBitfieldLength + " bytes for " + count + " pieces"));
        } else if (peerPieces.length() > count) {
            fail(new PeerProtocolException(peerBitfieldLength >= 0 && peerPieces.length() <= peerBitfieldLength * 8
                    ? Reason.BITFIELD_SPARE_BITS : Reason.INDEX_OUT_OF_RANGE,
                    "piece " + (peerPieces.length() - 1) + " announced, " + count + " pieces"));
        }
    }

    // ---- outbound ----

    /**
     * Sends BEP 6 {@code allowed fast} for these pieces and serves the peer's requests for them
     * even while we choke it. Does nothing without the Fast extension. Call on the event loop.
     *
     * @param pieces the pieces (see {@link io.torrentine.internal.peer.wire.AllowedFastSet})
     */
    public void allowFast(Collection<Integer> pieces) {
        if (!fast) {
            return;
        }
        for (int piece : pieces) {
            if (allowedFastGranted.add(piece)) {
                ctx.write(new PeerMessage.AllowedFast(piece));
            }
        }
        ctx.flush();
    }

    /**
     * Whether a request of the peer is still waiting for our answer (not cancelled, not dropped
     * by a choke): an upload read that completes later checks this before sending the block.
     *
     * @param request the request
     * @return whether it is queued
     */
    public boolean isRequestQueued(PeerMessage.Request request) {
        return receivedRequests.contains(request);
    }

    /**
     * Sends a message (and flushes). Callable from any thread; the state (choke, interest,
     * requests) is updated on the event loop as the message passes.
     *
     * @param message the message; ownership of a buffer message passes to the connection
     * @return the write's future
     */
    public ChannelFuture send(PeerMessage message) {
        return ctx.channel().writeAndFlush(message);
    }

    /**
     * Writes a message without flushing; {@link #flush()} sends what was queued. For many
     * messages at once (a batch of requests, blocks read from disk): one system call, not one
     * each. Call on the event loop.
     *
     * @param message the message; ownership of a buffer message passes to the connection
     */
    public void queue(PeerMessage message) {
        ctx.channel().write(message, ctx.channel().voidPromise());
    }

    /**
     * Queues several {@code request} messages as one buffer: one pass down the pipeline for all
     * of them instead of one per message (a download sends one per 16 KiB block received).
     * {@link #flush()} sends them. Call on the event loop.
     *
     * @param requests the requests
     */
    public void queueRequests(List<PeerMessage.Request> requests) {
        if (requests.isEmpty()) {
            return;
        }
        long now = now();
        for (PeerMessage.Request r : requests) {
            sentRequests.put(r, now); // what onSend does for a request written alone
        }
        ctx.channel().write(PeerWireEncoder.encodeRequests(ctx.alloc(), requests), ctx.channel().voidPromise());
    }

    /** Flushes what {@link #queue} wrote. */
    public void flush() {
        ctx.channel().flush();
    }

    /**
     * Sends an extension message under the id the peer gave it in its extension handshake.
     *
     * @param name the extension name, e.g. {@link ExtensionHandshake#UT_METADATA}
     * @param payload the encoded payload
     * @return false (and nothing sent) if the peer does not support that extension
     */
    public boolean sendExtended(String name, byte[] payload) {
        OptionalInt id = remoteExtensions == null ? OptionalInt.empty() : remoteExtensions.idOf(name);
        if (id.isEmpty()) {
            return false;
        }
        send(new PeerMessage.Extended(id.getAsInt(), Unpooled.wrappedBuffer(payload)));
        return true;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof PeerMessage m) {
            onSend(m);
        }
        ctx.write(msg, promise);
        if (msg instanceof PeerMessage.Choke) {
            rejectQueuedRequests();
        }
    }

    /** BEP 3: a choke drops the peer's queued requests; BEP 6: each is rejected explicitly, after the choke. */
    private void rejectQueuedRequests() {
        for (Iterator<PeerMessage.Request> it = receivedRequests.iterator(); it.hasNext(); ) {
            PeerMessage.Request r = it.next();
            if (fast && allowedFastGranted.contains(r.index())) {
                continue; // BEP 6: allowed-fast requests are served whatever the choke state
            }
            if (fast) {
                ctx.write(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
            it.remove();
        }
    }

    private void onSend(PeerMessage m) {
        if (m instanceof PeerMessage.Choke) {
            amChoking = true;
        } else if (m instanceof PeerMessage.Unchoke) {
            amChoking = false;
        } else if (m instanceof PeerMessage.Interested) {
            amInterested = true;
        } else if (m instanceof PeerMessage.NotInterested) {
            amInterested = false;
        } else if (m instanceof PeerMessage.Request r) {
            sentRequests.put(r, now());
        } else if (m instanceof PeerMessage.Cancel c) {
            sentRequests.remove(new PeerMessage.Request(c.index(), c.begin(), c.length()));
        } else if (m instanceof PeerMessage.Piece p) {
            receivedRequests.remove(new PeerMessage.Request(p.index(), p.begin(), p.block().readableBytes()));
        } else if (m instanceof PeerMessage.RejectRequest r) {
            receivedRequests.remove(new PeerMessage.Request(r.index(), r.begin(), r.length()));
        }
    }

    // ---- timers ----

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void tick() {
        if (closing) {
            return;
        }
        long now = now();
        if (now - traffic.lastReceived() >= config.idleTimeout().toNanos()) {
            fail(new PeerProtocolException(Reason.IDLE_TIMEOUT,
                    "nothing received for " + config.idleTimeout().toSeconds() + " s"));
            return;
        }
        if (now - traffic.lastSent() >= config.keepAliveInterval().toNanos()) {
            ctx.writeAndFlush(PeerMessage.KeepAlive.INSTANCE);
        }
        if (torrent == null || sentRequests.isEmpty()) {
            return;
        }
        long limit = config.requestTimeout().toNanos();
        List<PeerMessage.Request> expired = new ArrayList<>();
        for (Iterator<Map.Entry<PeerMessage.Request, Long>> it = sentRequests.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerMessage.Request, Long> e = it.next();
            if (now - e.getValue() >= limit) {
                expired.add(e.getKey());
                it.remove();
            }
        }
        for (PeerMessage.Request r : expired) {
            torrent.listener().onRequestTimedOut(this, r);
        }
    }

    // ---- state, read on the event loop ----

    /**
     * The channel.
     *
     * @return the channel
     */
    public Channel channel() {
        return ctx.channel();
    }

    /**
     * Completes with the peer's handshake once it is checked, or exceptionally when the
     * connection closes first.
     *
     * @return the future
     */
    public CompletableFuture<Handshake> handshakeFuture() {
        return handshakeFuture;
    }

    /**
     * Whether we dialled this connection.
     *
     * @return true if outgoing
     */
    public boolean isOutgoing() {
        return outgoing;
    }

    /**
     * The torrent, once known.
     *
     * @return the torrent
     */
    public Optional<PeerTorrent> torrent() {
        return Optional.ofNullable(torrent);
    }

    /**
     * The peer's handshake, once received.
     *
     * @return the handshake
     */
    public Optional<Handshake> remoteHandshake() {
        return Optional.ofNullable(remoteHandshake);
    }

    /**
     * The peer's BEP 10 extension handshake, once received.
     *
     * @return the handshake
     */
    public Optional<ExtensionHandshake> remoteExtensions() {
        return Optional.ofNullable(remoteExtensions);
    }

    /**
     * Whether both sides set the BEP 6 Fast bit.
     *
     * @return true if negotiated
     */
    public boolean fastExtension() {
        return fast;
    }

    /**
     * Whether both sides set the BEP 10 extension bit.
     *
     * @return true if negotiated
     */
    public boolean extensionProtocol() {
        return extensions;
    }

    /**
     * Whether we choke the peer.
     *
     * @return true if choking
     */
    public boolean amChoking() {
        return amChoking;
    }

    /**
     * Whether we told the peer we are interested.
     *
     * @return true if interested
     */
    public boolean amInterested() {
        return amInterested;
    }

    /**
     * Whether the peer chokes us.
     *
     * @return true if choked
     */
    public boolean peerChoking() {
        return peerChoking;
    }

    /**
     * Whether the peer is interested in us.
     *
     * @return true if interested
     */
    public boolean peerInterested() {
        return peerInterested;
    }

    /**
     * Whether the peer has a piece (bitfield, have, have all, lt_donthave).
     *
     * @param index the piece index
     * @return true if it announced it
     */
    public boolean peerHas(int index) {
        return peerHasAll || peerPieces.get(index);
    }

    /**
     * Whether the peer announced every piece (BEP 6 {@code have all}), whatever the piece count.
     *
     * @return whether it has all
     */
    public boolean peerHasAll() {
        return peerHasAll;
    }

    /**
     * The pieces the peer announced by bitfield and {@code have} (not counting {@code have all}).
     *
     * @return a copy
     */
    public BitSet peerPieces() {
        return (BitSet) peerPieces.clone();
    }

    /**
     * How many pieces the peer announced, as far as the piece count is known.
     *
     * @return the count
     */
    public int peerPieceCount() {
        return peerHasAll ? Math.max(0, pieceCount) : peerPieces.cardinality();
    }

    /**
     * How many of our requests await an answer.
     *
     * @return the count
     */
    public int outstandingRequests() {
        return sentRequests.size();
    }

    /**
     * How many of the peer's requests we have not answered.
     *
     * @return the count
     */
    public int queuedPeerRequests() {
        return receivedRequests.size();
    }

    /**
     * Download rate over the rate window.
     *
     * @return bytes per second
     */
    public double downloadRate() {
        return traffic.receiveRate(now());
    }

    /**
     * Upload rate over the rate window.
     *
     * @return bytes per second
     */
    public double uploadRate() {
        return traffic.sendRate(now());
    }

    /**
     * Why the connection closed or is closing.
     *
     * @return the cause, empty while open or after an orderly close
     */
    public Optional<Throwable> closeCause() {
        return Optional.ofNullable(closeCause);
    }

    @Override
    public String toString() {
        return "PeerConnection[" + (ctx == null ? "unbound" : ctx.channel().remoteAddress()) + "]";
    }
}
