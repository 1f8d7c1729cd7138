package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.testing.clients.TestTorrent;
import io.torrentine.testing.clients.TestTorrents;
import io.torrentine.testing.clients.TransmissionClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrentine sessions against Transmission 3.00 on 127.0.0.1 (BEP 3 over TCP, v1 torrents: 3.00
 * refuses hybrids). Transmission never dials loopback, so we dial it in both directions; it
 * waits 10 to 14 s after a peer connects before it requests or serves, hence one test per
 * direction and generous deadlines.
 */
@Tag("interop")
class SessionTransmissionInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void downloadsFromTransmissionSeed() throws Exception {
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(1_200_000L, 10L, 1_800_003L), 31,
                32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (TransmissionClient transmission = TransmissionClient.seed(torrent.torrentFile(), torrent.dataDir(),
                TransmissionClient.Options.defaults())) {
            Session session = swarm.session();
            TorrentHandle h = session.add(AddTorrentParams.fromTorrent(torrent.info(), download)).join();
            h.connectPeer(transmission.address()).join();

            TorrentStatus done = SessionInteropTest.finishAndRemove(session, h, DEADLINE);
            assertThat(done.piecesHave()).isEqualTo(torrent.info().pieceCount());
            assertThat(done.wastedBytes()).isZero();
            torrent.assertSameContentIn(download);
        }
    }

    @Test
    void seedsToTransmissionDownloader() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 3_000_017, 32, 64 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        Session session = swarm.session();
        TorrentHandle h = SessionInteropTest.seed(session, torrent);
        try (TransmissionClient transmission = TransmissionClient.download(torrent.torrentFile(), download,
                TransmissionClient.Options.defaults())) {
            // Our seed dials the downloader: Transmission only accepts loopback peers.
            h.connectPeer(transmission.address()).join();
            transmission.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            await().atMost(DEADLINE).until(() -> SwarmFixture.status(h).totalUploaded() >= torrent.totalSize());
        }
    }
}
