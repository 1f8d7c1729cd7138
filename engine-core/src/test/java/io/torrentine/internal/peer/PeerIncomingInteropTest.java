package io.torrentine.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.ProcessRunner;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrentine as the seed, a real libtorrent 2.0 as the downloader on 127.0.0.1 (TCP only,
 * DHT/LSD/UPnP/NAT-PMP off, see INTEROP-NOTES.md). libtorrent knows only the info-hash from a
 * magnet link and dials our {@link PeerAcceptor}: it must take the metadata from us by BEP 9
 * ut_metadata, then every block by BEP 3 requests; the file it writes must equal ours.
 */
@Tag("interop")
class PeerIncomingInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private PeerAcceptor acceptor;

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        if (acceptor != null) {
            acceptor.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void libtorrentDownloadsMetadataAndFileFromOurAcceptor() throws Exception {
        Path python = ExternalTool.requirePythonLibtorrent();
        // Not a multiple of the piece or block size, so the last piece and block are short.
        byte[] data = new byte[400_003];
        new Random(23).nextBytes(data);
        Path content = dir.resolve("content");
        Files.createDirectories(content);
        Path file = content.resolve("payload.bin");
        Files.write(file, data);
        CreatedTorrent created = TorrentCreator.builder(file).version(TorrentVersion.V1).pieceSize(PIECE).build().create();
        TorrentInfo info = TorrentInfo.parse(created.bytes());

        SeedingListener seeder = new SeedingListener(data, info);
        PeerTorrent seeding = new PeerTorrent(created.infoHashes().id(), info.pieceCount(),
                OptionalInt.of(info.infoDictionarySize()), seeder);
        List<PeerConnection> accepted = new CopyOnWriteArrayList<>();
        acceptor = PeerAcceptor.bind(group, new InetSocketAddress("127.0.0.1", 0),
                PeerConnectionConfig.defaults(PeerId.generate(new SecureRandom())),
                h -> h.equals(seeding.infoHash()) ? Optional.of(seeding) : Optional.empty(), accepted::add)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        Path script = dir.resolve("lt_fetch.py");
        try (InputStream in = PeerIncomingInteropTest.class.getResourceAsStream("lt_fetch.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path download = dir.resolve("download");
        Files.createDirectories(download);
        // Info-hash only: no name, no tracker, no peer, so the metadata can only come from us.
        String magnet = "magnet:?xt=urn:btih:" + created.infoHashes().id().toHex();
        ProcessRunner.Result result = ProcessRunner.run(List.of(python.toString(), script.toString(), magnet,
                download.toString(), Integer.toString(acceptor.localAddress().getPort())), dir, DEADLINE);
        assertThat(result.exitCode()).as("%s\nour side closed with: %s", result,
                accepted.stream().map(c -> c.closeCause().map(Throwable::toString).orElse("-")).toList() + " after " + seeder.messages).isZero();
        assertThat(result.stdout()).contains("done");

        assertThat(Files.readAllBytes(download.resolve("payload.bin"))).isEqualTo(data);

        // Plaintext from the start: one connection, and its handshake passed.
        assertThat(accepted).hasSize(1);
        PeerConnection connection = accepted.get(0);
        assertThat(connection.isOutgoing()).isFalse();
        assertThat(connection.handshakeFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).peerId().client())
                .hasValueSatisfying(c -> assertThat(c).startsWith("libtorrent"));
        // libtorrent had only the info-hash: it asked us for the metadata (BEP 9).
        assertThat(seeder.metadata).anyMatch(m -> m instanceof UtMetadataMessage.Request);
        assertThat(seeder.messages).anyMatch(m -> m instanceof PeerMessage.Interested);
        assertThat(seeder.messages).filteredOn(m -> m instanceof PeerMessage.Request)
                .hasSizeGreaterThanOrEqualTo((data.length + 16383) / 16384);
        // The process has ended, so its connection closes; we did not fail it.
        Optional<Throwable> cause = seeder.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(cause).isEmpty();
    }
}
