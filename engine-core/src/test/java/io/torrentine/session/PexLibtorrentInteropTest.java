package io.torrentine.session;

import static org.awaitility.Awaitility.await;

import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.PeerConnectedAlert;
import io.torrentine.testing.clients.LibtorrentClient;
import io.torrentine.testing.clients.TestTorrent;
import io.torrentine.testing.clients.TestTorrents;
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

/**
 * Peer exchange (BEP 11) with libtorrent 2.0, which sends and reads ut_pex: a Torrentine peer
 * learns a peer from libtorrent's messages, and libtorrent learns a peer from ours.
 */
@Tag("interop")
class PexLibtorrentInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    private static Session watched(SwarmFixture swarm, SessionSettings.Builder settings, List<PeerConnectedAlert> into) {
        Session s = swarm.session(settings.alertCategories(EnumSet.of(AlertCategory.CONNECT)).build());
        s.setAlertListener(a -> {
            if (a instanceof PeerConnectedAlert pc) {
                into.add(pc);
            }
        }, Runnable::run);
        return s;
    }

    @Test
    void torrentineLearnsAPeerFromLibtorrentsPex() throws Exception {
        TestTorrent t = TestTorrents.singleFile(Files.createDirectories(dir.resolve("data")), "pex-in.bin", 2_000_000, 31,
                32 * 1024);
        // A: a Torrentine seed at 100 kB/s, so the libtorrent leecher stays connected to it.
        List<PeerConnectedAlert> atA = new CopyOnWriteArrayList<>();
        Session a = watched(swarm, SwarmFixture.loopback().uploadRateLimit(100_000), atA);
        TorrentHandle seed = a.add(AddTorrentParams.fromTorrent(t.info(), t.dataDir())).join();
        await().atMost(DEADLINE).until(() -> seed.status().join().state() == TorrentState.SEEDING);
        try (LibtorrentClient lt = LibtorrentClient.download(t.torrentFile(), Files.createDirectories(dir.resolve("lt")),
                LibtorrentClient.Options.defaults().withPeers(List.of(a.listenAddress())))) {
            await().atMost(DEADLINE).until(() -> atA.size() == 1);
            // C knows only libtorrent; libtorrent's ut_pex tells it of A.
            Session c = swarm.session();
            TorrentHandle hc = c.add(AddTorrentParams.fromTorrent(t.info(), Files.createDirectories(dir.resolve("c"))))
                    .join();
            hc.connectPeer(lt.address()).join();
            await().atMost(DEADLINE).until(() -> atA.size() >= 2);
            await().atMost(DEADLINE).until(() -> hc.status().join().isFinished());
            c.remove(hc, false).join();
            t.assertSameContentIn(dir.resolve("c"));
        }
    }

    @Test
    void libtorrentLearnsAPeerFromTorrentinesPex() throws Exception {
        TestTorrent t = TestTorrents.singleFile(Files.createDirectories(dir.resolve("data")), "pex-out.bin", 2_000_000, 32,
                32 * 1024);
        // A: a Torrentine seed at 100 kB/s, so its leechers stay connected to it for a while.
        Session a = swarm.session(SwarmFixture.loopback().uploadRateLimit(100_000).build());
        TorrentHandle seed = a.add(AddTorrentParams.fromTorrent(t.info(), t.dataDir())).join();
        await().atMost(DEADLINE).until(() -> seed.status().join().state() == TorrentState.SEEDING);
        // L: a Torrentine leecher connected to A; A learns its listen port from its extension handshake.
        Session l = swarm.session();
        TorrentHandle leech = l.add(AddTorrentParams.fromTorrent(t.info(), Files.createDirectories(dir.resolve("l"))))
                .join();
        leech.connectPeer(a.listenAddress()).join();
        await().atMost(DEADLINE).until(() -> !seed.peers().join().isEmpty());
        try (LibtorrentClient lt = LibtorrentClient.download(t.torrentFile(), Files.createDirectories(dir.resolve("lt")),
                LibtorrentClient.Options.defaults().withPeers(List.of(a.listenAddress())))) {
            // libtorrent was told only of A; A's ut_pex lists L, and libtorrent dials it.
            await().atMost(DEADLINE).until(() -> leech.peers().join().stream()
                    .anyMatch(p -> p.incoming() && p.client().contains("libtorrent")));
            lt.awaitFinished(DEADLINE);
            t.assertSameContentIn(dir.resolve("lt"));
        }
    }
}
