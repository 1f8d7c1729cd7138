package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.testing.clients.Aria2Client;
import io.torrentine.testing.clients.TestTorrent;
import io.torrentine.testing.clients.TestTorrents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrentine sessions against aria2 1.36 on 127.0.0.1 (BEP 3 over TCP, plaintext, v1 torrents:
 * 1.36 computes a wrong info-hash for hybrids). aria2 cannot be given a peer, so we dial it in
 * both directions.
 */
@Tag("interop")
class SessionAria2InteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void downloadsFromAria2Seed() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 3_500_001, 41, 32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (Aria2Client aria2 = Aria2Client.seed(torrent.torrentFile(), torrent.dataDir(),
                Aria2Client.Options.defaults())) {
            Session session = swarm.session();
            TorrentHandle h = session.add(AddTorrentParams.fromTorrent(torrent.info(), download)).join();
            h.connectPeer(aria2.address()).join();

            TorrentStatus done = SessionInteropTest.finishAndRemove(session, h, DEADLINE);
            assertThat(done.piecesHave()).isEqualTo(torrent.info().pieceCount());
            assertThat(done.wastedBytes()).isZero();
            torrent.assertSameContentIn(download);
        }
    }

    @Test
    void seedsToAria2Downloader() throws Exception {
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(700_000L, 2_300_000L, 1L), 42,
                16 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        Session session = swarm.session();
        TorrentHandle h = SessionInteropTest.seed(session, torrent);
        try (Aria2Client aria2 = Aria2Client.download(torrent.torrentFile(), download,
                Aria2Client.Options.defaults())) {
            // Our seed dials the downloader: aria2 only dials peers from trackers, DHT or PEX.
            h.connectPeer(aria2.address()).join();
            aria2.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            await().atMost(DEADLINE).until(() -> SwarmFixture.status(h).totalUploaded() >= torrent.totalSize());
        }
    }
}
