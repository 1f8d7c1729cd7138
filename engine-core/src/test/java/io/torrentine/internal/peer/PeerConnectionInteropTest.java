package io.torrentine.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.wire.Handshake;
import io.torrentine.internal.peer.wire.PeerId;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrentine against a real libtorrent seed on 127.0.0.1 (TCP only, DHT/LSD/UPnP/NAT-PMP off, see
 * INTEROP-NOTES.md): handshake with the BEP 6 and BEP 10 bits, extension handshake, have-all,
 * metadata by BEP 9 ut_metadata checked against the info-hash, interested, unchoke, and blocks
 * checked against the file.
 */
@Tag("interop")
class PeerConnectionInteropTest {
    private static final long DEADLINE_S = 60;
    private static final int PIECE = 32 * 1024;

    @TempDir
    static Path dir;
    private static Process seed;
    private static byte[] data;
    private static CreatedTorrent created;
    private static TorrentInfo info;
    private static int port;
    private static EventLoopGroup group;

    @BeforeAll
    static void startSeed() throws Exception {
        Path python = ExternalTool.requirePythonLibtorrent();
        data = new byte[300_001];
        new Random(11).nextBytes(data);
        Path content = dir.resolve("content");
        Files.createDirectories(content);
        Path file = content.resolve("payload.bin");
        Files.write(file, data);
        created = TorrentCreator.builder(file).version(TorrentVersion.V1).pieceSize(PIECE).build().create();
        info = TorrentInfo.parse(created.bytes());
        Path torrentFile = dir.resolve("payload.torrent");
        Files.write(torrentFile, created.bytes());
        Path script = dir.resolve("lt_seed.py");
        try (InputStream in = PeerConnectionInteropTest.class.getResourceAsStream("lt_seed.py")) {
            Files.write(script, in.readAllBytes());
        }
        seed = new ProcessBuilder(python.toString(), script.toString(), torrentFile.toString(), content.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Integer> portFuture = new CompletableFuture<>();
        CompletableFuture<Void> seeding = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLines(seed.getInputStream(), portFuture, seeding), "lt_seed stdout");
        reader.setDaemon(true);
        reader.start();
        port = portFuture.get(DEADLINE_S, TimeUnit.SECONDS);
        seeding.get(DEADLINE_S, TimeUnit.SECONDS);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    private static void readLines(InputStream stream, CompletableFuture<Integer> portFuture,
                                  CompletableFuture<Void> seeding) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("port ")) {
                    portFuture.complete(Integer.parseInt(line.substring(5).trim()));
                } else if (line.equals("seeding")) {
                    seeding.complete(null);
                }
            }
        } catch (IOException e) {
            // The process ended; the futures below report it.
        }
        IllegalStateException ended = new IllegalStateException("lt_seed.py ended early");
        portFuture.completeExceptionally(ended);
        seeding.completeExceptionally(ended);
    }

    @AfterAll
    static void stopSeed() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
        if (seed != null) {
            ProcessRunner.kill(seed);
            seed.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void downloadsMetadataAndBlocksFromLibtorrent() throws Exception {
        int lastPiece = info.pieceCount() - 1;
        int lastLength = data.length - lastPiece * PIECE;
        List<PeerMessage.Request> wanted = List.of(new PeerMessage.Request(0, 0, 16384),
                new PeerMessage.Request(0, 16384, 16384), new PeerMessage.Request(4, 0, 16384),
                new PeerMessage.Request(lastPiece, 0, lastLength));
        FetchingListener fetcher = new FetchingListener(created.infoHashes(), wanted);
        PeerTorrent torrent = new PeerTorrent(created.infoHashes().id(), info.pieceCount(), OptionalInt.empty(), fetcher);
        PeerConnectionConfig config = PeerConnectionConfig.defaults(PeerId.generate(new SecureRandom()));
        PeerConnection connection = new PeerDialer(group, config)
                .dial(new InetSocketAddress("127.0.0.1", port), torrent, Duration.ofSeconds(10))
                .get(DEADLINE_S, TimeUnit.SECONDS);

        Handshake theirs = connection.handshakeFuture().get(DEADLINE_S, TimeUnit.SECONDS);
        assertThat(theirs.infoHash()).isEqualTo(created.infoHashes().id());
        assertThat(theirs.peerId().client()).hasValueSatisfying(c -> assertThat(c).startsWith("libtorrent"));
        assertThat(connection.fastExtension()).isTrue();
        assertThat(connection.extensionProtocol()).isTrue();

        ExtensionHandshake extensions = fetcher.extensionHandshake.get(DEADLINE_S, TimeUnit.SECONDS);
        assertThat(extensions.idOf(ExtensionHandshake.UT_METADATA)).isPresent();
        assertThat(extensions.metadataSize()).hasValue(info.infoDictionarySize());

        TorrentInfo fetched = fetcher.metadataFuture.get(DEADLINE_S, TimeUnit.SECONDS);
        assertThat(fetched.infoDictionary()).isEqualTo(info.infoDictionary());

        fetcher.unchoked.get(DEADLINE_S, TimeUnit.SECONDS);
        Map<PeerMessage.Request, byte[]> blocks = fetcher.blocksFuture.get(DEADLINE_S, TimeUnit.SECONDS);
        for (PeerMessage.Request r : wanted) {
            int from = r.index() * PIECE + r.begin();
            assertThat(blocks.get(r)).as("block %s", r).isEqualTo(Arrays.copyOfRange(data, from, from + r.length()));
        }
        // A seed announces have-all (BEP 6) or a full bitfield.
        assertThat(connection.channel().eventLoop().submit(connection::peerPieceCount).get(DEADLINE_S, TimeUnit.SECONDS))
                .isEqualTo(info.pieceCount());
        assertThat(fetcher.closed).isNotDone();

        connection.channel().close().get(DEADLINE_S, TimeUnit.SECONDS);
        assertThat(fetcher.closed.get(DEADLINE_S, TimeUnit.SECONDS)).isEmpty();
    }
}
