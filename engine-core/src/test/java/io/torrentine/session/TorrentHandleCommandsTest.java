package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.torrentine.alert.Alert;
import io.torrentine.alert.SessionStatsAlert;
import io.torrentine.metainfo.TorrentInfo;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handle's commands that the swarm scenarios do not exercise, each on a real session. */
class TorrentHandleCommandsTest {
    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void forceRecheckFindsADamagedPieceAndTheTorrentDownloadsItAgain() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path copyDir = Files.createDirectories(dir.resolve("copy"));
        Path file = SwarmFixture.payload(seedDir, "data.bin", 41, 1_000_000);
        Files.copy(file, copyDir.resolve("data.bin"));
        TorrentInfo info = SwarmFixture.torrent(file, 64 * 1024);
        Session seeder = swarm.session();
        SwarmFixture.seed(seeder, info, seedDir);
        Session s = swarm.session();
        TorrentHandle h = SwarmFixture.seed(s, info, copyDir);

        try (RandomAccessFile raf = new RandomAccessFile(copyDir.resolve("data.bin").toFile(), "rw")) {
            raf.seek(3 * 64 * 1024 + 10);
            raf.write(0x42 ^ raf.read());
        }
        h.forceRecheck().join();
        TorrentStatus checked = SwarmFixture.status(h);
        assertThat(checked.piecesHave()).isEqualTo(info.pieceCount() - 1);
        assertThat(checked.pieces().get(3)).isFalse();
        assertThat(checked.state()).isEqualTo(TorrentState.DOWNLOADING);

        h.connectPeer(seeder.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        s.remove(h, false).join();
        assertThat(Files.readAllBytes(copyDir.resolve("data.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void moveStorageAndRenameFileKeepTheData() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path content = SwarmFixture.payload(seedDir, "set", 42, 300_000, 200_000);
        TorrentInfo info = SwarmFixture.torrent(content, 32 * 1024);
        Session s = swarm.session();
        TorrentHandle h = SwarmFixture.seed(s, info, seedDir);
        byte[] first = Files.readAllBytes(content.resolve("file-0.bin"));

        Path moved = dir.resolve("moved");
        h.moveStorage(moved).join();
        assertThat(SwarmFixture.status(h).savePath()).isEqualTo(moved);
        assertThat(moved.resolve("set").resolve("file-0.bin")).exists();
        assertThat(content.resolve("file-0.bin")).doesNotExist();

        h.renameFile(0, "set/renamed.bin").join();
        assertThat(Files.readAllBytes(moved.resolve("set").resolve("renamed.bin"))).isEqualTo(first);
        h.forceRecheck().join();
        assertThat(SwarmFixture.status(h).state()).isEqualTo(TorrentState.SEEDING);
    }

    @Test
    void sequentialDownloadAndDeadlinesAreAccepted() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path file = SwarmFixture.payload(seedDir, "movie.bin", 43, 1_200_000);
        TorrentInfo info = SwarmFixture.torrent(file, 16 * 1024); // 74 pieces of one block each
        Session seeder = swarm.session(SwarmFixture.loopback().uploadRateLimit(200_000).build());
        SwarmFixture.seed(seeder, info, seedDir);
        // At most 8 requests in flight, whatever the measured rate: the order is then plain to see.
        Session s = swarm.session(SwarmFixture.loopback().maxOutRequestQueue(8).build());
        TorrentHandle h = s.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("l")))).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.DOWNLOADING);
        h.setSequentialDownload(true).join();
        int last = info.pieceCount() - 1;
        h.setPieceDeadline(last, Duration.ofMillis(200)).join();
        assertThat(SwarmFixture.status(h).sequentialDownload()).isTrue();
        assertThatThrownBy(() -> h.setPieceDeadline(info.pieceCount(), Duration.ofSeconds(1)).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IndexOutOfBoundsException.class);
        h.connectPeer(seeder.listenAddress()).join();
        // The piece with a deadline comes first, then the rest in index order: with at most
        // 8 requests in flight, no piece beyond the first (have + 8) is in yet. Rarest first
        // would have spread over all 74.
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).piecesHave() >= 20);
        TorrentStatus early = SwarmFixture.status(h);
        assertThat(early.pieces().get(last)).isTrue();
        java.util.BitSet others = early.pieces();
        others.clear(last);
        // BEP 6: the seed lets a choked peer fetch its allowed-fast pieces first; those are fair.
        for (int fast : io.torrentine.internal.peer.wire.AllowedFastSet.compute(
                (java.net.Inet4Address) java.net.InetAddress.getByName("127.0.0.1"),
                info.infoHashes().v1().orElseThrow().toByteArray(), info.pieceCount(), 5)) {
            others.clear(fast);
        }
        assertThat(others.length() - 1).isLessThan(early.piecesHave() + 9);
        assertThat(early.piecesHave()).isLessThan(info.pieceCount());
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        AddTorrentParams resume = h.saveResumeData().join();
        assertThat(resume.hasFlag(TorrentFlag.SEQUENTIAL_DOWNLOAD)).isTrue();
    }

    @Test
    void postStatsAndCallsOnARemovedTorrent() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path file = SwarmFixture.payload(seedDir, "x.bin", 44, 100_000);
        TorrentInfo info = SwarmFixture.torrent(file, 16 * 1024);
        Session s = swarm.session();
        TorrentHandle h = SwarmFixture.seed(s, info, seedDir);
        s.postStats().join();
        List<Alert> alerts = s.popAlerts();
        assertThat(alerts).filteredOn(a -> a instanceof SessionStatsAlert).singleElement()
                .satisfies(a -> assertThat(((SessionStatsAlert) a).stats().torrents()).isEqualTo(1));
        s.remove(h, false).join();
        assertThat(s.torrents()).isEmpty();
        assertThatThrownBy(() -> h.status().join()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(s.add(AddTorrentParams.fromTorrent(info, seedDir)).join().infoHashes()).isEqualTo(info.infoHashes());
        assertThatThrownBy(() -> s.add(AddTorrentParams.fromTorrent(info, seedDir)).join())
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
