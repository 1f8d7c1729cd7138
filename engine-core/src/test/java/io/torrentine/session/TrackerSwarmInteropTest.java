package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.alert.Alert;
import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.PeerConnectedAlert;
import io.torrentine.alert.TrackerReplyAlert;
import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.testing.clients.LibtorrentClient;
import io.torrentine.testing.clients.OpenTrackerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers found through a real tracker: {@code opentracker} from Debian on loopback, over HTTP
 * (BEP 3, BEP 23) and UDP (BEP 15). The time from adding the torrent to the first peer
 * connected is logged for the figures.
 */
@Tag("interop")
class TrackerSwarmInteropTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerSwarmInteropTest.class);

    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    private TorrentInfo torrentWithTracker(Path file, String tracker) throws Exception {
        CreatedTorrent created = TorrentCreator.builder(file).pieceSize(32 * 1024)
                .version(io.torrentine.metainfo.TorrentVersion.V1).addTracker(tracker).build().create();
        Files.write(dir.resolve(file.getFileName() + ".torrent"), created.bytes());
        return TorrentInfo.parse(created.bytes());
    }

    private void seedAndLeechFindEachOther(boolean udp) throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "tracked.bin", 11, 1_500_000);
        TorrentInfo probe = SwarmFixture.torrent(file, 32 * 1024);
        try (OpenTrackerProcess tracker = OpenTrackerProcess.start(List.of(probe.infoHashes().v1().orElseThrow()
                .toByteArray()))) {
            TorrentInfo info = torrentWithTracker(file, udp ? tracker.udpAnnounceUrl() : tracker.httpAnnounceUrl());
            Session seeder = swarm.session();
            TorrentHandle seed = seeder.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
            await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(seed).state() == TorrentState.SEEDING);
            await().atMost(SwarmFixture.DEADLINE).until(() -> seed.trackers().join().stream()
                    .anyMatch(TrackerStatus::working));

            List<Alert> alerts = new CopyOnWriteArrayList<>();
            Session leecher = swarm.session(SwarmFixture.loopback()
                    .alertCategories(EnumSet.of(AlertCategory.TRACKER, AlertCategory.CONNECT, AlertCategory.STATUS))
                    .build());
            leecher.setAlertListener(alerts::add, Runnable::run);
            long start = System.nanoTime();
            TorrentHandle leech = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
            await().atMost(SwarmFixture.DEADLINE).until(() -> alerts.stream().anyMatch(a -> a instanceof PeerConnectedAlert));
            Duration firstPeer = Duration.ofNanos(System.nanoTime() - start);
            LOG.info("{} tracker: first peer connected {} ms after add", udp ? "UDP" : "HTTP", firstPeer.toMillis());
            await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(leech).state() == TorrentState.SEEDING);
            assertThat(alerts).anyMatch(a -> a instanceof TrackerReplyAlert r && r.peers() >= 1);
            assertThat(leech.trackers().join()).singleElement().satisfies(t -> assertThat(t.working()).isTrue());
            leecher.remove(leech, false).join();
            assertThat(Files.readAllBytes(leechDir.resolve("tracked.bin"))).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void seedAndLeecherFindEachOtherOverHttp() throws Exception {
        seedAndLeechFindEachOther(false);
    }

    @Test
    void seedAndLeecherFindEachOtherOverUdp() throws Exception {
        seedAndLeechFindEachOther(true);
    }

    @Test
    void libtorrentSeedAnnouncedToTheTrackerIsFoundAndDownloadedFrom() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path leechDir = Files.createDirectories(dir.resolve("leech"));
        Path file = SwarmFixture.payload(seedDir, "lt.bin", 12, 1_200_000);
        TorrentInfo probe = SwarmFixture.torrent(file, 32 * 1024);
        try (OpenTrackerProcess tracker = OpenTrackerProcess.start(List.of(probe.infoHashes().v1().orElseThrow()
                .toByteArray()))) {
            TorrentInfo info = torrentWithTracker(file, tracker.httpAnnounceUrl());
            Path torrentFile = dir.resolve("lt.bin.torrent");
            try (LibtorrentClient lt = LibtorrentClient.seed(torrentFile, seedDir, LibtorrentClient.Options.defaults())) {
                Session leecher = swarm.session();
                TorrentHandle leech = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
                await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(leech).state() == TorrentState.SEEDING);
                assertThat(leech.peers().join()).isEmpty(); // seeds part once both are complete
                leecher.remove(leech, false).join();
                assertThat(Files.readAllBytes(leechDir.resolve("lt.bin"))).isEqualTo(Files.readAllBytes(file));
            }
        }
    }
}
