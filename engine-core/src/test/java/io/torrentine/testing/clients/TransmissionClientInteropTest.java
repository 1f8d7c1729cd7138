package io.torrentine.testing.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Transmission harness with libtorrent on the other side, without Torrentine (BEP 3 over
 * TCP on 127.0.0.1, v1 torrents). Transmission never dials loopback, so libtorrent dials it in
 * both directions; each test takes 10 to 14 s of Transmission's own start-up delay.
 */
@Tag("interop")
class TransmissionClientInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void libtorrentSeedDialsTransmissionDownloader() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 1_000_001, 13, 32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (TransmissionClient transmission = TransmissionClient.download(torrent.torrentFile(), download,
                     TransmissionClient.Options.defaults());
             LibtorrentClient seed = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                     LibtorrentClient.Options.defaults())) {
            seed.connect(transmission.address());
            transmission.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            assertThat(transmission.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo("seeding"));
        }
    }

    @Test
    void transmissionSeedServesLibtorrentDownloader() throws Exception {
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(300_000L, 700_003L), 17, 16 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (TransmissionClient transmission = TransmissionClient.seed(torrent.torrentFile(), torrent.dataDir(),
                     TransmissionClient.Options.defaults());
             LibtorrentClient downloader = LibtorrentClient.download(torrent.torrentFile(), download,
                     LibtorrentClient.Options.defaults().withPeers(List.of(transmission.address())))) {
            downloader.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            assertThat(transmission.cpuSeconds()).isPositive();
        }
    }
}
