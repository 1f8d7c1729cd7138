package io.torrentine.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Torrentine endpoints over TCP on 127.0.0.1: the dialer downloads metadata (BEP 9) and a few
 * blocks (BEP 3) from the listener, which serves them from a torrent made by {@link TorrentCreator}.
 */
class LoopbackConnectionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private PeerAcceptor acceptor;

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        if (acceptor != null) {
            acceptor.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void dialerFetchesMetadataAndBlocksFromListener() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("payload.bin");
        Files.write(file, data);
        CreatedTorrent created = TorrentCreator.builder(file).pieceSize(32 * 1024).build().create();
        TorrentInfo info = TorrentInfo.parse(created.bytes());

        SeedingListener seeder = new SeedingListener(data, info);
        PeerTorrent seeding = new PeerTorrent(created.infoHashes().id(), info.pieceCount(),
                OptionalInt.of(info.infoDictionarySize()), seeder);
        PeerConnectionConfig seederConfig = PeerConnectionConfig.defaults(PeerId.generate(new Random(1)));
        acceptor = PeerAcceptor.bind(group, new InetSocketAddress("127.0.0.1", 0), seederConfig,
                h -> h.equals(seeding.infoHash()) ? Optional.of(seeding) : Optional.empty(), c -> { })
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        // The last block of the last piece is short: 200000 - 6 * 32768 = 3392 bytes.
        List<PeerMessage.Request> wanted = List.of(new PeerMessage.Request(0, 0, 16384),
                new PeerMessage.Request(0, 16384, 16384), new PeerMessage.Request(3, 16384, 16384),
                new PeerMessage.Request(6, 0, 3392));
        FetchingListener fetcher = new FetchingListener(created.infoHashes(), wanted);
        PeerTorrent magnet = new PeerTorrent(created.infoHashes().id(), info.pieceCount(), OptionalInt.empty(), fetcher);
        PeerDialer dialer = new PeerDialer(group, PeerConnectionConfig.defaults(PeerId.generate(new Random(2))));
        PeerConnection connection = dialer.dial(acceptor.localAddress(), magnet, Duration.ofSeconds(5))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(connection.handshakeFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).peerId().client())
                .contains("Torrentine 0.0.1.0");
        ExtensionHandshake theirs = fetcher.extensionHandshake.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(theirs.client()).contains("Torrentine 0.1.0");
        assertThat(theirs.requestQueue()).hasValue(500);
        TorrentInfo fetched = fetcher.metadataFuture.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(fetched.infoDictionary()).isEqualTo(info.infoDictionary());

        Map<PeerMessage.Request, byte[]> blocks = fetcher.blocksFuture.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        for (PeerMessage.Request r : wanted) {
            int from = r.index() * info.pieceLength() + r.begin();
            assertThat(blocks.get(r)).isEqualTo(Arrays.copyOfRange(data, from, from + r.length()));
        }
        assertThat(connection.channel().eventLoop().submit(() -> connection.peerPieceCount()).get())
                .isEqualTo(info.pieceCount());
        assertThat(connection.channel().eventLoop().submit(() -> connection.downloadRate()).get())
                .isGreaterThan(0);

        connection.channel().close().sync();
        assertThat(fetcher.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        assertThat(seeder.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void incomingConnectionsMoveToTheirTorrentsLoopBeforeTheListenerSeesThem() throws Exception {
        byte[] data = new byte[100_000];
        new Random(8).nextBytes(data);
        Path file = dir.resolve("payload.bin");
        Files.write(file, data);
        CreatedTorrent created = TorrentCreator.builder(file).pieceSize(32 * 1024).build().create();
        TorrentInfo info = TorrentInfo.parse(created.bytes());

        EventLoop home = group.next();
        List<String> offLoop = new CopyOnWriteArrayList<>();
        SeedingListener seeder = new SeedingListener(data, info) {
            @Override
            public void onConnected(PeerConnection connection) {
                check("onConnected");
                super.onConnected(connection);
            }

            @Override
            public void onMessage(PeerConnection connection, PeerMessage message) {
                check("onMessage " + message);
                super.onMessage(connection, message);
            }

            private void check(String what) {
                if (!home.inEventLoop()) {
                    offLoop.add(what + " on " + Thread.currentThread().getName());
                }
            }
        };
        PeerTorrent seeding = new PeerTorrent(created.infoHashes().id(), info.pieceCount(),
                OptionalInt.of(info.infoDictionarySize()), seeder, home);
        List<PeerConnection> accepted = new CopyOnWriteArrayList<>();
        acceptor = PeerAcceptor.bind(group, new InetSocketAddress("127.0.0.1", 0),
                PeerConnectionConfig.defaults(PeerId.generate(new Random(1))),
                h -> h.equals(seeding.infoHash()) ? Optional.of(seeding) : Optional.empty(), accepted::add)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        // Two loops and round-robin accepts: of four connections, some are accepted on the other loop.
        List<PeerMessage.Request> wanted = List.of(new PeerMessage.Request(0, 0, 16384),
                new PeerMessage.Request(2, 16384, 16384));
        for (int i = 0; i < 4; i++) {
            FetchingListener fetcher = new FetchingListener(created.infoHashes(), wanted);
            PeerTorrent magnet = new PeerTorrent(created.infoHashes().id(), info.pieceCount(), OptionalInt.empty(),
                    fetcher);
            new PeerDialer(group, PeerConnectionConfig.defaults(PeerId.generate(new Random(10 + i))))
                    .dial(acceptor.localAddress(), magnet, Duration.ofSeconds(5)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Map<PeerMessage.Request, byte[]> blocks = fetcher.blocksFuture.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            for (PeerMessage.Request r : wanted) {
                int from = r.index() * info.pieceLength() + r.begin();
                assertThat(blocks.get(r)).isEqualTo(Arrays.copyOfRange(data, from, from + r.length()));
            }
        }
        assertThat(accepted).hasSize(4);
        for (PeerConnection c : accepted) {
            assertThat(c.channel().eventLoop()).isSameAs(home);
        }
        assertThat(offLoop).isEmpty();
    }

    @Test
    void listenerRefusesAnUnknownInfoHash() throws Exception {
        acceptor = PeerAcceptor.bind(group, new InetSocketAddress("127.0.0.1", 0),
                PeerConnectionConfig.defaults(PeerId.generate(new Random(1))), h -> Optional.empty(), c -> { })
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        RecordingListener listener = new RecordingListener();
        PeerTorrent torrent = new PeerTorrent(io.torrentine.metainfo.Sha1Hash.of(new byte[20]), 1,
                OptionalInt.empty(), listener);
        PeerConnection connection = new PeerDialer(group, PeerConnectionConfig.defaults(PeerId.generate(new Random(2))))
                .dial(acceptor.localAddress(), torrent, Duration.ofSeconds(5)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(connection.handshakeFuture()).failsWithin(DEADLINE);
        assertThat(listener.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        assertThat(listener.connected).isNotDone();
    }

    @Test
    void dialingAClosedPortFails() throws Exception {
        // A socket bound but not listening holds the port: the dial is refused. (Dialling a port
        // just closed can, rarely, connect a socket to itself by TCP simultaneous open.)
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = (InetSocketAddress) holder.getLocalSocketAddress();
            PeerTorrent torrent = new PeerTorrent(io.torrentine.metainfo.Sha1Hash.of(new byte[20]), 1,
                    OptionalInt.empty(), new RecordingListener());
            assertThat(new PeerDialer(group, PeerConnectionConfig.defaults(PeerId.generate(new Random(2))))
                    .dial(address, torrent, Duration.ofSeconds(2))).failsWithin(DEADLINE);
        }
    }
}
