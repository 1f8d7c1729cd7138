package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.alert.Alert;
import io.torrentine.alert.TorrentFinishedAlert;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions on loopback in one JVM: a seed and leechers exchange a torrent end to end. */
class SessionSwarmTest {
    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void oneSeedOneLeecherSingleFile() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "payload.bin", 1, 3_000_000);
        TorrentInfo info = SwarmFixture.torrent(file, 64 * 1024);

        Session seeder = swarm.session();
        TorrentHandle seed = seeder.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(seed).state() == TorrentState.SEEDING);

        Session leecher = swarm.session();
        TorrentHandle leech = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
        leech.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(leech).state() == TorrentState.SEEDING);

        TorrentStatus s = SwarmFixture.status(leech);
        assertThat(s.progress()).isEqualTo(1.0);
        assertThat(s.piecesHave()).isEqualTo(info.pieceCount());
        assertThat(s.totalDownloaded()).isGreaterThanOrEqualTo(info.totalSize());
        leecher.remove(leech, false).join();
        assertThat(Files.readAllBytes(leechDir.resolve("payload.bin"))).isEqualTo(Files.readAllBytes(file));
        List<Alert> alerts = new ArrayList<>(leecher.popAlerts());
        assertThat(alerts).anyMatch(a -> a instanceof TorrentFinishedAlert);
    }

    @Test
    void oneSeedFiveLeechersHybridMultiFile() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path content = SwarmFixture.payload(seedDir, "album", 2, 1_500_000, 700_000, 10, 2_100_000);
        TorrentInfo info = SwarmFixture.torrent(content, 32 * 1024, TorrentVersion.HYBRID);

        Session seeder = swarm.session();
        TorrentHandle seed = seeder.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(seed).state() == TorrentState.SEEDING);

        List<Session> sessions = new ArrayList<>();
        List<TorrentHandle> leeches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Session s = swarm.session();
            sessions.add(s);
            TorrentHandle h = s.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("l" + i))))
                    .join();
            h.connectPeer(seeder.listenAddress()).join();
            for (Session other : sessions.subList(0, i)) {
                h.connectPeer(other.listenAddress()).join();
            }
            leeches.add(h);
        }
        for (TorrentHandle h : leeches) {
            await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        }
        for (int i = 0; i < 5; i++) {
            sessions.get(i).remove(leeches.get(i), false).join();
            for (int f = 0; f < 4; f++) {
                Path rel = seedDir.relativize(content.resolve("file-" + f + ".bin"));
                assertThat(Files.readAllBytes(dir.resolve("l" + i).resolve(rel)))
                        .isEqualTo(Files.readAllBytes(seedDir.resolve(rel)));
            }
        }
    }
}
