package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.metainfo.MagnetLink;
import io.torrentine.testing.clients.LibtorrentClient;
import io.torrentine.testing.clients.TestTorrent;
import io.torrentine.testing.clients.TestTorrents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrentine sessions against libtorrent 2.0 on 127.0.0.1 (BEP 3 over TCP, plaintext, v1
 * torrents): downloading from a libtorrent seed by {@code .torrent} and by magnet link (BEP 9),
 * seeding to a libtorrent downloader, and a mixed swarm. Every download is checked byte for
 * byte.
 */
@Tag("interop")
class SessionInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final SwarmFixture swarm = new SwarmFixture();

    @AfterEach
    void close() {
        swarm.close();
    }

    /** Adds a torrent whose data is complete and waits until it seeds. */
    static TorrentHandle seed(Session session, TestTorrent torrent) {
        TorrentHandle h = session.add(AddTorrentParams.fromTorrent(torrent.info(), torrent.dataDir())).join();
        await().atMost(DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        return h;
    }

    /** Waits until a download seeds, then removes it (files flushed and closed) before the caller reads them. */
    static TorrentStatus finishAndRemove(Session session, TorrentHandle h, Duration deadline) {
        await().atMost(deadline).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
        TorrentStatus done = SwarmFixture.status(h);
        session.remove(h, false).join();
        return done;
    }

    @Test
    void downloadsFromLibtorrentSeed() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", 4_000_037, 21, 64 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (LibtorrentClient lt = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                LibtorrentClient.Options.defaults())) {
            Session session = swarm.session();
            TorrentHandle h = session.add(AddTorrentParams.fromTorrent(torrent.info(), download)).join();
            h.connectPeer(lt.address()).join();

            TorrentStatus done = finishAndRemove(session, h, DEADLINE);
            assertThat(done.piecesHave()).isEqualTo(torrent.info().pieceCount());
            assertThat(done.totalDownloaded()).isGreaterThanOrEqualTo(torrent.totalSize());
            assertThat(done.wastedBytes()).isZero();
            torrent.assertSameContentIn(download);
        }
    }

    @Test
    void seedsToLibtorrentDownloader() throws Exception {
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(1_300_000L, 0L, 2_200_011L), 22,
                32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        Session session = swarm.session();
        TorrentHandle h = seed(session, torrent);
        // libtorrent dials us: our listener accepts it and serves every piece.
        try (LibtorrentClient lt = LibtorrentClient.download(torrent.torrentFile(), download,
                LibtorrentClient.Options.defaults().withPeers(List.of(session.listenAddress())))) {
            lt.awaitFinished(DEADLINE);
            torrent.assertSameContentIn(download);
            await().atMost(DEADLINE).until(() -> SwarmFixture.status(h).totalUploaded() >= torrent.totalSize());
        }
    }

    @Test
    void magnetDownloadFromLibtorrentSeed() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "movie.bin", 3_000_000, 23, 32 * 1024);
        Path download = Files.createDirectories(dir.resolve("download"));
        try (LibtorrentClient lt = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                LibtorrentClient.Options.defaults())) {
            Session session = swarm.session();
            TorrentHandle h = session.add(AddTorrentParams.fromMagnet(MagnetLink.parse(torrent.magnet()), download))
                    .join();
            assertThat(SwarmFixture.status(h).hasMetadata()).isFalse();
            h.connectPeer(lt.address()).join();

            await().atMost(DEADLINE).until(() -> SwarmFixture.status(h).state() == TorrentState.SEEDING);
            // BEP 9: the metadata we assembled is the seed's info dictionary, byte for byte.
            assertThat(h.torrentInfo().join()).hasValueSatisfying(t -> assertThat(t.infoDictionary())
                    .isEqualTo(torrent.info().infoDictionary()));
            assertThat(SwarmFixture.status(h).name()).isEqualTo("movie.bin");
            finishAndRemove(session, h, DEADLINE);
            torrent.assertSameContentIn(download);
        }
    }

    /**
     * A libtorrent seed limited to 1 MB/s, two Torrentine leechers and a libtorrent leecher, all
     * connected to the seed and to each other. The seed alone would need about 12 s to serve the
     * three of them, so the leechers trade pieces among themselves: the Torrentine leechers must
     * have uploaded, and all three must end with the whole content.
     */
    @Test
    void swarmOfLibtorrentSeedTwoTorrentineLeechersAndLibtorrentLeecher() throws Exception {
        TestTorrent torrent = TestTorrents.singleFile(dir, "shared.bin", 4_000_000, 24, 32 * 1024);
        Path dl1 = Files.createDirectories(dir.resolve("t1"));
        Path dl2 = Files.createDirectories(dir.resolve("t2"));
        Path dl3 = Files.createDirectories(dir.resolve("lt"));
        try (LibtorrentClient ltSeed = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(),
                LibtorrentClient.Options.defaults().withRateLimits(1_000_000, 0))) {
            Session s1 = swarm.session();
            Session s2 = swarm.session();
            TorrentHandle h1 = s1.add(AddTorrentParams.fromTorrent(torrent.info(), dl1)).join();
            TorrentHandle h2 = s2.add(AddTorrentParams.fromTorrent(torrent.info(), dl2)).join();
            try (LibtorrentClient ltLeech = LibtorrentClient.download(torrent.torrentFile(), dl3,
                    LibtorrentClient.Options.defaults().withPeers(List.of(ltSeed.address(), s1.listenAddress(),
                            s2.listenAddress())))) {
                h1.connectPeer(ltSeed.address()).join();
                h2.connectPeer(ltSeed.address()).join();
                h2.connectPeer(s1.listenAddress()).join();
                // Each Torrentine leecher must meet the seed and the libtorrent leecher (both
                // libtorrent) and the other Torrentine leecher. Peers that finish leave each other
                // (seeds do not stay connected to seeds), so their clients are sampled all along.
                Set<String> seen1 = ConcurrentHashMap.newKeySet();
                Set<String> seen2 = ConcurrentHashMap.newKeySet();
                await().atMost(DEADLINE).until(() -> {
                    seen1.addAll(peerClients(h1));
                    seen2.addAll(peerClients(h2));
                    return SwarmFixture.status(h1).state() == TorrentState.SEEDING && SwarmFixture.status(h2).state() == TorrentState.SEEDING;
                });
                for (Set<String> seen : List.of(seen1, seen2)) {
                    assertThat(seen).anyMatch(c -> c.startsWith("Torrentine"))
                            .filteredOn(c -> c.toLowerCase(Locale.ROOT).contains("libtorrent"))
                            .hasSizeGreaterThanOrEqualTo(2);
                }
                ltLeech.awaitFinished(DEADLINE);
                long uploadedByTorrentine = SwarmFixture.status(h1).totalUploaded() + SwarmFixture.status(h2).totalUploaded();
                assertThat(uploadedByTorrentine).as("bytes the Torrentine leechers served to other leechers")
                        .isPositive();
                finishAndRemove(s1, h1, DEADLINE);
                finishAndRemove(s2, h2, DEADLINE);
                torrent.assertSameContentIn(dl1);
                torrent.assertSameContentIn(dl2);
                torrent.assertSameContentIn(dl3);
            }
        }
    }

    /** What each connected peer calls itself, with its address so that two libtorrent peers count twice. */
    private static List<String> peerClients(TorrentHandle h) {
        return h.peers().join().stream().map(p -> p.client() + " " + p.address()).toList();
    }
}
