package io.torrentine.testing.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark baseline on a small torrent: the figures are there and plausible. */
@Tag("interop")
class LibtorrentBaselineInteropTest {

    @TempDir
    Path dir;

    @Test
    void reportsTimeRateMemoryAndCpuOfTheDownloader() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 16L << 20, 1, 0);
        LibtorrentBaseline.Result result = LibtorrentBaseline.run(torrent,
                Files.createDirectories(dir.resolve("download")), Duration.ofSeconds(60));
        assertThat(result.bytes()).isEqualTo(16L << 20);
        assertThat(result.seconds()).isPositive();
        assertThat(result.megabytesPerSecond()).isCloseTo(result.bytes() / result.seconds() / 1e6,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(result.peakRssBytes()).isGreaterThan(10L << 20);
        assertThat(result.cpuSeconds()).isPositive();
        assertThat(result.toString()).contains("MB/s");
    }
}
