package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.alert.Alert;
import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.HashFailedAlert;
import io.torrentine.alert.PeerBannedAlert;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.TorrentInfo;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swarm scenarios, sessions on loopback in one JVM. */
class SessionScenariosTest {
    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void magnetLinkFetchesMetadataThenDownloads() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "movie.bin", 3, 2_000_000);
        TorrentInfo info = SwarmFixture.torrent(file, 32 * 1024);
        Session seeder = swarm.session();
        SwarmFixture.seed(seeder, info, seedDir);

        Session leecher = swarm.session();
        MagnetLink magnet = MagnetLink.parse("magnet:?xt=urn:btih:" + info.infoHashes().v1().orElseThrow().toHex());
        TorrentHandle h = leecher.add(AddTorrentParams.fromMagnet(magnet, leechDir)).join();
        assertThat(SwarmFixture.status(h).hasMetadata()).isFalse();
        h.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        assertThat(SwarmFixture.status(h).name()).isEqualTo("movie.bin");
        assertThat(h.torrentInfo().join()).hasValueSatisfying(t -> assertThat(t.infoDictionary())
                .isEqualTo(info.infoDictionary()));
        leecher.remove(h, false).join();
        assertThat(Files.readAllBytes(leechDir.resolve("movie.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void pauseResumeAndRestartFromResumeDataMidDownload() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "big.bin", 4, 6_000_000);
        TorrentInfo info = SwarmFixture.torrent(file, 64 * 1024);
        // The seed uploads at 1 MB/s (after a burst of one second's worth), so the download takes
        // about five seconds: room to pause mid-way.
        Session seeder = swarm.session(SwarmFixture.loopback().uploadRateLimit(1_000_000).build());
        SwarmFixture.seed(seeder, info, seedDir);

        Session first = swarm.session();
        TorrentHandle h = first.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
        h.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).progress() > 0.2);
        h.pause().join();
        TorrentStatus paused = SwarmFixture.status(h);
        assertThat(paused.paused()).isTrue();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).peers() == 0);
        assertThat(paused.progress()).isLessThan(1.0);

        h.resume().join();
        h.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).progress() > paused.progress() + 0.1);
        AddTorrentParams saved = h.saveResumeData().join();
        int savedPieces = saved.havePieceCount();
        assertThat(savedPieces).isPositive().isLessThan(info.pieceCount());
        first.close();

        Session second = swarm.session();
        TorrentHandle again = second.add(AddTorrentParams.fromResumeData(saved.toResumeData())).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(again).state() != TorrentState.CHECKING_FILES);
        assertThat(SwarmFixture.status(again).piecesHave()).isGreaterThanOrEqualTo(savedPieces);
        again.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(again).state() == TorrentState.SEEDING);
        second.remove(again, false).join();
        assertThat(Files.readAllBytes(leechDir.resolve("big.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void peerSendingCorruptBlocksIsBannedAndTheDownloadCompletes() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "data.bin", 5, 3_000_000);
        TorrentInfo info = SwarmFixture.torrent(file, 64 * 1024);
        Session honest = swarm.session();
        SwarmFixture.seed(honest, info, seedDir);
        Session liar = swarm.session(Session.builder().settings(SwarmFixture.loopback().build())
                .storage(CorruptingStorage.factory()));
        SwarmFixture.seed(liar, info, seedDir);

        List<Alert> alerts = new CopyOnWriteArrayList<>();
        Session leecher = swarm.session(SwarmFixture.loopback()
                .alertCategories(EnumSet.of(AlertCategory.STATUS, AlertCategory.PEER, AlertCategory.ERROR)).build());
        leecher.setAlertListener(alerts::add, Runnable::run);
        TorrentHandle h = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
        h.connectPeer(liar.listenAddress()).join();
        h.connectPeer(honest.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);

        InetSocketAddress liarAddress = liar.listenAddress();
        assertThat(alerts).anyMatch(a -> a instanceof HashFailedAlert);
        assertThat(alerts).filteredOn(a -> a instanceof PeerBannedAlert).extracting(a -> ((PeerBannedAlert) a).peer())
                .containsOnly(liarAddress);
        assertThat(SwarmFixture.status(h).wastedBytes()).isPositive();
        leecher.remove(h, false).join();
        assertThat(Files.readAllBytes(leechDir.resolve("data.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void slowPeerDoesNotHoldUpTheLastPieces() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "data.bin", 6, 4_000_000);
        TorrentInfo info = SwarmFixture.torrent(file, 64 * 1024);
        // Alone, the slow seed would need 80 s for the whole torrent.
        Session slow = swarm.session(SwarmFixture.loopback().uploadRateLimit(50_000).build());
        SwarmFixture.seed(slow, info, seedDir);
        Session fast = swarm.session();
        SwarmFixture.seed(fast, info, seedDir);

        Session leecher = swarm.session();
        TorrentHandle h = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
        h.connectPeer(slow.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).peers() == 1);
        long start = System.nanoTime();
        h.connectPeer(fast.listenAddress()).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        leecher.remove(h, false).join();
        assertThat(Files.readAllBytes(leechDir.resolve("data.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void filePrioritiesChangedMidDownload() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path content = SwarmFixture.payload(seedDir, "set", 7, 1_000_000, 1_500_000, 800_000);
        TorrentInfo info = SwarmFixture.torrent(content, 16 * 1024);
        // Slow enough (a 500 kB burst, then 500 kB/s) that most of file 1 is still missing when it
        // is skipped.
        Session seeder = swarm.session(SwarmFixture.loopback().uploadRateLimit(500_000).build());
        SwarmFixture.seed(seeder, info, seedDir);

        Session leecher = swarm.session();
        TorrentHandle h = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
        h.setFilePriorities(List.of(4, 0, 4)).join();
        h.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.FINISHED);
        List<Long> progress = h.fileProgress().join();
        assertThat(progress.get(0)).isEqualTo(1_000_000);
        assertThat(progress.get(2)).isEqualTo(800_000);
        assertThat(progress.get(1)).isLessThan(1_500_000);

        h.setFilePriority(1, 7).join();
        assertThat(h.filePriorities().join()).containsExactly(4, 7, 4);
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        leecher.remove(h, false).join();
        for (int f = 0; f < 3; f++) {
            Path rel = seedDir.relativize(content.resolve("file-" + f + ".bin"));
            assertThat(Files.readAllBytes(leechDir.resolve(rel))).isEqualTo(Files.readAllBytes(seedDir.resolve(rel)));
        }
    }

    @Test
    void fiftyTorrentsInOneSession() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Session seeder = swarm.session();
        Session leecher = swarm.session();
        List<TorrentInfo> infos = new ArrayList<>();
        List<TorrentHandle> seeds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Path file = SwarmFixture.payload(seedDir, "t" + i + ".bin", 100 + i, 100_000 + 1_000 * i);
            TorrentInfo info = SwarmFixture.torrent(file, 16 * 1024);
            infos.add(info);
            seeds.add(seeder.add(AddTorrentParams.fromTorrent(info, seedDir)).join());
        }
        for (TorrentHandle s : seeds) {
            await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(s).state() == TorrentState.SEEDING);
        }
        List<TorrentHandle> leeches = new ArrayList<>();
        for (TorrentInfo info : infos) {
            TorrentHandle h = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
            h.connectPeer(seeder.listenAddress()).join();
            leeches.add(h);
        }
        assertThat(leecher.torrents()).hasSize(50);
        for (TorrentHandle h : leeches) {
            await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        }
        SessionStats stats = leecher.stats().join();
        assertThat(stats.torrents()).isEqualTo(50);
        assertThat(stats.totalDownloaded()).isGreaterThanOrEqualTo(infos.stream().mapToLong(TorrentInfo::totalSize).sum());
        for (int i = 0; i < 50; i += 7) {
            assertThat(Files.readAllBytes(leechDir.resolve("t" + i + ".bin")))
                    .isEqualTo(Files.readAllBytes(seedDir.resolve("t" + i + ".bin")));
        }
    }
}
