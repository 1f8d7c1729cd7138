package io.torrentine.examples.cli;

import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.Session;
import io.torrentine.session.SessionSettings;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code torrentine demo}: a swarm on loopback with no network needed. It makes a payload,
 * seeds it from one session, downloads it into another, shows the progress and checks that the
 * copy is identical.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Make a payload, seed it from one session and download it into another on"
                + " loopback, showing progress; then verify the copy.",
        footer = {"", "Exit status: 0 the copy is identical, 1 it is not or the download failed."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--size", paramLabel = "MIB", description = "Payload size in MiB (default ${DEFAULT-VALUE}).")
    private int sizeMib = 256;

    @Option(names = "--piece-size", paramLabel = "KIB", description = "Piece size in KiB (default ${DEFAULT-VALUE}).")
    private int pieceKib = 512;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: a new temporary one, deleted after).")
    private Path dir;

    @Option(names = "--json", description = "One JSON line per second on stdout instead of a progress bar.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    private long timeoutSeconds = 600;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sizeMib < 1 || pieceKib < 16 || Integer.bitCount(pieceKib) != 1) {
            err.println("torrentine demo: INVALID_OPTION: --size must be positive and --piece-size a power of two >= 16");
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        }
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("torrentine-demo") : Files.createDirectories(dir);
        try {
            Path seedDir = Files.createDirectories(work.resolve("seed"));
            Path leechDir = work.resolve("leech");
            if (Files.exists(leechDir)) {
                deleteTree(leechDir); // a reused --dir: the download starts from nothing every time
            }
            Files.createDirectories(leechDir);
            Path payload = seedDir.resolve("demo-payload.bin");
            err.printf(Locale.ROOT, "making a %d MiB payload in %s%n", sizeMib, payload);
            err.flush();
            byte[] expected = writePayload(payload, (long) sizeMib << 20);
            CreatedTorrent created = TorrentCreator.builder(payload).pieceSize(pieceKib * 1024).build().create();
            TorrentInfo info = TorrentInfo.parse(created.bytes());
            Files.write(work.resolve("demo.torrent"), created.bytes());

            SessionSettings loopback = SessionSettings.builder()
                    .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                    .allowMultipleConnectionsPerIp(true).localServiceDiscovery(false).build();
            try (Session seeder = Session.start(loopback); Session leecher = Session.start(loopback)) {
                TorrentHandle seed = seeder.add(AddTorrentParams.fromTorrent(info, seedDir)).join();
                TorrentStatus checked = SessionRunner.awaitChecked(seed);
                err.printf(Locale.ROOT, "seeding %s (%d pieces) on %s: %s%n", info.name(), info.pieceCount(),
                        seeder.listenAddress(), checked.state().name().toLowerCase(Locale.ROOT));
                err.flush();
                TorrentHandle leech = leecher.add(AddTorrentParams.fromTorrent(info, leechDir)).join();
                leech.connectPeer(seeder.listenAddress()).join();
                long start = System.nanoTime();
                int status = SessionRunner.run(leech, "Downloading", json, false, timeoutSeconds, out, err,
                        TorrentStatus::isFinished);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (status != 0) {
                    return status;
                }
                leecher.remove(leech, false).join();
                byte[] actual = sha256(leechDir.resolve(payload.getFileName()));
                boolean same = Arrays.equals(expected, actual);
                out.printf(Locale.ROOT, "downloaded %d MiB in %.2f s (%.1f MB/s); SHA-256 %s: %s%n", sizeMib, seconds,
                        ((long) sizeMib << 20) / seconds / 1e6, HexFormat.of().formatHex(actual),
                        same ? "identical to the seed's" : "DIFFERENT from the seed's");
                out.flush();
                return same ? 0 : 1;
            }
        } finally {
            if (temporary) {
                deleteTree(work);
            }
        }
    }

    private static byte[] writePayload(Path file, long size) throws IOException {
        MessageDigest sha = sha256();
        SplittableRandom random = new SplittableRandom(size);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += chunk.length) {
                int n = (int) Math.min(chunk.length, size - done);
                for (int i = 0; i < n; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8 && i + b < n; b++) {
                        chunk[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                o.write(chunk, 0, n);
                sha.update(chunk, 0, n);
            }
        }
        return sha.digest();
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
