package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpTrackerClient} against {@link FakeUdpTracker}: BEP 15 connect / announce / scrape,
 * connection id reuse and expiry, retransmission on a fast schedule, wrong transaction ids,
 * error responses, IPv6 peers, BEP 41 URL data.
 */
class UdpTrackerClientTest {
    private static final byte[] HASH = new byte[20];
    private static final byte[] PEER_ID = "-TI0010-udpudpudpudp".getBytes(StandardCharsets.US_ASCII);

    private EventLoopGroup group;
    private ExecutorService blocking;
    private FakeUdpTracker tracker;
    private UdpTrackerClient client;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        blocking = Executors.newSingleThreadExecutor();
        tracker = new FakeUdpTracker(group, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        tracker.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
    }

    private UdpTrackerClient client(TrackerSettings settings) {
        client = new UdpTrackerClient(group, NioDatagramChannel::new, new TrackerHostResolver(blocking), settings,
                new Random(7), now::get);
        return client;
    }

    private static TrackerSettings fast(int retransmits) {
        return TrackerSettings.DEFAULTS.withUdpRetransmits(Duration.ofMillis(40), retransmits);
    }

    private String url(String host) {
        return "udp://" + host + ":" + tracker.port() + "/announce?passkey=abc";
    }

    private static AnnounceRequest request() {
        return new AnnounceRequest(HASH, PEER_ID, 6881, 1, 2, 3, TrackerEvent.STARTED, 50, 99, Optional.empty());
    }

    private static TrackerException failure(CompletableFuture<?> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.get(20, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(TrackerException.class);
        return (TrackerException) e.getCause();
    }

    @Test
    void connectsAnnouncesAndReusesTheConnectionIdForAMinute() throws Exception {
        tracker.compactPeers = new byte[] {127, 0, 0, 9, 0x1A, (byte) 0xE1};
        UdpTrackerClient c = client(fast(2));
        AnnounceResponse r = c.announce(url("127.0.0.1"), request(), Optional.empty()).get(20, TimeUnit.SECONDS);
        assertThat(r.peers()).containsExactly(new PeerAddress("127.0.0.9", 6881));
        assertThat(r.interval()).isEqualTo(1800);
        assertThat(r.leechers()).hasValue(2);
        assertThat(r.seeds()).hasValue(1);
        c.announce(url("127.0.0.1"), request(), Optional.empty()).get(20, TimeUnit.SECONDS);
        assertThat(c.connectsSent().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(tracker.of(UdpTrackerPackets.ANNOUNCE)).hasSize(2);
        // 59 s later the id is still good; at 60 s it is not (BEP 15).
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        c.announce(url("127.0.0.1"), request(), Optional.empty()).get(20, TimeUnit.SECONDS);
        assertThat(c.connectsSent().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        c.announce(url("127.0.0.1"), request(), Optional.empty()).get(20, TimeUnit.SECONDS);
        assertThat(c.connectsSent().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void announceCarriesTheUrlPathAndQueryAsBep41UrlData() throws Exception {
        client(fast(2)).announce(url("127.0.0.1"), request(), Optional.empty()).get(20, TimeUnit.SECONDS);
        byte[] packet = tracker.of(UdpTrackerPackets.ANNOUNCE).get(0).bytes();
        assertThat(packet[98]).isEqualTo((byte) UdpTrackerPackets.OPTION_URL_DATA);
        int length = packet[99] & 0xFF;
        assertThat(new String(packet, 100, length, StandardCharsets.US_ASCII)).isEqualTo("/announce?passkey=abc");
        assertThat(packet).hasSize(100 + length);
        assertThat(Arrays.copyOfRange(packet, 16, 36)).isEqualTo(HASH);
    }

    @Test
    void droppedPacketsAreRetransmittedWithTheSameTransactionId() throws Exception {
        tracker.dropFirst.set(2);
        AnnounceResponse r = client(fast(3)).announce(url("127.0.0.1"), request(), Optional.empty())
                .get(20, TimeUnit.SECONDS);
        assertThat(r.interval()).isEqualTo(1800);
        List<FakeUdpTracker.Received> connects = tracker.of(UdpTrackerPackets.CONNECT);
        assertThat(connects).hasSize(3);
        assertThat(connects).extracting(FakeUdpTracker.Received::transactionId).containsOnly(connects.get(0).transactionId());
    }

    @Test
    void aWrongTransactionIdIsIgnored() throws Exception {
        tracker.wrongTransactionIds.set(1);
        AnnounceResponse r = client(fast(3)).announce(url("127.0.0.1"), request(), Optional.empty())
                .get(20, TimeUnit.SECONDS);
        assertThat(r.interval()).isEqualTo(1800);
        // The answer with the wrong id was dropped, so the connect went out again.
        assertThat(tracker.of(UdpTrackerPackets.CONNECT)).hasSize(2);
    }

    @Test
    void silenceTimesOutAfterTheLastRetransmission() {
        tracker.dropFirst.set(Integer.MAX_VALUE);
        TrackerException e = failure(client(fast(2)).announce(url("127.0.0.1"), request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(tracker.of(UdpTrackerPackets.CONNECT)).hasSize(3);
    }

    @Test
    void aDeadlineCutsTheSchedule() {
        tracker.dropFirst.set(Integer.MAX_VALUE);
        TrackerSettings slow = TrackerSettings.DEFAULTS.withUdpRetransmits(Duration.ofSeconds(15), 8);
        // The deadline is measured on the injected clock: move it past the deadline first.
        UdpTrackerClient c = client(slow);
        CompletableFuture<AnnounceResponse> f = c.announce(url("127.0.0.1"), request(), Optional.of(Duration.ofMillis(1)));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        TrackerException e = failure(f);
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    }

    @Test
    void errorActionIsAFailureReason() {
        tracker.announceError = "torrent not registered";
        TrackerException e = failure(client(fast(2)).announce(url("127.0.0.1"), request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.FAILURE_REASON);
        assertThat(e.detail()).isEqualTo("torrent not registered");
    }

    @Test
    void ipv6TrackerAnswersWith18BytePeers() throws Exception {
        tracker.close();
        tracker = new FakeUdpTracker(group, InetAddress.getByName("::1"));
        ByteBuffer peers = ByteBuffer.allocate(36);
        peers.put(InetAddress.getByName("::1").getAddress()).putShort((short) 6881);
        peers.put(InetAddress.getByName("2001:db8::7").getAddress()).putShort((short) 51413);
        tracker.compactPeers = peers.array();
        AnnounceResponse r = client(fast(2)).announce(url("[::1]"), request(), Optional.empty())
                .get(20, TimeUnit.SECONDS);
        assertThat(r.peers()).containsExactly(new PeerAddress("::1", 6881), new PeerAddress("2001:db8::7", 51413));
    }

    @Test
    void scrapeOverUdp() throws Exception {
        Sha1Hash a = Sha1Hash.of(HASH);
        byte[] other = HASH.clone();
        other[0] = 1;
        Sha1Hash b = Sha1Hash.of(other);
        ScrapeResponse r = client(fast(2)).scrape(url("127.0.0.1"), List.of(a, b)).get(20, TimeUnit.SECONDS);
        assertThat(r.files()).containsEntry(a, new ScrapeResponse.ScrapeCounts(5, 7, 9)).containsKey(b);
        TrackerException e = failure(client.scrape(url("127.0.0.1"), java.util.Collections.nCopies(75, a)));
        assertThat(e.reason()).isEqualTo(Reason.SCRAPE_NOT_SUPPORTED);
    }

    @Test
    void closeFailsWhatIsInFlight() {
        tracker.dropFirst.set(Integer.MAX_VALUE);
        UdpTrackerClient c = client(TrackerSettings.DEFAULTS);
        CompletableFuture<AnnounceResponse> f = c.announce(url("127.0.0.1"), request(), Optional.empty());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !tracker.of(UdpTrackerPackets.CONNECT).isEmpty());
        c.close();
        assertThat(failure(f).reason()).isEqualTo(Reason.SHUTDOWN);
    }
}
