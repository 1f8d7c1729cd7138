package io.torrentine.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.ExtensionHandshakeCodec;
import io.torrentine.internal.peer.extension.ExtensionLimits;
import io.torrentine.internal.peer.extension.LtDontHaveCodec;
import io.torrentine.internal.peer.extension.UtMetadataCodec;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.Handshake;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.internal.peer.wire.PeerProtocolException;
import io.torrentine.internal.peer.wire.PeerProtocolException.Reason;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.internal.peer.wire.PeerWireEncoder;
import io.torrentine.internal.peer.wire.ReservedBits;
import io.torrentine.internal.peer.wire.WireLimits;
import io.torrentine.metainfo.Sha1Hash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection state machine on an {@link EmbeddedChannel}: the test plays the remote peer by
 * writing encoded bytes in and decoding what the connection writes out.
 */
class PeerConnectionTest {
    private static final int PIECES = 40;
    private static final Sha1Hash HASH = Sha1Hash.of(new byte[20]);
    private static final PeerId OURS = PeerId.generate(new Random(1));
    private static final PeerId THEIRS = PeerId.generate(new Random(2));
    private static final ReservedBits EXT_FAST = ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL,
            ReservedBits.Feature.FAST);

    private final RecordingListener listener = new RecordingListener();
    private PeerConnectionConfig config = PeerConnectionConfig.defaults(OURS)
            .withTimers(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(1));
    private EmbeddedChannel channel;
    private PeerConnection connection;
    /** Decodes what the connection sends, as the remote peer would. */
    private final EmbeddedChannel remote = new EmbeddedChannel(
            new PeerWireDecoder(WireLimits.DEFAULT, PIECES, true));

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        remote.finishAndReleaseAll();
    }

    private PeerTorrent torrent() {
        return new PeerTorrent(HASH, PIECES, OptionalInt.of(1234), listener);
    }

    private void openOutgoing() {
        channel = new EmbeddedChannel();
        connection = PeerPipeline.outgoing(channel, config, torrent());
        channel.pipeline().fireChannelActive();
    }

    private void receive(Object... messages) {
        for (Object m : messages) {
            channel.writeInbound(PeerWireEncoder.encode(ByteBufAllocator.DEFAULT, m));
            ReferenceCountUtil.release(m);
        }
        channel.runPendingTasks();
    }

    /** What the connection wrote since the last call, decoded; buffer messages are released. */
    private List<Object> sent() {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            remote.writeInbound(o);
        }
        for (Object o; (o = remote.readInbound()) != null; ) {
            if (o instanceof PeerMessage.Extended e && e.extendedId() == 0) {
                out.add(ExtensionHandshakeCodec.decode(e.payload(), ExtensionLimits.DEFAULT));
            } else if (o instanceof PeerMessage.Extended e) {
                out.add("extended " + e.extendedId());
            } else {
                out.add(o);
            }
            ReferenceCountUtil.release(o);
        }
        return out;
    }

    private Reason closedWith() {
        assertThat(channel.isOpen()).isFalse();
        Optional<Throwable> cause = listener.closed.getNow(null);
        Throwable t = cause != null ? cause.orElse(null) : connection.closeCause().orElse(null);
        assertThat(t).isInstanceOf(PeerProtocolException.class);
        return ((PeerProtocolException) t).reason();
    }

    private void handshaken(ReservedBits theirBits) {
        openOutgoing();
        assertThat(sent()).containsExactly(new Handshake(config.reserved(), HASH, OURS));
        receive(new Handshake(theirBits, HASH, THEIRS));
    }

    private static PeerMessage.Piece piece(int index, int begin, int length) {
        return new PeerMessage.Piece(index, begin, Unpooled.wrappedBuffer(new byte[length]));
    }

    @Test
    void outgoingHandshakeThenAnnouncementAndExtensionHandshake() {
        byte[] bits = new byte[(PIECES + 7) / 8];
        bits[0] = (byte) 0x80;
        listener.announcement = new PeerMessage.Bitfield(bits);
        handshaken(EXT_FAST);

        List<Object> out = sent();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(new PeerMessage.Bitfield(bits));
        ExtensionHandshake ours = (ExtensionHandshake) out.get(1);
        // BEP 10 m with our three extensions; BEP 9 metadata_size because we have the metadata.
        assertThat(ours.messages()).containsOnlyKeys("ut_metadata", "ut_pex", "lt_donthave");
        assertThat(ours.client()).contains("Torrentine 0.1.0");
        assertThat(ours.requestQueue()).hasValue(500);
        assertThat(ours.metadataSize()).hasValue(1234);
        assertThat(listener.connected).isCompleted();
        assertThat(connection.fastExtension()).isTrue();
        assertThat(connection.extensionProtocol()).isTrue();
        assertThat(connection.handshakeFuture()).isCompleted();

        byte[] theirs = ExtensionHandshakeCodec.encode(ExtensionHandshake.of(Map.of("ut_metadata", 7)));
        receive(new PeerMessage.Extended(0, Unpooled.wrappedBuffer(theirs)));
        assertThat(listener.extensionHandshake.join().idOf("ut_metadata")).hasValue(7);
        // Sent under the id the peer chose (BEP 10).
        assertThat(connection.sendExtended("ut_metadata", new byte[] {'d', 'e'})).isTrue();
        assertThat(connection.sendExtended("ut_pex", new byte[] {'d', 'e'})).isFalse();
        assertThat(sent()).containsExactly("extended 7");
    }

    @Test
    void withoutTheExtensionBitNoExtensionHandshakeIsSent() {
        handshaken(ReservedBits.NONE);
        assertThat(sent()).isEmpty();
        assertThat(connection.extensionProtocol()).isFalse();
        receive(new PeerMessage.Extended(0, Unpooled.wrappedBuffer("de".getBytes(StandardCharsets.US_ASCII))));
        assertThat(closedWith()).isEqualTo(Reason.NOT_NEGOTIATED);
    }

    @Test
    void haveAllBecomesABitfieldForAPeerWithoutFast() {
        listener.announcement = PeerMessage.HaveAll.INSTANCE;
        handshaken(ReservedBits.NONE);
        byte[] full = new byte[(PIECES + 7) / 8];
        java.util.Arrays.fill(full, (byte) 0xff);
        // 40 pieces fill exactly 5 bytes: no spare bits.
        // BEP 6 messages go only to peers that set the Fast bit.
        assertThat(sent()).containsExactly(new PeerMessage.Bitfield(full));
    }

    @Test
    void tracksChokeInterestAndPieces() {
        handshaken(EXT_FAST);
        sent();
        byte[] bits = new byte[(PIECES + 7) / 8];
        bits[0] = (byte) 0xc0;
        receive(new PeerMessage.Bitfield(bits), new PeerMessage.Have(9), PeerMessage.Unchoke.INSTANCE,
                PeerMessage.Interested.INSTANCE);
        assertThat(connection.peerHas(0)).isTrue();
        assertThat(connection.peerHas(1)).isTrue();
        assertThat(connection.peerHas(2)).isFalse();
        assertThat(connection.peerHas(9)).isTrue();
        assertThat(connection.peerPieceCount()).isEqualTo(3);
        assertThat(connection.peerChoking()).isFalse();
        assertThat(connection.peerInterested()).isTrue();

        // BEP 54 lt_donthave under our id 3.
        receive(new PeerMessage.Extended(PeerConnection.LT_DONTHAVE_ID, Unpooled.wrappedBuffer(LtDontHaveCodec.encode(9))));
        assertThat(connection.peerHas(9)).isFalse();
        assertThat(listener.dontHave).containsExactly(9);

        connection.send(PeerMessage.Interested.INSTANCE);
        connection.send(PeerMessage.Unchoke.INSTANCE);
        assertThat(connection.amInterested()).isTrue();
        assertThat(connection.amChoking()).isFalse();
        assertThat(sent()).containsExactly(PeerMessage.Interested.INSTANCE, PeerMessage.Unchoke.INSTANCE);
    }

    @Test
    void announcementMayFollowKeepAliveAndExtendedMessages() {
        handshaken(EXT_FAST);
        byte[] theirs = ExtensionHandshakeCodec.encode(ExtensionHandshake.of(Map.of("ut_metadata", 7)));
        // As libtorrent 2.0 does for a magnet link: ut_metadata requests (BEP 9) before have none.
        byte[] request = UtMetadataCodec.encode(new UtMetadataMessage.Request(0));
        receive(PeerMessage.KeepAlive.INSTANCE, new PeerMessage.Extended(0, Unpooled.wrappedBuffer(theirs)),
                new PeerMessage.Extended(PeerConnection.UT_METADATA_ID, Unpooled.wrappedBuffer(request)),
                PeerMessage.HaveAll.INSTANCE);
        assertThat(listener.metadata).containsExactly(new UtMetadataMessage.Request(0));
        assertThat(channel.isOpen()).isTrue();
        assertThat(connection.peerPieceCount()).isEqualTo(PIECES);
    }

    @Test
    void laterBitfieldThatOnlyAddsPiecesIsAccepted() {
        // aria2 1.36 sends a whole bitfield mid-connection instead of have messages when that is
        // shorter, after its opening have none (BEP 3 would have the bitfield first only).
        handshaken(EXT_FAST);
        byte[] later = new byte[(PIECES + 7) / 8];
        later[0] = (byte) 0b0110_0000;
        receive(PeerMessage.HaveNone.INSTANCE, new PeerMessage.Have(1), PeerMessage.Unchoke.INSTANCE,
                new PeerMessage.Bitfield(later));
        assertThat(channel.isOpen()).isTrue();
        assertThat(connection.peerPieces()).isEqualTo(BitSet.valueOf(new long[] {0b110}));
        receive(PeerMessage.HaveAll.INSTANCE);
        assertThat(channel.isOpen()).isTrue();
        assertThat(connection.peerHasAll()).isTrue();
        assertThat(connection.peerPieceCount()).isEqualTo(PIECES);
    }

    @Test
    void laterBitfieldThatTakesBackAPieceClosesTheConnection() {
        handshaken(EXT_FAST);
        byte[] first = new byte[(PIECES + 7) / 8];
        first[0] = (byte) 0b1000_0000;
        receive(new PeerMessage.Bitfield(first), new PeerMessage.Have(1),
                new PeerMessage.Bitfield(new byte[(PIECES + 7) / 8]));
        assertThat(closedWith()).isEqualTo(Reason.LATE_ANNOUNCEMENT);
        assertThat(connection.closeCause().orElseThrow()).hasMessageContaining("takes back");
    }

    @Test
    void haveNoneAfterUnchokeClosesTheConnection() {
        // BEP 6: have all / have none take the bitfield's place, and its rule.
        handshaken(EXT_FAST);
        receive(PeerMessage.Unchoke.INSTANCE, PeerMessage.HaveNone.INSTANCE);
        assertThat(closedWith()).isEqualTo(Reason.LATE_ANNOUNCEMENT);
    }

    @Test
    void haveNoneAfterHaveAllClosesTheConnection() {
        handshaken(EXT_FAST);
        receive(PeerMessage.HaveAll.INSTANCE, PeerMessage.HaveNone.INSTANCE);
        assertThat(closedWith()).isEqualTo(Reason.LATE_ANNOUNCEMENT);
    }

    @Test
    void bitfieldMissingPiecesAfterHaveAllClosesTheConnection() {
        handshaken(EXT_FAST);
        byte[] bits = new byte[(PIECES + 7) / 8];
        bits[0] = (byte) 0xff;
        receive(PeerMessage.HaveAll.INSTANCE, new PeerMessage.Bitfield(bits));
        assertThat(closedWith()).isEqualTo(Reason.LATE_ANNOUNCEMENT);
    }

    @Test
    void piecesAnswerRequestsAndUnrequestedOnesAreDropped() {
        handshaken(EXT_FAST);
        connection.send(new PeerMessage.Request(1, 0, 16384));
        connection.send(new PeerMessage.Request(1, 16384, 16384));
        assertThat(connection.outstandingRequests()).isEqualTo(2);

        receive(piece(1, 0, 16384), piece(2, 0, 16384));
        assertThat(connection.outstandingRequests()).isEqualTo(1);
        assertThat(listener.messages).containsExactly(new PeerMessage.Request(1, 0, 16384));
        assertThat(connection.downloadRate()).isGreaterThan(0);
        assertThat(connection.uploadRate()).isGreaterThan(0);

        // BEP 6: a reject ends the request.
        receive(new PeerMessage.RejectRequest(1, 16384, 16384));
        assertThat(connection.outstandingRequests()).isZero();
    }

    /** Requests queued as one buffer go out as ordinary request messages, and are tracked as sent. */
    @Test
    void requestsQueuedTogetherAreSentAndTracked() {
        handshaken(EXT_FAST);
        sent(); // the extension handshake
        connection.queueRequests(List.of(new PeerMessage.Request(3, 0, 16384), new PeerMessage.Request(3, 16384, 16384),
                new PeerMessage.Request(4, 0, 100)));
        connection.flush();
        assertThat(sent()).containsExactly(new PeerMessage.Request(3, 0, 16384),
                new PeerMessage.Request(3, 16384, 16384), new PeerMessage.Request(4, 0, 100));
        assertThat(connection.outstandingRequests()).isEqualTo(3);

        receive(piece(3, 16384, 16384));
        assertThat(listener.messages).as("an answer to a batched request is delivered")
                .containsExactly(new PeerMessage.Request(3, 16384, 16384));
        assertThat(connection.outstandingRequests()).isEqualTo(2);
    }

    @Test
    void chokeWithoutFastDropsOurRequests() {
        handshaken(ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL));
        connection.send(new PeerMessage.Request(1, 0, 16384));
        receive(PeerMessage.Choke.INSTANCE);
        assertThat(connection.outstandingRequests()).isZero();
        assertThat(connection.peerChoking()).isTrue();
    }

    @Test
    void fastMessagesWithoutFastCloseTheConnection() {
        handshaken(ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL));
        receive(PeerMessage.HaveAll.INSTANCE);
        assertThat(closedWith()).isEqualTo(Reason.NOT_NEGOTIATED);
    }

    @Test
    void requestsTimeOut() {
        handshaken(EXT_FAST);
        connection.send(new PeerMessage.Request(3, 0, 16384));
        receive(PeerMessage.KeepAlive.INSTANCE);
        channel.advanceTimeBy(21, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(listener.timedOut).containsExactly(new PeerMessage.Request(3, 0, 16384));
        assertThat(connection.outstandingRequests()).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void sendsKeepAlivesAfterSilence() {
        handshaken(EXT_FAST);
        sent();
        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).contains(PeerMessage.KeepAlive.INSTANCE);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void silentPeerIsClosedAfterTheIdleTimeout() {
        openOutgoing();
        // Our keep-alives go out, but the peer never sends a byte, not even its handshake.
        for (int i = 0; i < 5; i++) {
            channel.advanceTimeBy(10, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }
        assertThat(channel.isOpen()).isTrue();
        assertThat(sent()).contains(PeerMessage.KeepAlive.INSTANCE);
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closedWith()).isEqualTo(Reason.IDLE_TIMEOUT);
        assertThat(connection.handshakeFuture()).isCompletedExceptionally();
    }

    @Test
    void wrongInfoHashIsRefused() {
        openOutgoing();
        sent();
        byte[] other = new byte[20];
        other[0] = 1;
        // In one read: the unchoke after the refused handshake must be dropped, not delivered.
        channel.writeInbound(Unpooled.wrappedBuffer(
                PeerWireEncoder.encode(ByteBufAllocator.DEFAULT, new Handshake(EXT_FAST, Sha1Hash.of(other), THEIRS)),
                PeerWireEncoder.encode(ByteBufAllocator.DEFAULT, PeerMessage.Unchoke.INSTANCE)));
        assertThat(closedWith()).isEqualTo(Reason.INFO_HASH_MISMATCH);
        assertThat(listener.connected).isNotDone();
        assertThat(sent()).isEmpty();
    }

    @Test
    void ourOwnPeerIdIsRefused() {
        openOutgoing();
        sent();
        receive(new Handshake(EXT_FAST, HASH, OURS));
        assertThat(closedWith()).isEqualTo(Reason.OWN_PEER_ID);
    }

    @Test
    void incomingHandshakeIsRoutedByTheResolver() {
        channel = new EmbeddedChannel();
        connection = PeerPipeline.incoming(channel, config,
                h -> h.equals(HASH) ? Optional.of(torrent()) : Optional.empty());
        channel.pipeline().fireChannelActive();
        assertThat(sent()).isEmpty();
        receive(new Handshake(EXT_FAST, HASH, THEIRS));
        List<Object> out = sent();
        assertThat(out.get(0)).isEqualTo(new Handshake(config.reserved(), HASH, OURS));
        assertThat(out.get(1)).isInstanceOf(ExtensionHandshake.class);
        assertThat(listener.connected).isCompleted();
        // The decoder now knows the piece count: an out-of-range have is refused.
        receive(new PeerMessage.Have(PIECES));
        assertThat(closedWith()).isEqualTo(Reason.INDEX_OUT_OF_RANGE);
    }

    @Test
    void incomingHandshakeForAnUnknownTorrentIsRefused() {
        channel = new EmbeddedChannel();
        connection = PeerPipeline.incoming(channel, config, h -> Optional.empty());
        channel.pipeline().fireChannelActive();
        receive(new Handshake(EXT_FAST, HASH, THEIRS));
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.closeCause()).get().extracting(t -> ((PeerProtocolException) t).reason())
                .isEqualTo(Reason.UNKNOWN_TORRENT);
    }

    @Test
    void requestFloodBeyondOurReqqClosesTheConnection() {
        config = config.withRequestQueue(2);
        handshaken(EXT_FAST);
        connection.send(PeerMessage.Unchoke.INSTANCE);
        receive(new PeerMessage.Request(0, 0, 16384), new PeerMessage.Request(0, 16384, 16384));
        assertThat(connection.queuedPeerRequests()).isEqualTo(2);
        assertThat(channel.isOpen()).isTrue();
        // Answering one frees a slot (BEP 10 reqq counts unanswered requests).
        connection.send(piece(0, 0, 16384));
        receive(new PeerMessage.Request(1, 0, 16384));
        assertThat(channel.isOpen()).isTrue();
        receive(new PeerMessage.Request(1, 16384, 16384));
        assertThat(closedWith()).isEqualTo(Reason.REQUEST_FLOOD);
    }

    @Test
    void requestsWhileChokedAreRejectedWithFast() {
        handshaken(EXT_FAST);
        sent();
        receive(new PeerMessage.Request(0, 0, 16384));
        assertThat(sent()).containsExactly(new PeerMessage.RejectRequest(0, 0, 16384));
        assertThat(connection.queuedPeerRequests()).isZero();
        assertThat(listener.messages).isEmpty();

        connection.send(PeerMessage.Unchoke.INSTANCE);
        receive(new PeerMessage.Request(0, 0, 16384));
        connection.send(PeerMessage.Choke.INSTANCE);
        // BEP 6: choking rejects every request still queued.
        assertThat(sent()).containsExactly(PeerMessage.Unchoke.INSTANCE, PeerMessage.Choke.INSTANCE,
                new PeerMessage.RejectRequest(0, 0, 16384));
        assertThat(connection.queuedPeerRequests()).isZero();
    }

    @Test
    void allowedFastPiecesAreServedWhileChokedAndSurviveAChoke() {
        handshaken(EXT_FAST);
        sent();
        connection.allowFast(List.of(3, 7));
        assertThat(sent()).containsExactly(new PeerMessage.AllowedFast(3), new PeerMessage.AllowedFast(7));
        // BEP 6: a request for an allowed-fast piece is served though we choke the peer.
        receive(new PeerMessage.Request(3, 0, 16384), new PeerMessage.Request(4, 0, 16384));
        assertThat(sent()).containsExactly(new PeerMessage.RejectRequest(4, 0, 16384));
        assertThat(listener.messages).containsExactly(new PeerMessage.Request(3, 0, 16384));
        assertThat(connection.isRequestQueued(new PeerMessage.Request(3, 0, 16384))).isTrue();

        connection.send(PeerMessage.Unchoke.INSTANCE);
        receive(new PeerMessage.Request(5, 0, 16384));
        connection.send(PeerMessage.Choke.INSTANCE);
        assertThat(sent()).containsExactly(PeerMessage.Unchoke.INSTANCE, PeerMessage.Choke.INSTANCE,
                new PeerMessage.RejectRequest(5, 0, 16384));
        assertThat(connection.isRequestQueued(new PeerMessage.Request(3, 0, 16384))).isTrue();
        assertThat(connection.queuedPeerRequests()).isEqualTo(1);
    }

    @Test
    void allowedFastIsNotSentWithoutTheFastExtension() {
        handshaken(ReservedBits.of(ReservedBits.Feature.EXTENSION_PROTOCOL));
        sent();
        connection.allowFast(List.of(3));
        assertThat(sent()).isEmpty();
    }

    @Test
    void malformedExtensionHandshakeClosesTheConnection() {
        handshaken(EXT_FAST);
        receive(new PeerMessage.Extended(0, Unpooled.wrappedBuffer("d1:mi5ee".getBytes(StandardCharsets.US_ASCII))));
        assertThat(closedWith()).isEqualTo(Reason.BAD_EXTENSION_MESSAGE);
    }

    @Test
    void truncatedExtensionHandshakeClosesTheConnection() {
        handshaken(EXT_FAST);
        receive(new PeerMessage.Extended(0, Unpooled.wrappedBuffer("d1:md".getBytes(StandardCharsets.US_ASCII))));
        assertThat(closedWith()).isEqualTo(Reason.BAD_EXTENSION_MESSAGE);
    }

    @Test
    void wireViolationFromTheDecoderReachesTheListener() {
        handshaken(EXT_FAST);
        ByteBuf unknown = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 99});
        channel.writeInbound(unknown);
        assertThat(closedWith()).isEqualTo(Reason.UNKNOWN_MESSAGE_ID);
    }

    private void openMagnet() {
        channel = new EmbeddedChannel();
        connection = PeerPipeline.outgoing(channel, config,
                new PeerTorrent(HASH, PeerWireDecoder.UNKNOWN_PIECE_COUNT, OptionalInt.empty(), listener));
        channel.pipeline().fireChannelActive();
        sent();
        receive(new Handshake(EXT_FAST, HASH, THEIRS));
    }

    @Test
    void magnetBitfieldIsRecheckedWhenThePieceCountIsKnown() {
        openMagnet();
        receive(new PeerMessage.Bitfield(new byte[] {(byte) 0xff, 0, (byte) 0xf0}));
        assertThat(connection.peerPieceCount()).isEqualTo(12);
        connection.pieceCount(20);
        assertThat(channel.isOpen()).isTrue();
        assertThat(connection.peerHas(19)).isTrue();
        // From now on the decoder checks indexes against 20 pieces.
        receive(new PeerMessage.Have(20));
        assertThat(closedWith()).isEqualTo(Reason.INDEX_OUT_OF_RANGE);
    }

    @Test
    void magnetBitfieldWithSpareBitsIsRefusedLater() {
        openMagnet();
        receive(new PeerMessage.Bitfield(new byte[] {0, 0, 0x01}));
        connection.pieceCount(20);
        assertThat(closedWith()).isEqualTo(Reason.BITFIELD_SPARE_BITS);
    }

    @Test
    void magnetBitfieldOfTheWrongSizeIsRefusedLater() {
        openMagnet();
        receive(new PeerMessage.Bitfield(new byte[] {0, 0, 0}));
        connection.pieceCount(30);
        assertThat(closedWith()).isEqualTo(Reason.BITFIELD_WRONG_SIZE);
    }

    @Test
    void magnetHaveBeyondThePieceCountIsRefusedLater() {
        openMagnet();
        receive(new PeerMessage.Have(100));
        connection.pieceCount(40);
        assertThat(closedWith()).isEqualTo(Reason.INDEX_OUT_OF_RANGE);
    }

    @Test
    void rateMeterForgetsOldBytes() {
        RateMeter meter = new RateMeter(Duration.ofSeconds(5), 5, 0);
        meter.add(10_000, 0);
        assertThat(meter.bytesPerSecond(0)).isEqualTo(2000.0);
        assertThat(meter.bytesPerSecond(4_999_999_999L)).isEqualTo(2000.0);
        assertThat(meter.bytesPerSecond(5_000_000_000L)).isZero();
    }
}
