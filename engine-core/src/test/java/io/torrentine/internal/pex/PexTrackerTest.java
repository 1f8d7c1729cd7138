package io.torrentine.internal.pex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.peer.extension.ExtensionLimits;
import io.torrentine.internal.peer.extension.ExtensionProtocolException;
import io.torrentine.internal.peer.extension.PexMessage;
import io.torrentine.internal.peer.extension.PexPeer;
import io.torrentine.internal.peer.extension.UtPexCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 11 rules of {@link PexTracker}, one test per rule, on a virtual clock. */
class PexTrackerTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final PexTracker tracker = new PexTracker(PexSettings.defaults());

    private static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetSocketAddress v4(int i) {
        return addr("10.0." + (i / 250) + "." + (1 + i % 250), 6881);
    }

    private static List<InetSocketAddress> addresses(List<PexPeer> peers) {
        return peers.stream().map(PexPeer::address).toList();
    }

    private Object connect(InetSocketAddress address, int flags) {
        Object conn = new Object();
        assertThat(tracker.connected(conn, address, flags)).isTrue();
        return conn;
    }

    @Test
    void theFirstMessageListsTheCurrentPeersWithTheirFlagsButNeverThePeerItself() {
        Object a = connect(v4(1), PexPeer.OUTGOING);
        connect(v4(2), PexTracker.flags(true, true, false, false, true));
        connect(v4(3), 0);

        OutgoingPex first = tracker.messageFor(a, 0).orElseThrow();

        assertThat(first.initial()).isTrue();
        assertThat(first.message().added()).containsExactly(
                new PexPeer(v4(2), PexPeer.ENCRYPTION | PexPeer.SEED | PexPeer.OUTGOING), new PexPeer(v4(3), 0));
        assertThat(first.message().dropped()).isEmpty();
    }

    @Test
    void aConnectionIsNotToldAboutAnotherConnectionWithItsOwnAddress() {
        Object a = connect(v4(1), 0);
        connect(v4(1), 0); // a second connection to the same endpoint (e.g. both directions at once)
        connect(v4(2), 0);

        assertThat(addresses(tracker.messageFor(a, 0).orElseThrow().message().added())).containsExactly(v4(2));
    }

    @Test
    void messagesToOneConnectionAreAtLeastAMinuteApart() {
        Object a = connect(v4(1), 0);
        connect(v4(2), 0);
        assertThat(tracker.messageFor(a, 0)).isPresent();
        connect(v4(3), 0);

        assertThat(tracker.messageFor(a, MINUTE - 1)).isEmpty();
        OutgoingPex next = tracker.messageFor(a, MINUTE).orElseThrow();
        assertThat(next.initial()).isFalse();
        assertThat(addresses(next.message().added())).containsExactly(v4(3));
    }

    @Test
    void nothingIsSentWhenNothingChangedAndTheNextChangeGoesOutWithoutAnotherMinute() {
        Object a = connect(v4(1), 0);
        connect(v4(2), 0);
        tracker.messageFor(a, 0).orElseThrow();

        assertThat(tracker.messageFor(a, MINUTE)).isEmpty();
        connect(v4(3), 0);
        assertThat(addresses(tracker.messageFor(a, MINUTE + SECOND).orElseThrow().message().added()))
                .containsExactly(v4(3));
    }

    @Test
    void anEmptyTorrentSendsNothingAndTheFirstRealMessageIsStillTheInitialOne() {
        Object a = connect(v4(1), 0);
        assertThat(tracker.messageFor(a, 0)).isEmpty();

        connect(v4(2), 0);
        assertThat(tracker.messageFor(a, SECOND).orElseThrow().initial()).isTrue();
    }

    @Test
    void aPeerThatLeftIsDroppedOnlyIfItWasAdvertised() {
        Object a = connect(v4(1), 0);
        Object b = connect(v4(2), 0);
        tracker.messageFor(a, 0).orElseThrow();
        Object c = connect(v4(3), 0);

        tracker.disconnected(b);
        tracker.disconnected(c); // connected and left between two messages: elided (BEP 11)

        PexMessage next = tracker.messageFor(a, MINUTE).orElseThrow().message();
        assertThat(next.added()).isEmpty();
        assertThat(next.dropped()).containsExactly(v4(2));
        assertThat(tracker.advertisedTo(a)).isEmpty();
    }

    @Test
    void aPeerThatLeftAndCameBackBetweenMessagesIsNeitherDroppedNorAddedAgain() {
        Object a = connect(v4(1), 0);
        Object b = connect(v4(2), 0);
        connect(v4(3), 0);
        tracker.messageFor(a, 0).orElseThrow();

        tracker.disconnected(b);
        connect(v4(2), 0);

        assertThat(tracker.messageFor(a, MINUTE)).isEmpty();
    }

    @Test
    void theFirstMessageCarriesAtMostAHundredAndLaterOnesFiftyAddedTheRestFollowing() {
        Object a = connect(v4(0), 0);
        for (int i = 1; i <= 180; i++) {
            connect(v4(i), 0);
        }

        assertThat(tracker.messageFor(a, 0).orElseThrow().message().added()).hasSize(PexMessage.MAX_PEERS_INITIAL);
        assertThat(tracker.messageFor(a, MINUTE).orElseThrow().message().added()).hasSize(PexMessage.MAX_PEERS_PER_LIST);
        List<PexPeer> third = tracker.messageFor(a, 2 * MINUTE).orElseThrow().message().added();
        assertThat(third).hasSize(30);
        assertThat(third.get(29).address()).isEqualTo(v4(180));
        assertThat(tracker.advertisedTo(a)).hasSize(180);
    }

    @Test
    void atMostFiftyDroppedPerMessageAndAnAddedPeerIsNeverDroppedInTheSameMessage() {
        Object a = connect(v4(0), 0);
        List<Object> others = new ArrayList<>();
        for (int i = 1; i <= 80; i++) {
            others.add(connect(v4(i), 0));
        }
        tracker.messageFor(a, 0).orElseThrow();
        others.forEach(tracker::disconnected);
        connect(v4(500), 0);

        PexMessage second = tracker.messageFor(a, MINUTE).orElseThrow().message();
        assertThat(second.dropped()).hasSize(PexMessage.MAX_PEERS_PER_LIST);
        assertThat(addresses(second.added())).containsExactly(v4(500));
        assertThat(second.dropped()).doesNotContain(v4(500));
        assertThat(tracker.messageFor(a, 2 * MINUTE).orElseThrow().message().dropped()).hasSize(30);
    }

    @Test
    void ipv4AndIpv6PeersShareTheFiftyPeerLimit() {
        Object a = connect(v4(0), 0);
        connect(v4(1), 0);
        tracker.messageFor(a, 0).orElseThrow();
        for (int i = 0; i < 30; i++) {
            connect(v4(100 + i), 0);
            connect(addr("2001:db8::" + Integer.toHexString(i + 1), 6881), 0);
        }

        List<PexPeer> added = tracker.messageFor(a, MINUTE).orElseThrow().message().added();
        assertThat(added).hasSize(50);
        assertThat(added).anyMatch(p -> p.address().getAddress() instanceof java.net.Inet6Address);
    }

    @Test
    void aPeerWhoseListenPortIsUnknownIsNotAdvertisedUntilItIsKnownThenUnderItsNewAddress() {
        Object a = connect(v4(1), 0);
        Object incoming = connect(addr("10.9.9.9", 0), 0);
        connect(v4(2), 0);
        assertThat(addresses(tracker.messageFor(a, 0).orElseThrow().message().added())).containsExactly(v4(2));

        // The extension handshake named its listen port (BEP 10 "p").
        assertThat(tracker.connected(incoming, addr("10.9.9.9", 51413), 0)).isTrue();
        assertThat(addresses(tracker.messageFor(a, MINUTE).orElseThrow().message().added()))
                .containsExactly(addr("10.9.9.9", 51413));

        tracker.connected(incoming, addr("10.9.9.9", 51414), 0);
        PexMessage third = tracker.messageFor(a, 2 * MINUTE).orElseThrow().message();
        assertThat(addresses(third.added())).containsExactly(addr("10.9.9.9", 51414));
        assertThat(third.dropped()).containsExactly(addr("10.9.9.9", 51413));
    }

    @Test
    void theConnectionBoundIsKept() {
        PexTracker small = new PexTracker(PexSettings.defaults().withMaxConnections(2));
        assertThat(small.connected(new Object(), v4(1), 0)).isTrue();
        Object second = new Object();
        assertThat(small.connected(second, v4(2), 0)).isTrue();
        assertThat(small.connected(new Object(), v4(3), 0)).isFalse();
        assertThat(small.connected(second, v4(4), 0)).as("an update is not a new connection").isTrue();
        assertThat(small.connectionCount()).isEqualTo(2);
    }

    @Test
    void anUnknownConnectionGetsAndGivesNothing() {
        connect(v4(1), 0);
        Object stranger = new Object();
        assertThat(tracker.messageFor(stranger, 0)).isEmpty();
        assertThat(tracker.received(stranger, new PexMessage(List.of(new PexPeer(v4(5), 0)), List.of()), 0)).isEmpty();
    }

    @Test
    void theMessageEncodesWithinTheCodecsLimitsAndDecodesToItself() {
        Object a = connect(v4(0), 0);
        for (int i = 1; i <= 100; i++) {
            connect(v4(i), PexPeer.SEED);
        }
        OutgoingPex first = tracker.messageFor(a, 0).orElseThrow();
        assertThat(UtPexCodec.decode(first.encode(), ExtensionLimits.DEFAULT)).isEqualTo(first.message());
    }

    // Incoming.

    @Test
    void receivedPeersKeepTheirFlagsAndOrder() {
        Object a = connect(v4(1), 0);
        PexMessage m = new PexMessage(List.of(new PexPeer(v4(7), PexPeer.SEED), new PexPeer(v4(8), PexPeer.UTP)),
                List.of());
        assertThat(tracker.received(a, m, 0)).containsExactly(new PexPeer(v4(7), PexPeer.SEED),
                new PexPeer(v4(8), PexPeer.UTP));
    }

    @Test
    void addressesNoPeerListensOnAreRefused() {
        Object a = connect(v4(1), 0);
        PexMessage m = new PexMessage(List.of(
                new PexPeer(addr("10.1.1.1", 0), 0),
                new PexPeer(addr("0.0.0.0", 6881), 0),
                new PexPeer(addr("224.0.0.1", 6881), 0),
                new PexPeer(addr("255.255.255.255", 6881), 0),
                new PexPeer(addr("fe80::1", 6881), 0),
                new PexPeer(addr("::", 6881), 0),
                new PexPeer(addr("ff02::1", 6881), 0),
                new PexPeer(v4(9), 0)), List.of());
        assertThat(addresses(tracker.received(a, m, 0))).containsExactly(v4(9));
    }

    @Test
    void loopbackPeersAreTakenOnlyFromAPeerOnLoopback() {
        PexMessage m = new PexMessage(List.of(new PexPeer(addr("127.0.0.1", 7000), 0),
                new PexPeer(addr("::1", 7001), 0)), List.of());
        Object remote = connect(v4(1), 0);
        Object local = connect(addr("127.0.0.1", 6000), 0);

        assertThat(tracker.received(remote, m, 0)).isEmpty();
        assertThat(tracker.received(local, m, 0)).hasSize(2);
    }

    @Test
    void theSenderItselfAPeerBothAddedAndDroppedAndDuplicatesAreIgnored() {
        Object a = connect(v4(1), 0);
        PexMessage m = new PexMessage(List.of(new PexPeer(v4(1), 0), new PexPeer(v4(2), 0), new PexPeer(v4(3), 0),
                new PexPeer(v4(3), PexPeer.SEED)), List.of(v4(2)));
        assertThat(tracker.received(a, m, 0)).containsExactly(new PexPeer(v4(3), 0));
    }

    @Test
    void aSecondEntryWithTheSameIpIsIgnoredUnlessSeveralConnectionsPerIpAreAllowed() {
        PexMessage m = new PexMessage(List.of(new PexPeer(addr("127.0.0.1", 7000), 0),
                new PexPeer(addr("127.0.0.1", 7001), 0)), List.of());
        Object a = connect(addr("127.0.0.1", 6000), 0);
        assertThat(addresses(tracker.received(a, m, 0))).containsExactly(addr("127.0.0.1", 7000));

        PexTracker loopbackSwarm = new PexTracker(PexSettings.defaults().withIgnoreDuplicateIps(false));
        Object b = new Object();
        loopbackSwarm.connected(b, addr("127.0.0.1", 6000), 0);
        assertThat(loopbackSwarm.received(b, m, 0)).hasSize(2);
    }

    @Test
    void aConnectionSendingAFourthMessageWithinAMinuteIsAFloodAndMustBeClosed() {
        Object a = connect(v4(1), 0);
        PexMessage m = new PexMessage(List.of(new PexPeer(v4(2), 0)), List.of());
        tracker.received(a, m, 0);
        tracker.received(a, m, 10 * SECOND);
        tracker.received(a, m, 20 * SECOND);

        assertThatThrownBy(() -> tracker.received(a, m, 30 * SECOND))
                .isInstanceOfSatisfying(ExtensionProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtensionProtocolException.Reason.TOO_FREQUENT));
    }

    @Test
    void messagesSpreadOverTheWindowAreNotAFlood() {
        Object a = connect(v4(1), 0);
        PexMessage m = new PexMessage(List.of(new PexPeer(v4(2), 0)), List.of());
        for (int i = 0; i < 10; i++) {
            assertThat(tracker.received(a, m, i * 21 * SECOND)).hasSize(1);
        }
    }

    @Test
    void oneConnectionFeedsAtMostAHundredPeersAtOnceThenFiftyAMinute() {
        Object a = connect(v4(0), 0);
        List<PexPeer> many = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            many.add(new PexPeer(v4(i), 0));
        }
        List<PexPeer> more = new ArrayList<>();
        for (int i = 101; i <= 200; i++) {
            more.add(new PexPeer(v4(i), 0));
        }

        assertThat(tracker.received(a, new PexMessage(many, List.of()), 0)).hasSize(100);
        assertThat(tracker.received(a, new PexMessage(more, List.of()), 30 * SECOND)).hasSize(25);
        assertThat(tracker.received(a, new PexMessage(more, List.of()), 90 * SECOND)).hasSize(50);
        assertThat(tracker.received(a, new PexMessage(more, List.of()), 30 * MINUTE)).hasSize(100);
    }

    @Test
    void theBudgetIsPerConnection() {
        Object a = connect(v4(0), 0);
        Object b = connect(v4(1000), 0);
        List<PexPeer> many = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            many.add(new PexPeer(v4(i), 0));
        }
        assertThat(tracker.received(a, new PexMessage(many, List.of()), 0)).hasSize(100);
        assertThat(tracker.received(b, new PexMessage(many, List.of()), 0)).hasSize(100);
        assertThat(tracker.received(a, new PexMessage(many, List.of()), SECOND)).isEmpty();
    }

    @Test
    void settingsRefuseLimitsTheCodecCannotEncode() {
        PexSettings d = PexSettings.defaults();
        assertThatThrownBy(() -> new PexSettings(d.messageInterval(), 51, 50, 100, 10, d.floodWindow(), 3, 100, 50,
                true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PexSettings(Duration.ZERO, 50, 50, 100, 10, d.floodWindow(), 3, 100, 50,
                true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.of(d.maxInitialPeers())).contains(100);
    }
}
