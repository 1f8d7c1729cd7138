package io.torrentine.session;

import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Payloads, torrents and sessions on loopback for in-JVM swarm tests. */
final class SwarmFixture implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<Session> sessions = new ArrayList<>();

    /** Settings for a session on 127.0.0.1 that accepts several peers from that one address. */
    static SessionSettings.Builder loopback() {
        return SessionSettings.builder().listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .allowMultipleConnectionsPerIp(true).localServiceDiscovery(false);
    }

    /** A status snapshot, waited for (the tests' polling). */
    static TorrentStatus status(TorrentHandle h) {
        return h.status().join();
    }

    /** Adds a torrent whose data is complete under {@code saveDir} and waits until it seeds. */
    static TorrentHandle seed(Session session, TorrentInfo info, Path saveDir) {
        TorrentHandle h = session.add(AddTorrentParams.fromTorrent(info, saveDir)).join();
        org.awaitility.Awaitility.await().atMost(DEADLINE).until(() -> status(h).state() == TorrentState.SEEDING);
        return h;
    }

    Session session() {
        return session(loopback().build());
    }

    Session session(SessionSettings settings) {
        Session s = Session.start(settings);
        sessions.add(s);
        return s;
    }

    Session session(Session.Builder builder) {
        Session s = builder.start();
        sessions.add(s);
        return s;
    }

    /** Writes random files under {@code dir/name} (or one file {@code dir/name} for a single size). */
    static Path payload(Path dir, String name, long seed, long... sizes) throws IOException {
        Random random = new Random(seed);
        if (sizes.length == 1) {
            Path file = dir.resolve(name);
            Files.write(file, bytes(random, sizes[0]));
            return file;
        }
        Path folder = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < sizes.length; i++) {
            Files.write(folder.resolve("file-" + i + ".bin"), bytes(random, sizes[i]));
        }
        return folder;
    }

    private static byte[] bytes(Random random, long size) {
        byte[] b = new byte[Math.toIntExact(size)];
        random.nextBytes(b);
        return b;
    }

    static TorrentInfo torrent(Path content, int pieceSize) throws IOException {
        return torrent(content, pieceSize, TorrentVersion.V1);
    }

    static TorrentInfo torrent(Path content, int pieceSize, TorrentVersion version) throws IOException {
        CreatedTorrent created = TorrentCreator.builder(content).pieceSize(pieceSize).version(version).build().create();
        return TorrentInfo.parse(created.bytes());
    }

    @Override
    public void close() {
        for (Session s : sessions) {
            s.close();
        }
    }
}
