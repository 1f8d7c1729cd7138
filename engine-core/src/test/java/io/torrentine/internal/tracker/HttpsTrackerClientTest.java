package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.torrentine.metainfo.PeerAddress;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS announce (BEP 3 over TLS): a tracker on a certificate made for the test by the JDK's
 * {@code keytool}, trusted by the client's TLS context and by nothing else.
 */
class HttpsTrackerClientTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private KeyStore selfSigned() throws Exception {
        Path store = dir.resolve("tracker.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tracker", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    @Test
    void announceOverHttps() throws Exception {
        KeyStore ks = selfSigned();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        server.setExecutor(threads);
        server.createContext("/announce", ex -> {
            byte[] body = "d8:intervali1800e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e"
                    .getBytes(StandardCharsets.ISO_8859_1);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            TrackerSettings settings = TrackerSettings.DEFAULTS.withHttpLimits(Duration.ofSeconds(10), 64 * 1024, 3);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).sslContext(clientTls).executor(threads).build();
            HttpTrackerClient client = new HttpTrackerClient(http, new TrackerHostResolver(threads), settings);
            byte[] hash = new byte[20];
            AnnounceRequest request = new AnnounceRequest(hash, "-TI0010-123456789012".getBytes(StandardCharsets.US_ASCII),
                    6881, 0, 0, 100, TrackerEvent.STARTED, 50, 7, Optional.empty());
            AnnounceResponse r = client.announce("https://127.0.0.1:" + server.getAddress().getPort() + "/announce",
                    request, Optional.empty()).get(30, TimeUnit.SECONDS);
            assertThat(r.peers()).containsExactly(new PeerAddress("127.0.0.1", 6881));
            assertThat(r.interval()).isEqualTo(1800);
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
