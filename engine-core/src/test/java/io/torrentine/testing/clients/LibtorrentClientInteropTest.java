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
 * The libtorrent harness on its own, without Torrentine: a libtorrent seed and a libtorrent
 * downloader on 127.0.0.1 (BEP 3 over TCP, plaintext), content compared by SHA-256.
 */
@Tag("interop")
class LibtorrentClientInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void downloaderGivenTheSeedAsPeerFetchesTheTorrentFile() throws Exception {
        // Not a multiple of the piece or block size: the last piece and block are short.
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 3_000_003, 7, 32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        LibtorrentClient downloader;
        try (LibtorrentClient seed = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                LibtorrentClient.Options.defaults())) {
            assertThat(seed.lastStatus()).hasValueSatisfying(s -> assertThat(s.progress()).isEqualTo(1.0));
            downloader = LibtorrentClient.download(torrent.torrentFile(), download,
                    LibtorrentClient.Options.defaults().withPeers(List.of(seed.address())));
            try (downloader) {
                assertThat(downloader.listenPort()).isPositive().isNotEqualTo(seed.listenPort());
                Duration took = downloader.awaitFinished(DEADLINE);
                assertThat(took).isPositive().isLessThan(DEADLINE);
                torrent.assertSameContentIn(download);
                assertThat(downloader.lastStatus()).hasValueSatisfying(s -> {
                    assertThat(s.progress()).isEqualTo(1.0);
                    assertThat(s.state()).isIn("seeding", "finished");
                });
                // A Python process with libtorrent loaded: tens of MiB, some CPU.
                assertThat(downloader.peakRssBytes()).isGreaterThan(10L << 20);
                assertThat(downloader.cpuSeconds()).isPositive();
            }
        }
        // close() ended the process by PID; a second close is harmless; the figures remain.
        assertThat(ProcessHandle.of(downloader.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        downloader.close();
        assertThat(downloader.peakRssBytes()).isGreaterThan(10L << 20);
    }

    @Test
    void magnetDownloaderDialedThroughConnectFetchesMetadataAndFiles() throws Exception {
        // BEP 9: the downloader knows only the info-hash; a multi-file torrent with an empty file.
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(1_000_000L, 0L, 700_001L), 11, 16 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (LibtorrentClient seed = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                     LibtorrentClient.Options.defaults());
             LibtorrentClient downloader = LibtorrentClient.download(torrent.magnet(), download,
                     LibtorrentClient.Options.defaults())) {
            downloader.connect(seed.address());
            downloader.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            assertThat(torrent.isCompleteIn(download)).isTrue();
            assertThat(seed.lastStatus()).isPresent();
        }
    }
}
