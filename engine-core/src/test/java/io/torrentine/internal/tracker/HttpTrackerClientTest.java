package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpTrackerClient} against an in-JVM HTTP tracker that misbehaves on purpose: garbage,
 * a hang, huge bodies, {@code failure reason}, {@code warning message}, redirects, error statuses
 * (BEP 3), plus byte-exact query encoding, scrape (BEP 48) and the local-address rule.
 */
class HttpTrackerClientTest {
    private static final byte[] HASH = new byte[20];
    private static final byte[] PEER_ID = "-TI0010-0123456789ab".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < 20; i++) {
            HASH[i] = (byte) (0x80 + i * 7);
        }
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    private ExecutorService clientThreads;
    private final CountDownLatch releaseHang = new CountDownLatch(1);
    private final List<String> rawQueries = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        clientThreads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopServer() {
        releaseHang.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        clientThreads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        paths.add(path);
        rawQueries.add(ex.getRequestURI().getRawQuery());
        switch (path) {
            case "/announce" -> send(ex, 200, "d8:completei2e10:incompletei3e8:intervali1800e"
                    + "5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e");
            case "/garbage/announce" -> send(ex, 200, "<html><body>Welcome!</body></html>");
            case "/fail/announce" -> send(ex, 200, "d14:failure reason22:torrent not registerede");
            case "/warn/announce" -> send(ex, 200, "d8:intervali60e15:warning message11:slow down!!5:peers0:e");
            case "/redirect/announce" -> {
                ex.getResponseHeaders().add("Location", "/announce");
                send(ex, 302, "");
            }
            case "/loop/announce" -> {
                ex.getResponseHeaders().add("Location", "/loop/announce");
                send(ex, 301, "");
            }
            case "/status/announce" -> send(ex, 404, "d14:failure reason9:not founde");
            case "/hang/announce" -> {
                try {
                    releaseHang.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
            }
            case "/huge/announce" -> {
                // Chunked: no Content-Length, so only counting while reading can stop it.
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] chunk = new byte[16 * 1024];
                    for (int i = 0; i < 1024; i++) {
                        out.write(chunk);
                    }
                } catch (IOException expected) {
                    // The client hung up after its limit: that is the point.
                }
            }
            case "/hugecl/announce" -> {
                ex.sendResponseHeaders(200, 100L << 20);
                ex.close();
            }
            case "/scrape" -> {
                String body = "d5:filesd20:" + new String(HASH, StandardCharsets.ISO_8859_1)
                        + "d8:completei4e10:downloadedi10e10:incompletei6eeee";
                send(ex, 200, body);
            }
            default -> send(ex, 500, "");
        }
    }

    private static void send(HttpExchange ex, int status, String latin1Body) throws IOException {
        byte[] body = latin1Body.getBytes(StandardCharsets.ISO_8859_1);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private HttpTrackerClient client(TrackerSettings settings) {
        return HttpTrackerClient.create(settings, clientThreads);
    }

    private static TrackerSettings settings() {
        return TrackerSettings.DEFAULTS.withHttpLimits(Duration.ofSeconds(10), 64 * 1024, 3);
    }

    private static AnnounceRequest request() {
        return new AnnounceRequest(HASH, PEER_ID, 6881, 10, 20, 30, TrackerEvent.STARTED, 50, 0x1234, Optional.empty());
    }

    private static TrackerException failure(CompletableFuture<?> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.get(20, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(TrackerException.class);
        return (TrackerException) e.getCause();
    }

    @Test
    void announceSendsByteExactQueryAndReadsPeers() throws Exception {
        AnnounceResponse r = client(settings()).announce(base + "/announce", request(), Optional.empty())
                .get(20, TimeUnit.SECONDS);
        assertThat(r.peers()).containsExactly(new PeerAddress("127.0.0.1", 6881));
        assertThat(r.seeds()).hasValue(2);
        assertThat(r.leechers()).hasValue(3);
        String query = rawQueries.get(0);
        String hash = query.substring(query.indexOf("info_hash=") + 10, query.indexOf('&', query.indexOf("info_hash=")));
        assertThat(TrackerResponsesTest.percentDecode(hash)).isEqualTo(HASH);
        assertThat(query).contains("peer_id=-TI0010-0123456789ab", "event=started", "compact=1", "no_peer_id=1",
                "key=00001234", "numwant=50", "left=30");
    }

    @Test
    void garbageIsMalformed() {
        TrackerException e = failure(client(settings()).announce(base + "/garbage/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(e.trackerUrl()).isEqualTo(base + "/garbage/announce");
    }

    @Test
    void failureReasonIsSurfaced() {
        TrackerException e = failure(client(settings()).announce(base + "/fail/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.FAILURE_REASON);
        assertThat(e.detail()).isEqualTo("torrent not registered");
    }

    @Test
    void warningMessageIsSurfaced() throws Exception {
        AnnounceResponse r = client(settings()).announce(base + "/warn/announce", request(), Optional.empty())
                .get(20, TimeUnit.SECONDS);
        assertThat(r.warning()).hasValue("slow down!!");
        assertThat(r.peers()).isEmpty();
    }

    @Test
    void hangingTrackerTimesOut() {
        TrackerSettings s = TrackerSettings.DEFAULTS.withHttpLimits(Duration.ofMillis(500), 64 * 1024, 3);
        long start = System.nanoTime();
        TrackerException e = failure(client(s).announce(base + "/hang/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void stopDeadlineIsShorterThanTheClientTimeout() {
        long start = System.nanoTime();
        TrackerException e = failure(client(settings()).announce(base + "/hang/announce",
                request().withEvent(TrackerEvent.STOPPED), Optional.of(Duration.ofMillis(300))));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void hugeChunkedBodyIsCutAtTheLimit() {
        TrackerException e = failure(client(settings()).announce(base + "/huge/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
    }

    @Test
    void hugeContentLengthIsRefusedBeforeReading() {
        TrackerException e = failure(client(settings()).announce(base + "/hugecl/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
    }

    @Test
    void redirectIsFollowedToAnotherPath() throws Exception {
        AnnounceResponse r = client(settings()).announce(base + "/redirect/announce", request(), Optional.empty())
                .get(20, TimeUnit.SECONDS);
        assertThat(r.peers()).hasSize(1);
        assertThat(paths).containsExactly("/redirect/announce", "/announce");
    }

    @Test
    void redirectLoopIsBounded() {
        TrackerException e = failure(client(settings()).announce(base + "/loop/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_REDIRECTS);
        assertThat(paths).hasSize(4); // the request and 3 redirects
    }

    @Test
    void non200StatusIsTyped() {
        TrackerException e = failure(client(settings()).announce(base + "/status/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
        assertThat(e.detail()).isEqualTo("HTTP 404");
    }

    @Test
    void localTrackerWithoutAnnouncePathIsNeverContacted() throws Exception {
        TrackerException e = failure(client(settings()).announce(base + "/admin/delete?all=1", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN_URL);
        assertThat(paths).isEmpty();
        // With the rule off the request goes out (and this server answers 500).
        TrackerException off = failure(client(settings().withLocalTrackersNeedAnnouncePath(false))
                .announce(base + "/admin/delete?all=1", request(), Optional.empty()));
        assertThat(off.reason()).isEqualTo(Reason.HTTP_STATUS);
        assertThat(paths).containsExactly("/admin/delete");
    }

    @Test
    void redirectToALocalNonAnnouncePathIsRefused() {
        server.createContext("/sneaky/announce", ex -> {
            ex.getResponseHeaders().add("Location", "/admin");
            send(ex, 307, "");
        });
        TrackerException e = failure(client(settings()).announce(base + "/sneaky/announce", request(), Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN_URL);
        assertThat(paths).doesNotContain("/admin");
    }

    @Test
    void unresolvableHostFailsToConnect() {
        TrackerException e = failure(client(settings()).announce("http://no-such-host.invalid/announce", request(),
                Optional.empty()));
        assertThat(e.reason()).isEqualTo(Reason.CONNECTION_FAILED);
    }

    @Test
    void scrapeUsesTheBep48UrlAndRawKeys() throws Exception {
        ScrapeResponse r = client(settings()).scrape(base + "/announce", List.of(Sha1Hash.of(HASH)))
                .get(20, TimeUnit.SECONDS);
        assertThat(r.files()).containsEntry(Sha1Hash.of(HASH), new ScrapeResponse.ScrapeCounts(4, 10, 6));
        assertThat(paths).containsExactly("/scrape");
        TrackerException e = failure(client(settings()).scrape(base + "/tracker", List.of(Sha1Hash.of(HASH))));
        assertThat(e.reason()).isEqualTo(Reason.SCRAPE_NOT_SUPPORTED);
    }
}
