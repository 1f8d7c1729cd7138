package io.torrentine.session;

import static org.awaitility.Awaitility.await;

import io.torrentine.metainfo.TorrentInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitDebugTest {
    @TempDir
    Path dir;

    @Test
    void debug() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture()) {
            Path seedDir = Files.createDirectories(dir.resolve("seed"));
            Path leechDir = Files.createDirectories(dir.resolve("leech"));
            Path file = SwarmFixture.payload(seedDir, "big.bin", 4, 6_000_000);
            TorrentInfo info = SwarmFixture.torrent(file, 64 * 1024);
            Session seeder = swarm.session(SwarmFixture.loopback().uploadRateLimit(2_000_000).build());
            TorrentHandle s = seeder.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
            await().until(() -> s.status().join().state() == TorrentState.SEEDING);
            Session leecher = swarm.session();
            TorrentHandle h = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
            h.connectPeer(seeder.listenAddress()).join();
            for (int i = 0; i < 20; i++) {
                Thread.sleep(500);
                System.err.println("DBG " + h.status().join() + "\nDBG PEERS " + h.peers().join()
                        + "\nDBG SEEDPEERS " + s.peers().join());
            }
        }
    }
}
