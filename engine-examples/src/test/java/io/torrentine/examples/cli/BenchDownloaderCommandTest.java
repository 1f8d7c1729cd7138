package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden downloader of bench transfer (5): what it refuses before it starts a session. Its
 * downloads are exercised end to end, against libtorrent, by {@link BenchCommandInteropTest}.
 */
class BenchDownloaderCommandTest extends CliTestSupport {
    @TempDir
    Path dir;

    @Test
    void isNotListedInTheHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("bench").doesNotContain("bench-downloader");
    }

    @Test
    void aNonPositiveStatusIntervalIsRejected() {
        assertThat(run("bench-downloader", dir.resolve("x.torrent").toString(), "--peer", "127.0.0.1:1",
                "--status-interval", "0")).isEqualTo(TorrentineCli.EXIT_REJECTED);
        assertThat(err.toString()).contains("INVALID_OPTION");
        assertThat(out.toString()).as("no session was started").doesNotContain(BenchDownloaderCommand.READY);
    }

    @Test
    void anInvalidTorrentIsRejectedAndAMissingOneIsAnError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.torrent"), "not bencode");
        assertThat(run("bench-downloader", bad.toString(), "--peer", "127.0.0.1:1"))
                .isEqualTo(TorrentineCli.EXIT_REJECTED);
        assertThat(err.toString()).contains("rejected:");

        assertThat(run("bench-downloader", dir.resolve("missing.torrent").toString(), "--peer", "127.0.0.1:1"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("cannot read");
        assertThat(out.toString()).doesNotContain(BenchDownloaderCommand.READY);
    }
}
