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
 * The aria2 harness with libtorrent on the other side, without Torrentine (BEP 3 over TCP on
 * 127.0.0.1, plaintext, v1 torrents). aria2 cannot be given a peer, so libtorrent dials it.
 */
@Tag("interop")
class Aria2ClientInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void libtorrentSeedDialsAria2Downloader() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 2_000_001, 3, 32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (Aria2Client aria2 = Aria2Client.download(torrent.torrentFile(), download, Aria2Client.Options.defaults());
             LibtorrentClient seed = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                     LibtorrentClient.Options.defaults())) {
            seed.connect(aria2.address());
            aria2.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            assertThat(aria2.peakRssBytes()).isPositive();
            assertThat(aria2.lastStatus()).isPresent();
        }
    }

    @Test
    void aria2SeedServesLibtorrentDownloader() throws Exception {
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(600_000L, 1_100_000L), 5, 16 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (Aria2Client aria2 = Aria2Client.seed(torrent.torrentFile(), torrent.dataDir(), Aria2Client.Options.defaults());
             LibtorrentClient downloader = LibtorrentClient.download(torrent.torrentFile(), download,
                     LibtorrentClient.Options.defaults().withPeers(List.of(aria2.address())))) {
            assertThat(aria2.lastStatus()).hasValueSatisfying(s -> assertThat(s.progress()).isEqualTo(1.0));
            downloader.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
        }
    }
}
