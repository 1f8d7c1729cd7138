package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.testing.clients.OpenTrackerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our HTTP (BEP 3, 23, 48) and UDP (BEP 15, 41) clients and the {@link TrackerAnnouncer} against
 * a real opentracker on loopback: two fake peers find each other, and scrape counts match.
 */
@Tag("interop")
class OpenTrackerInteropTest {
    private static final byte[] HASH = new byte[20];
    private static final byte[] UNLISTED = new byte[20];

    static {
        new Random(3).nextBytes(HASH);
        new Random(4).nextBytes(UNLISTED);
    }

    private OpenTrackerProcess tracker;
    private ExecutorService blocking;
    private EventLoopGroup group;
    private HttpTrackerClient http;
    private UdpTrackerClient udp;

    @BeforeEach
    void start() {
        tracker = OpenTrackerProcess.start(List.of(HASH));
        blocking = Executors.newFixedThreadPool(2);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        TrackerSettings settings = TrackerSettings.DEFAULTS.withUdpRetransmits(Duration.ofMillis(200), 2);
        http = HttpTrackerClient.create(settings, blocking);
        udp = new UdpTrackerClient(group, new TrackerHostResolver(blocking), settings);
    }

    @AfterEach
    void stop() {
        if (udp != null) {
            udp.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (blocking != null) {
            blocking.shutdownNow();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    private static AnnounceRequest peer(int n, int port, long left, TrackerEvent event) {
        byte[] id = String.format("-TI0010-%012d", n).getBytes(StandardCharsets.US_ASCII);
        return new AnnounceRequest(HASH, id, port, 0, 0, left, event, 50, n, Optional.empty());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private void twoPeersFindEachOtherAndScrapeCounts(TrackerClient client, String url) throws Exception {
        AnnounceResponse first = get(client.announce(url, peer(1, 41001, 1000, TrackerEvent.STARTED), Optional.empty()));
        assertThat(first.interval()).isPositive();
        AnnounceResponse second = get(client.announce(url, peer(2, 41002, 0, TrackerEvent.STARTED), Optional.empty()));
        assertThat(second.peers()).contains(new PeerAddress("127.0.0.1", 41001));
        AnnounceResponse again = get(client.announce(url, peer(1, 41001, 1000, TrackerEvent.NONE), Optional.empty()));
        assertThat(again.peers()).contains(new PeerAddress("127.0.0.1", 41002));
        assertThat(again.seeds()).hasValue(1);
        assertThat(again.leechers()).hasValue(1);

        // Scrape over both protocols agrees with what was announced.
        for (TrackerClient c : List.of(http, udp)) {
            String u = c == http ? tracker.httpAnnounceUrl() : tracker.udpAnnounceUrl();
            ScrapeResponse s = get(c.scrape(u, List.of(Sha1Hash.of(HASH))));
            assertThat(s.files().get(Sha1Hash.of(HASH))).as(u).isEqualTo(new ScrapeResponse.ScrapeCounts(1, 0, 1));
        }
        get(client.announce(url, peer(1, 41001, 1000, TrackerEvent.STOPPED), Optional.of(Duration.ofSeconds(5))));
        ScrapeResponse afterStop = get(http.scrape(tracker.httpAnnounceUrl(), List.of(Sha1Hash.of(HASH))));
        assertThat(afterStop.files().get(Sha1Hash.of(HASH)).leechers()).isZero();
    }

    @Test
    void overHttp() throws Exception {
        twoPeersFindEachOtherAndScrapeCounts(http, tracker.httpAnnounceUrl());
    }

    @Test
    void overUdp() throws Exception {
        twoPeersFindEachOtherAndScrapeCounts(udp, tracker.udpAnnounceUrl());
    }

    @Test
    void anUnlistedTorrentIsRefused() throws Exception {
        AnnounceRequest r = new AnnounceRequest(UNLISTED, peer(1, 41001, 1, TrackerEvent.STARTED).peerId(), 41001,
                0, 0, 1, TrackerEvent.STARTED, 50, 1, Optional.empty());
        TrackerException overHttp = failure(http.announce(tracker.httpAnnounceUrl(), r, Optional.empty()));
        assertThat(overHttp.reason()).isEqualTo(TrackerException.Reason.FAILURE_REASON);
        assertThat(overHttp.detail()).containsIgnoringCase("not authorized");
        // Over UDP opentracker answers an announce header with no body (8 bytes) instead of an
        // error packet: not a valid announce response (BEP 15 needs 20 bytes).
        TrackerException overUdp = failure(udp.announce(tracker.udpAnnounceUrl(), r, Optional.empty()));
        assertThat(overUdp.reason()).isEqualTo(TrackerException.Reason.MALFORMED_RESPONSE);
    }

    private static TrackerException failure(CompletableFuture<?> f) {
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(TrackerException.class);
        return (TrackerException) e.getCause();
    }

    @Test
    void twoAnnouncersFindEachOtherThroughTiersWithADeadTrackerFirst() {
        // Tier 0 is a UDP port nobody answers; each announcer falls through to opentracker.
        String dead = "udp://127.0.0.1:9/announce";
        List<List<String>> tiers = List.of(List.of(dead), List.of(tracker.udpAnnounceUrl(), tracker.httpAnnounceUrl()));
        TrackerClient both = new TrackerClient() {
            @Override
            public CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request,
                                                                Optional<Duration> deadline) {
                return (url.startsWith("udp") ? udp : http).announce(url, request, deadline);
            }

            @Override
            public CompletableFuture<ScrapeResponse> scrape(String url, List<Sha1Hash> infoHashes) {
                return (url.startsWith("udp") ? udp : http).scrape(url, infoHashes);
            }
        };
        ExecutorService loopA = Executors.newSingleThreadExecutor();
        ExecutorService loopB = Executors.newSingleThreadExecutor();
        List<PeerAddress> foundByA = new CopyOnWriteArrayList<>();
        List<PeerAddress> foundByB = new CopyOnWriteArrayList<>();
        try {
            TrackerAnnouncer a = announcer(both, tiers, 42001, loopA, foundByA);
            TrackerAnnouncer b = announcer(both, tiers, 42002, loopB, foundByB);
            loopA.execute(() -> a.start(System.nanoTime()));
            await().atMost(Duration.ofSeconds(30)).until(() -> foundByA.contains(new PeerAddress("127.0.0.1", 42001)));
            loopB.execute(() -> b.start(System.nanoTime()));
            await().atMost(Duration.ofSeconds(30)).until(() -> foundByB.contains(new PeerAddress("127.0.0.1", 42001)));
            // A's next regular announce is minutes away (opentracker's min interval): a pause and
            // resume sends started again at once, and A learns B.
            loopA.execute(() -> a.stop(System.nanoTime()).thenRun(() -> loopA.execute(() -> a.start(System.nanoTime()))));
            await().atMost(Duration.ofSeconds(30)).until(() -> foundByA.contains(new PeerAddress("127.0.0.1", 42002)));
            List<io.torrentine.session.TrackerStatus> status = CompletableFuture
                    .supplyAsync(() -> b.status(System.nanoTime()), loopB).join();
            assertThat(status).filteredOn(s -> s.url().equals(dead))
                    .singleElement().satisfies(s -> assertThat(s.lastError()).isPresent());
            assertThat(status).filteredOn(io.torrentine.session.TrackerStatus::working).isNotEmpty();
            CompletableFuture<Void> stopped = CompletableFuture.supplyAsync(() -> a.stop(System.nanoTime()), loopA)
                    .thenCompose(f -> f);
            await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
            assertThat(stopped).isCompleted();
        } finally {
            loopA.shutdownNow();
            loopB.shutdownNow();
        }
    }

    private static TrackerAnnouncer announcer(TrackerClient client, List<List<String>> tiers, int port,
                                              ExecutorService loop, List<PeerAddress> found) {
        byte[] id = String.format("-TI0010-%012d", port).getBytes(StandardCharsets.US_ASCII);
        return new TrackerAnnouncer(new TrackerAnnouncer.TorrentIdentity(HASH, id, port, port, tiers),
                () -> new TrackerAnnouncer.TransferTotals(0, 0, 1000), client, TrackerSettings.DEFAULTS, loop,
                (url, peers) -> found.addAll(peers), System::nanoTime, Clock.systemUTC(), new Random(port));
    }
}
