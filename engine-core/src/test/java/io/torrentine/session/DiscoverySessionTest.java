package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.PeerConnectedAlert;
import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers found without a tracker: peer exchange (BEP 11) between three sessions, local service
 * discovery (BEP 14) between two over multicast on {@code lo}, and neither for a private
 * torrent (BEP 27). The time from adding a torrent to its first peer is logged for the figures.
 */
class DiscoverySessionTest {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoverySessionTest.class);

    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    private static boolean connectedTo(TorrentHandle h, InetSocketAddress address) {
        return h.peers().join().stream().anyMatch(p -> p.address().equals(address));
    }

    @Test
    void thirdSessionLearnsTheFirstOnlyThroughTheSecondsPeerExchange() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path file = SwarmFixture.payload(seedDir, "pex.bin", 21, 800_000);
        TorrentInfo info = SwarmFixture.torrent(file, 32 * 1024);
        // A seed at 100 kB/s: B is still downloading from it (a seed drops seeds) when C asks B.
        List<PeerConnectedAlert> atA = new CopyOnWriteArrayList<>();
        Session a = swarm.session(SwarmFixture.loopback().uploadRateLimit(100_000)
                .alertCategories(EnumSet.of(AlertCategory.CONNECT)).build());
        a.setAlertListener(alert -> {
            if (alert instanceof PeerConnectedAlert pc) {
                atA.add(pc);
            }
        }, Runnable::run);
        TorrentHandle seed = a.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(seed).state() == TorrentState.SEEDING);

        Session b = swarm.session();
        TorrentHandle hb = b.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("b")))).join();
        hb.connectPeer(a.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> connectedTo(hb, a.listenAddress()));

        Session c = swarm.session();
        long start = System.nanoTime();
        TorrentHandle hc = c.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("c")))).join();
        hc.connectPeer(b.listenAddress()).join();
        // C was told only of B, A of nobody: A and C meet through B's ut_pex messages (BEP 11),
        // whichever of them dials (when both do, one connection is kept).
        await().atMost(SwarmFixture.DEADLINE).until(() -> atA.size() >= 2);
        LOG.info("PEX: first peer learnt through PEX connected {} ms after add",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(hc).state() == TorrentState.SEEDING);
        c.remove(hc, false).join();
        assertThat(Files.readAllBytes(dir.resolve("c").resolve("pex.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void privateTorrentsDoNotExchangePeers() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path file = SwarmFixture.payload(seedDir, "private.bin", 22, 400_000);
        CreatedTorrent created = TorrentCreator.builder(file).pieceSize(32 * 1024).version(TorrentVersion.V1)
                .privateTorrent(true).build().create();
        TorrentInfo info = TorrentInfo.parse(created.bytes());
        Session a = swarm.session();
        TorrentHandle seed = a.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(seed).state() == TorrentState.SEEDING);
        Session b = swarm.session();
        TorrentHandle hb = b.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("b")))).join();
        hb.connectPeer(a.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(hb).state() == TorrentState.SEEDING);
        // B stays a seed connected to nothing; C connects to A and downloads, but never hears of B.
        Session c = swarm.session();
        TorrentHandle hc = c.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("c")))).join();
        hc.connectPeer(a.listenAddress()).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(hc).state() == TorrentState.SEEDING);
        assertThat(SwarmFixture.status(hc).knownPeers()).isEqualTo(1);
    }

    @Test
    void localServiceDiscoveryFindsASessionOnTheLocalNetwork() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort(); // a private port, so other runs on this machine stay apart
        }
        SessionSettings lsd = SwarmFixture.loopback().localServiceDiscovery(true).localServiceDiscoveryPort(port)
                .localServiceDiscoveryInterface("lo").build();
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path file = SwarmFixture.payload(seedDir, "lsd.bin", 23, 600_000);
        TorrentInfo info = SwarmFixture.torrent(file, 32 * 1024);
        Session a = swarm.session(lsd);
        TorrentHandle seed = a.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(seed).state() == TorrentState.SEEDING);

        Session b = swarm.session(lsd.toBuilder().alertCategories(EnumSet.of(AlertCategory.CONNECT)).build());
        List<PeerConnectedAlert> connectedAlerts = new CopyOnWriteArrayList<>();
        b.setAlertListener(alert -> {
            if (alert instanceof PeerConnectedAlert pc) {
                connectedAlerts.add(pc);
            }
        }, Runnable::run);
        long start = System.nanoTime();
        TorrentHandle hb = b.add(AddTorrentParams.fromTorrent(info, Files.createDirectories(dir.resolve("b")))).join();
        await().atMost(SwarmFixture.DEADLINE).until(() -> !connectedAlerts.isEmpty());
        LOG.info("LSD: first peer connected {} ms after add", Duration.ofNanos(System.nanoTime() - start).toMillis());
        await().atMost(SwarmFixture.DEADLINE).until(() -> SwarmFixture.status(hb).state() == TorrentState.SEEDING);
        b.remove(hb, false).join();
        assertThat(Files.readAllBytes(dir.resolve("b").resolve("lsd.bin"))).isEqualTo(Files.readAllBytes(file));
    }
}
