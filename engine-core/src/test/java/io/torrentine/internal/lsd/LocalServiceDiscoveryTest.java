package io.torrentine.internal.lsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.torrentine.metainfo.Sha1Hash;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BEP 14 over real multicast on the loopback interface: Linux delivers IPv4 multicast on
 * {@code lo} with the interface joined and chosen as the outgoing one, with no privilege and no
 * change to the machine. Each test uses a private port so that it hears no real LSD traffic and
 * sends none to 6771. (IPv6 multicast on {@code lo} is not routed on Linux, so the IPv6 side is
 * covered by the codec tests only: see docs/discovery.md.)
 */
class LocalServiceDiscoveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Sha1Hash H1 = Sha1Hash.fromHex("1111111111111111111111111111111111111111");
    private static final Sha1Hash H2 = Sha1Hash.fromHex("2222222222222222222222222222222222222222");
    private static final Sha1Hash H3 = Sha1Hash.fromHex("3333333333333333333333333333333333333333");

    private EventLoopGroup group;
    private ExecutorService callbacks;
    private final List<LocalServiceDiscovery> services = new ArrayList<>();
    private int groupPort;

    /** A peer reported to a listener. */
    private record Found(Sha1Hash infoHash, InetSocketAddress peer) {
    }

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        callbacks = Executors.newSingleThreadExecutor();
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            groupPort = probe.getLocalPort();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        services.forEach(LocalServiceDiscovery::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        callbacks.shutdown();
        assertThat(callbacks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private LsdSettings loopbackSettings(Duration messageInterval, Duration hashInterval) {
        InetSocketAddress testGroup = new InetSocketAddress(LsdSettings.IPV4_GROUP.getAddress(), groupPort);
        return LsdSettings.defaults().withGroups(Optional.of(testGroup), Optional.empty(), Optional.of("lo"))
                .withIntervals(messageInterval, hashInterval);
    }

    private LocalServiceDiscovery start(LsdSettings settings, int listenPort, ConcurrentLinkedQueue<Found> found,
                                        AtomicLong clock) throws Exception {
        LocalServiceDiscovery lsd = new LocalServiceDiscovery(group, NioDatagramChannel::new, settings, listenPort,
                (h, p) -> found.add(new Found(h, p)), callbacks, new Random(listenPort),
                clock == null ? System::nanoTime : clock::get);
        services.add(lsd);
        lsd.start().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return lsd;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void twoInstancesFindEachOtherAndNeitherReportsItself() throws Exception {
        LsdSettings settings = loopbackSettings(Duration.ofMillis(100), Duration.ZERO);
        ConcurrentLinkedQueue<Found> foundByA = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Found> foundByB = new ConcurrentLinkedQueue<>();
        LocalServiceDiscovery a = start(settings, 6001, foundByA, null);
        LocalServiceDiscovery b = start(settings, 6002, foundByB, null);
        assertThat(a.cookie()).isNotEqualTo(b.cookie());

        a.announce(List.of(H1, H3));
        b.announce(List.of(H2));

        await().atMost(PATIENCE).until(() -> foundByB.size() >= 2 && !foundByA.isEmpty());
        assertThat(foundByB).contains(new Found(H1, loopback(6001)), new Found(H3, loopback(6001)));
        assertThat(foundByA).contains(new Found(H2, loopback(6002)));
        // Both got their own announces back through multicast loopback; the cookie filtered them.
        assertThat(foundByA).noneMatch(f -> f.peer().getPort() == 6001);
        assertThat(foundByB).noneMatch(f -> f.peer().getPort() == 6002);
    }

    @Test
    void announcesAreAtMostOnePerIntervalAndQueuedHashesGoOutTogether() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        // A long interval on a manual clock: the second batch waits for a timer that never fires here.
        LocalServiceDiscovery a = start(loopbackSettings(Duration.ofHours(1), Duration.ZERO), 6001,
                new ConcurrentLinkedQueue<>(), clock);
        ConcurrentLinkedQueue<Found> foundByB = new ConcurrentLinkedQueue<>();
        start(loopbackSettings(Duration.ZERO, Duration.ZERO), 6002, foundByB, null);

        a.announce(List.of(H1));
        a.announce(List.of(H2));
        a.announce(List.of(H3));

        assertThat(a.pendingCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(a.datagramsSent()).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> foundByB.contains(new Found(H1, loopback(6001))));
        assertThat(foundByB).doesNotContain(new Found(H2, loopback(6001)));
    }

    @Test
    void anInfoHashAnnouncedRecentlyIsNotQueuedAgain() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        LocalServiceDiscovery a = start(loopbackSettings(Duration.ZERO, Duration.ofMinutes(1)), 6001,
                new ConcurrentLinkedQueue<>(), clock);

        a.announce(List.of(H1));
        a.announce(List.of(H1));
        assertThat(a.pendingCount().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(a.datagramsSent()).isEqualTo(1);

        clock.addAndGet(Duration.ofMinutes(1).toNanos());
        a.announce(List.of(H1));
        assertThat(a.pendingCount().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(a.datagramsSent()).isEqualTo(2);
    }

    @Test
    void receivedAnnouncesAreFilteredRepeatSuppressedAndRateLimited() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        LsdSettings base = loopbackSettings(Duration.ZERO, Duration.ZERO);
        LsdSettings tight = new LsdSettings(base.ipv4Group(), base.ipv6Group(), base.networkInterface(), 1,
                base.messageInterval(), base.hashInterval(), 10, 1, 3, Duration.ofMinutes(1));
        ConcurrentLinkedQueue<Found> found = new ConcurrentLinkedQueue<>();
        LocalServiceDiscovery a = start(tight, 6001, found, clock);

        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = loopback(groupPort);
            send(sender, to, "garbage");
            send(sender, to, announce(7001, a.cookie(), H1)); // our own cookie
            send(sender, to, announce(7002, "other", H1));
            send(sender, to, announce(7002, "other", H1)); // the same pair again: suppressed
            send(sender, to, announce(7003, "other", H1, H2, H3)); // two fit in the burst of 3
            await().atMost(PATIENCE).until(() -> found.size() >= 3);
            assertThat(a.pendingCount().get(5, TimeUnit.SECONDS)).isZero(); // a loop barrier
            await().atMost(PATIENCE).until(() -> callbacksIdle());

            assertThat(found).containsExactly(new Found(H1, loopback(7002)), new Found(H1, loopback(7003)),
                    new Found(H2, loopback(7003)));

            // Time refills the budget and ends the repeat window.
            clock.addAndGet(Duration.ofMinutes(1).toNanos());
            send(sender, to, announce(7002, "other", H1));
            await().atMost(PATIENCE).until(() -> found.size() == 4);
        }
    }

    private boolean callbacksIdle() throws Exception {
        return callbacks.submit(() -> true).get(5, TimeUnit.SECONDS);
    }

    private static String announce(int port, String cookie, Sha1Hash... hashes) {
        return LsdCodec.format("239.192.152.143:6771", port, List.of(hashes), cookie).stream()
                .map(b -> new String(b, StandardCharsets.US_ASCII)).findFirst().orElseThrow();
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(b, b.length, to));
    }
}
