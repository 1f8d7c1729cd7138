package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.Session;
import io.torrentine.session.SessionSettings;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentState;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session commands of the command line, run in-process: demo, download (with --json). */
class SessionCommandsTest extends CliTestSupport {
    @TempDir
    Path dir;

    @Test
    void demoDownloadsAndVerifiesThePayload() {
        assertThat(run("demo", "--size", "4", "--piece-size", "64", "--dir", dir.toString(), "--json"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("identical to the seed's").contains("\"progress\":");
        assertThat(dir.resolve("leech").resolve("demo-payload.bin")).hasSize(4L << 20);
    }

    @Test
    void downloadPrintsJsonLinesAndExitsOnceComplete() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        Path file = seedDir.resolve("one.bin");
        Files.write(file, data);
        CreatedTorrent created = TorrentCreator.builder(file).pieceSize(32 * 1024).version(TorrentVersion.V1).build()
                .create();
        Path torrentFile = dir.resolve("one.torrent");
        Files.write(torrentFile, created.bytes());
        SessionSettings loopback = SessionSettings.builder().listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .allowMultipleConnectionsPerIp(true).build();
        try (Session seeder = Session.start(loopback)) {
            TorrentHandle seed = seeder.add(AddTorrentParams.fromTorrent(TorrentInfo.parse(created.bytes()), seedDir))
                    .join();
            await().atMost(Duration.ofSeconds(30)).until(() -> seed.status().join().state() == TorrentState.SEEDING);
            int port = seeder.listenAddress().getPort();
            Path leechDir = dir.resolve("leech");
            assertThat(run("download", torrentFile.toString(), "--save-path", leechDir.toString(), "--bind",
                    "127.0.0.1", "--listen", "0", "--peer", "127.0.0.1:" + port, "--json", "--timeout", "60"))
                    .as(err.toString()).isZero();
            assertThat(Files.readAllBytes(leechDir.resolve("one.bin"))).isEqualTo(data);
        }
        String last = out.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("{\"progress\":1.0,").contains("\"downloadRate\":", "\"uploadRate\":",
                "\"peers\":", "\"state\":\"seeding\"");
    }

    @Test
    void downloadRejectsAMalformedMagnetLink() {
        assertThat(run("download", "magnet:?xt=urn:btih:nothex", "--save-path", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("rejected");
    }
}
