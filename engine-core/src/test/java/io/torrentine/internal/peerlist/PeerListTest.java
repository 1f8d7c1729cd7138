package io.torrentine.internal.peerlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The peer list's rules (docs/peer-list.md), with a fake clock. */
class PeerListTest {
    private static final InetSocketAddress LISTEN = ep("10.0.0.1", 6881);
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private long now = 5_000_000_000_000L;

    private static PeerList list() {
        return new PeerList(PeerListSettings.defaults(LISTEN));
    }

    @Test
    void refusesInvalidAddressesAndOurselves() throws UnknownHostException {
        PeerList list = list();
        assertThat(list.add(ep("1.2.3.4", 0), PeerSource.TRACKER, false)).as("port 0").isFalse();
        assertThat(list.add(ep("224.0.0.1", 6881), PeerSource.TRACKER, false)).as("multicast").isFalse();
        assertThat(list.add(ep("ff02::1", 6881), PeerSource.TRACKER, false)).as("v6 multicast").isFalse();
        assertThat(list.add(ep("0.0.0.0", 6881), PeerSource.TRACKER, false)).as("wildcard").isFalse();
        assertThat(list.add(ep("255.255.255.255", 6881), PeerSource.TRACKER, false)).as("broadcast").isFalse();
        assertThat(list.add(InetSocketAddress.createUnresolved("example.org", 6881), PeerSource.TRACKER, false))
                .as("unresolved").isFalse();
        assertThat(list.add(LISTEN, PeerSource.TRACKER, false)).as("our listen address").isFalse();
        list.ourAddress(ep("203.0.113.7", 6881));
        assertThat(list.add(ep("203.0.113.7", 6881), PeerSource.PEX, false)).as("our external address").isFalse();
        assertThat(list.add(ep("203.0.113.7", 6882), PeerSource.PEX, false)).as("another port of that IP").isTrue();
        assertThat(list.size()).isEqualTo(1);

        PeerList wildcard = new PeerList(PeerListSettings.defaults(
                new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 6881)));
        assertThat(wildcard.add(ep("127.0.0.1", 6881), PeerSource.LSD, false)).as("loopback on our port").isFalse();
        assertThat(wildcard.add(ep("127.0.0.1", 6882), PeerSource.LSD, false)).isTrue();
    }

    @Test
    void theExternalAddressSetLaterRemovesOurOwnEntry() {
        PeerList list = list();
        assertThat(list.add(ep("203.0.113.7", 6881), PeerSource.TRACKER, false)).isTrue();
        list.ourAddress(ep("203.0.113.7", 6881));
        assertThat(list.size()).isZero();
    }

    @Test
    void anAddressFoundToBeOurselvesIsRemovedAndRefusedButNotItsIp() {
        PeerList list = list();
        InetSocketAddress lan = ep("192.168.1.5", 6881);
        list.add(lan, PeerSource.LSD, false);
        assertThat(list.nextToConnect(now, false)).contains(lan);
        list.markSelf(lan); // the handshake carried our own peer id
        assertThat(list.size()).isZero();
        assertThat(list.add(lan, PeerSource.TRACKER, false)).isFalse();
        assertThat(list.add(ep("192.168.1.5", 6882), PeerSource.TRACKER, false)).isTrue();
        assertThat(list.isBanned(lan)).isFalse();
        for (int i = 0; i < PeerList.MAX_SELF_ADDRESSES; i++) {
            list.markSelf(ep("192.168.2." + (i + 1), 6881));
        }
        assertThat(list.add(lan, PeerSource.TRACKER, false)).as("the oldest self address is forgotten").isTrue();
    }

    @Test
    void dialsInBep40PriorityOrder() {
        PeerList list = list();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            InetSocketAddress p = ep((i * 37 % 200 + 1) + "." + (i * 11 % 250) + ".7." + i, 6000 + i);
            peers.add(p);
            assertThat(list.add(p, PeerSource.TRACKER, false)).isTrue();
        }
        peers.sort(Comparator.comparingLong((InetSocketAddress p) -> CanonicalPeerPriority.of(LISTEN, p)).reversed());
        assertThat(drain(list)).containsExactlyElementsOf(peers);
    }

    @Test
    void ourExternalAddressReordersByItsPriority() {
        PeerList list = list();
        List<InetSocketAddress> peers = List.of(ep("98.76.54.32", 1), ep("123.213.32.234", 2), ep("8.8.4.4", 3),
                ep("192.0.2.99", 4), ep("123.213.40.1", 5));
        peers.forEach(p -> list.add(p, PeerSource.DHT, false));
        InetSocketAddress external = ep("123.213.32.10", 6881);
        list.ourAddress(external);
        List<InetSocketAddress> expected = new ArrayList<>(peers);
        expected.sort(Comparator.comparingLong((InetSocketAddress p) -> CanonicalPeerPriority.of(external, p)).reversed());
        assertThat(drain(list)).containsExactlyElementsOf(expected);
    }

    @Test
    void userAddedPeersComeFirst() {
        PeerList list = list();
        InetSocketAddress[] peers = {ep("1.1.1.1", 1), ep("2.2.2.2", 2), ep("3.3.3.3", 3)};
        for (InetSocketAddress p : peers) {
            list.add(p, PeerSource.TRACKER, false);
        }
        InetSocketAddress lowest = List.of(peers).stream()
                .min(Comparator.comparingLong(p -> CanonicalPeerPriority.of(LISTEN, p))).orElseThrow();
        list.add(lowest, PeerSource.USER, false); // the same peer, now also named by the user
        assertThat(list.nextToConnect(now, false)).contains(lowest);
    }

    @Test
    void neverFailedPeersComeBeforeFailedOnes() {
        PeerList list = list();
        InetSocketAddress a = ep("1.1.1.1", 1);
        InetSocketAddress b = ep("2.2.2.2", 2);
        list.add(a, PeerSource.TRACKER, false);
        list.add(b, PeerSource.TRACKER, false);
        InetSocketAddress first = list.nextToConnect(now, false).orElseThrow();
        InetSocketAddress second = first.equals(a) ? b : a;
        list.connectFailed(first, now);
        now += 10 * MINUTE;
        assertThat(list.nextToConnect(now, false)).contains(second);
        assertThat(list.nextToConnect(now, false)).contains(first);
    }

    @Test
    void aFailedConnectBacksOffTwoUnitsThenThreeThenDrops() {
        PeerList list = list();
        InetSocketAddress p = ep("1.1.1.1", 1);
        list.add(p, PeerSource.TRACKER, false);
        assertThat(list.nextToConnect(now, false)).contains(p);
        assertThat(list.nextToConnect(now, false)).as("already connecting").isEmpty();
        list.connectFailed(p, now);
        assertThat(list.nextToConnect(now + 2 * MINUTE - 1, false)).isEmpty();
        assertThat(list.connectableCount(now + 2 * MINUTE - 1, false)).isZero();
        assertThat(list.connectableCount(now + 2 * MINUTE, false)).isEqualTo(1);
        now += 2 * MINUTE;
        assertThat(list.nextToConnect(now, false)).contains(p);
        list.connectFailed(p, now);
        assertThat(list.nextToConnect(now + 3 * MINUTE - 1, false)).isEmpty();
        now += 3 * MINUTE;
        assertThat(list.nextToConnect(now, false)).contains(p);
        list.connectFailed(p, now); // third failure: maxFailCount
        assertThat(list.size()).isZero();
        assertThat(list.add(p, PeerSource.TRACKER, false)).as("a tracker may name it again").isTrue();
    }

    @Test
    void aCleanDisconnectWaitsOneUnitAndClearsTheFailures() {
        PeerList list = list();
        InetSocketAddress p = ep("1.1.1.1", 1);
        list.add(p, PeerSource.TRACKER, false);
        list.nextToConnect(now, false);
        list.connectFailed(p, now);
        now += 2 * MINUTE;
        list.nextToConnect(now, false);
        list.connectFailed(p, now); // two failures
        now += 3 * MINUTE;
        assertThat(list.nextToConnect(now, false)).contains(p);
        list.connected(p, false, now);
        assertThat(list.connectableCount(now + 10 * MINUTE, false)).as("connected").isZero();
        list.disconnected(p, now, false);
        assertThat(list.nextToConnect(now + MINUTE - 1, false)).isEmpty();
        now += MINUTE;
        assertThat(list.nextToConnect(now, false)).contains(p);
        // the count was cleared: three more failures are needed to drop it
        list.connectFailed(p, now);
        now += 10 * MINUTE;
        list.nextToConnect(now, false);
        list.connectFailed(p, now);
        assertThat(list.size()).isEqualTo(1);
    }

    @Test
    void protocolErrorsCountAsFailures() {
        PeerList list = list();
        InetSocketAddress p = ep("1.1.1.1", 1);
        list.add(p, PeerSource.TRACKER, false);
        for (int i = 0; i < 3; i++) {
            assertThat(list.nextToConnect(now, false)).contains(p);
            list.connected(p, false, now);
            list.disconnected(p, now, true);
            if (i < 2) {
                assertThat(list.nextToConnect(now + (i + 2) * MINUTE - 1, false)).isEmpty();
            }
            now += (i + 2) * MINUTE;
        }
        assertThat(list.size()).isZero();
    }

    @Test
    void userPeersAreNeverDroppedAndTheirBackOffStopsGrowing() {
        PeerList list = list();
        InetSocketAddress p = ep("1.1.1.1", 1);
        list.add(p, PeerSource.USER, false);
        for (int i = 0; i < 20; i++) {
            assertThat(list.nextToConnect(now, false)).contains(p);
            list.connectFailed(p, now);
            now += 10 * MINUTE;
        }
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.connectableCount(now, false)).isEqualTo(1);
        assertThat(list.connectableCount(now - SECOND, false)).isZero();
    }

    @Test
    void seedsAreNotDialledWhileWeAreASeed() {
        PeerList list = list();
        InetSocketAddress seed = ep("1.1.1.1", 1);
        InetSocketAddress leech = ep("2.2.2.2", 2);
        InetSocketAddress laterSeed = ep("3.3.3.3", 3);
        list.add(seed, PeerSource.PEX, true);
        list.add(leech, PeerSource.PEX, false);
        list.add(laterSeed, PeerSource.PEX, false);
        list.seed(laterSeed, true);
        assertThat(list.connectableCount(now, true)).isEqualTo(1);
        assertThat(list.connectableCount(now, false)).isEqualTo(3);
        assertThat(list.nextToConnect(now, true)).contains(leech);
        assertThat(list.nextToConnect(now, true)).isEmpty();
        list.seed(laterSeed, false);
        assertThat(list.nextToConnect(now, true)).contains(laterSeed);
        assertThat(list.nextToConnect(now, false)).contains(seed);
    }

    @Test
    void whenFullABetterPeerEvictsTheWorstAndAWorseOneIsRefused() {
        PeerList list = new PeerList(PeerListSettings.defaults(LISTEN).withMaxSize(3));
        List<InetSocketAddress> pool = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            pool.add(ep(i * 40 + ".1.2.3", 1000 + i));
        }
        pool.sort(Comparator.comparingLong((InetSocketAddress p) -> CanonicalPeerPriority.of(LISTEN, p)));
        // pool[0] lowest priority ... pool[4] highest
        list.add(pool.get(1), PeerSource.TRACKER, false);
        list.add(pool.get(2), PeerSource.TRACKER, false);
        list.add(pool.get(3), PeerSource.TRACKER, false);
        assertThat(list.add(pool.get(0), PeerSource.TRACKER, false)).as("lower than everyone").isFalse();
        assertThat(list.add(pool.get(4), PeerSource.TRACKER, false)).isTrue();
        assertThat(list.size()).isEqualTo(3);
        assertThat(drain(list)).containsExactly(pool.get(4), pool.get(3), pool.get(2));
    }

    @Test
    void whenFullFailedEntriesAreEvictedFirstAndBusyOrUserOnesNever() {
        PeerList list = new PeerList(PeerListSettings.defaults(LISTEN).withMaxSize(3));
        InetSocketAddress connected = ep("1.1.1.1", 1);
        InetSocketAddress user = ep("2.2.2.2", 2);
        InetSocketAddress failed = ep("3.3.3.3", 3);
        list.add(connected, PeerSource.TRACKER, false);
        list.connected(connected, false, now);
        list.add(user, PeerSource.USER, false);
        list.add(failed, PeerSource.TRACKER, false);
        list.connectFailed(failed, now);
        InetSocketAddress newcomer = ep("4.4.4.4", 4);
        assertThat(list.add(newcomer, PeerSource.DHT, false)).isTrue();
        assertThat(list.size()).isEqualTo(3);
        // now nothing is evictable except the newcomer, idle and never failed
        list.nextToConnect(now, false); // the user peer: connecting
        list.nextToConnect(now, false); // the newcomer: connecting
        assertThat(list.add(ep("5.5.5.5", 5), PeerSource.USER, false)).as("nothing evictable").isFalse();
        assertThat(list.nextToConnect(now + 10 * MINUTE, false)).as("the failed one was evicted").isEmpty();
    }

    @Test
    void aUserPeerEvictsEvenABetterOne() {
        PeerList list = new PeerList(PeerListSettings.defaults(LISTEN).withMaxSize(1));
        list.add(ep("1.1.1.1", 1), PeerSource.TRACKER, false);
        assertThat(list.add(ep("2.2.2.2", 2), PeerSource.USER, false)).isTrue();
        assertThat(list.nextToConnect(now, false)).contains(ep("2.2.2.2", 2));
    }

    @Test
    void aBanCoversTheWholeIpByDefault() {
        PeerList list = list();
        InetSocketAddress p = ep("1.2.3.4", 1000);
        list.add(p, PeerSource.TRACKER, false);
        list.ban(p);
        assertThat(list.size()).isZero();
        assertThat(list.isBanned(ep("1.2.3.4", 2000))).isTrue();
        assertThat(list.add(ep("1.2.3.4", 2000), PeerSource.PEX, false)).isFalse();
        list.connected(ep("1.2.3.4", 55555), true, now);
        assertThat(list.size()).as("an incoming connection from a banned IP is not tracked").isZero();
        assertThat(list.isBanned(ep("1.2.3.5", 1000))).isFalse();
    }

    @Test
    void withMultipleConnectionsPerIpABanCoversOneEndpoint() {
        PeerList list = new PeerList(PeerListSettings.defaults(ep("127.0.0.1", 6881))
                .withAllowMultipleConnectionsPerIp(true));
        assertThat(list.add(ep("127.0.0.1", 7001), PeerSource.USER, false)).isTrue();
        assertThat(list.add(ep("127.0.0.1", 7002), PeerSource.USER, false)).isTrue();
        assertThat(list.size()).isEqualTo(2);
        list.ban(ep("127.0.0.1", 7001));
        assertThat(list.isBanned(ep("127.0.0.1", 7001))).isTrue();
        assertThat(list.isBanned(ep("127.0.0.1", 7002))).isFalse();
        assertThat(list.add(ep("127.0.0.1", 7001), PeerSource.TRACKER, false)).isFalse();
        assertThat(drain(list)).containsExactly(ep("127.0.0.1", 7002));
    }

    @Test
    void theBanListIsBoundedAndForgetsTheOldestBan() {
        PeerList list = new PeerList(PeerListSettings.defaults(LISTEN).withMaxSize(2));
        list.ban(ep("1.1.1.1", 1));
        list.ban(ep("2.2.2.2", 1));
        list.ban(ep("1.1.1.1", 1)); // refreshed: now the newest
        list.ban(ep("3.3.3.3", 1));
        assertThat(list.isBanned(ep("2.2.2.2", 1))).isFalse();
        assertThat(list.isBanned(ep("1.1.1.1", 1))).isTrue();
        assertThat(list.isBanned(ep("3.3.3.3", 1))).isTrue();
    }

    @Test
    void anIncomingPeerIsTrackedButNotDialledUntilItsListenPortIsKnown() {
        PeerList list = list();
        InetSocketAddress ephemeral = ep("1.2.3.4", 50123);
        list.connected(ephemeral, true, now);
        assertThat(list.size()).isEqualTo(1);
        list.disconnected(ephemeral, now, false);
        assertThat(list.size()).as("nothing to dial: forgotten").isZero();

        list.connected(ephemeral, true, now);
        assertThat(list.add(ep("1.2.3.4", 6881), PeerSource.PEX, false)).isTrue();
        assertThat(list.size()).as("one entry per IP").isEqualTo(1);
        assertThat(list.connectableCount(now + 10 * MINUTE, false)).as("still connected").isZero();
        list.disconnected(ephemeral, now, false);
        assertThat(list.nextToConnect(now + MINUTE, false)).contains(ep("1.2.3.4", 6881));
    }

    @Test
    void perIpEntriesTakeTheNewestPortAndPerEndpointEntriesAreSeparate() {
        PeerList perIp = list();
        perIp.add(ep("1.2.3.4", 1000), PeerSource.TRACKER, false);
        perIp.add(ep("1.2.3.4", 2000), PeerSource.DHT, false);
        assertThat(drain(perIp)).containsExactly(ep("1.2.3.4", 2000));

        PeerList perEndpoint = new PeerList(PeerListSettings.defaults(LISTEN).withAllowMultipleConnectionsPerIp(true));
        perEndpoint.add(ep("1.2.3.4", 1000), PeerSource.TRACKER, false);
        perEndpoint.add(ep("1.2.3.4", 2000), PeerSource.DHT, false);
        assertThat(drain(perEndpoint)).containsExactlyInAnyOrder(ep("1.2.3.4", 1000), ep("1.2.3.4", 2000));
    }

    @Test
    void aDialInProgressKeepsItsPortAndALostRaceIsNotAFailure() {
        PeerList list = list();
        InetSocketAddress dialled = ep("1.2.3.4", 1000);
        list.add(dialled, PeerSource.TRACKER, false);
        assertThat(list.nextToConnect(now, false)).contains(dialled);
        list.add(ep("1.2.3.4", 2000), PeerSource.PEX, false); // port not changed while connecting
        list.connected(ep("1.2.3.4", 50000), true, now); // the peer dialled us meanwhile
        list.connectFailed(dialled, now); // our dial lost: ignored, the entry is connected
        assertThat(list.connectableCount(now + 10 * MINUTE, false)).as("still connected").isZero();
        assertThat(list.size()).isEqualTo(1);
        list.disconnected(ep("1.2.3.4", 50000), now, false);
        // No failure counted; the port named while the dial was under way was not taken.
        assertThat(list.nextToConnect(now + MINUTE, false)).contains(dialled);
    }

    @Test
    void settingsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PeerListSettings(0, 3, Duration.ZERO, false, LISTEN))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PeerListSettings(10, 3, Duration.ZERO, false,
                InetSocketAddress.createUnresolved("x", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(PeerListSettings.defaults(LISTEN).maxSize()).isEqualTo(4000);
    }

    @Test
    void randomOperationsKeepTheBoundsAndTheInternalOrderConsistent() throws UnknownHostException {
        java.util.Random random = new java.util.Random(99);
        for (boolean perEndpoint : new boolean[] {false, true}) {
            PeerList list = new PeerList(PeerListSettings.defaults(LISTEN).withMaxSize(50)
                    .withAllowMultipleConnectionsPerIp(perEndpoint));
            List<InetSocketAddress> handedOut = new ArrayList<>();
            for (int op = 0; op < 20_000; op++) {
                InetSocketAddress p = new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {10, 1, (byte) random.nextInt(4), (byte) random.nextInt(40)}),
                        1 + random.nextInt(3));
                InetSocketAddress some = handedOut.isEmpty() ? p : handedOut.get(random.nextInt(handedOut.size()));
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> list.add(p, PeerSource.values()[random.nextInt(PeerSource.values().length)],
                            random.nextInt(5) == 0);
                    case 3 -> list.nextToConnect(now, random.nextBoolean()).ifPresent(handedOut::add);
                    case 4 -> list.connectFailed(some, now);
                    case 5 -> list.connected(random.nextBoolean() ? some : p, random.nextBoolean(), now);
                    case 6 -> list.disconnected(some, now, random.nextBoolean());
                    case 7 -> list.seed(some, random.nextBoolean());
                    case 8 -> {
                        if (random.nextInt(20) == 0) {
                            list.ban(p);
                        } else if (random.nextInt(50) == 0) {
                            list.ourAddress(p);
                        } else if (random.nextInt(30) == 0) {
                            list.markSelf(some);
                        }
                    }
                    default -> now += random.nextInt(30) * SECOND;
                }
                list.checkInvariants();
                assertThat(list.size()).isLessThanOrEqualTo(50);
                assertThat(list.connectableCount(now, false)).isLessThanOrEqualTo(list.size());
            }
        }
    }

    /** Takes every dialable candidate now, in the order handed out. */
    private List<InetSocketAddress> drain(PeerList list) {
        List<InetSocketAddress> order = new ArrayList<>();
        for (Optional<InetSocketAddress> next = list.nextToConnect(now, false); next.isPresent();
                next = list.nextToConnect(now, false)) {
            order.add(next.get());
        }
        return order;
    }

    private static InetSocketAddress ep(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }
}
