import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.Session;
import io.torrentine.session.SessionSettings;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentState;
import io.torrentine.session.TorrentStatus;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A warm-JVM probe for docs/benchmarks.md: downloads one torrent from one peer N times in one
 * JVM and session (each time into an empty directory, which is deleted afterwards) and prints each
 * download's time and rate, from its first payload byte to every piece verified, sampled every
 * 20 ms as `torrentine download --json --status-interval 20` does. The first run pays the JIT
 * compilation the bench's fresh downloader pays; the later ones show the engine once compiled.
 *
 * Usage (source-file mode, Java 17; run with -Xmx256m like the bench):
 *   java -Xmx256m -cp engine-examples/target/torrentine.jar engine-examples/scripts/WarmDownload.java \
 *       <file.torrent> <peer port on 127.0.0.1> <work dir> <runs>
 */
public final class WarmDownload {
    public static void main(String[] args) throws Exception {
        TorrentInfo info = TorrentInfo.load(Path.of(args[0]));
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        Path work = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        SessionSettings settings = SessionSettings.builder()
                .listenAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        try (Session session = Session.start(settings)) {
            for (int run = 1; run <= runs; run++) {
                Path dir = Files.createDirectories(work.resolve("warm-" + run));
                TorrentHandle h = session.add(AddTorrentParams.fromTorrent(info, dir)).join();
                h.connectPeer(peer).join();
                long start = -1;
                long deadline = System.nanoTime() + 300_000_000_000L;
                while (true) {
                    TorrentStatus s = h.status().join();
                    long now = System.nanoTime();
                    if (s.totalDownloaded() == 0) {
                        start = now;
                    } else if (s.state() == TorrentState.SEEDING || s.state() == TorrentState.FINISHED) {
                        double seconds = (now - start) / 1e9;
                        System.out.printf("run %d: %.3f s, %.1f MB/s%n", run, seconds, info.totalSize() / 1e6 / seconds);
                        break;
                    }
                    if (now > deadline) {
                        throw new IllegalStateException("run " + run + " timed out: " + s);
                    }
                    Thread.sleep(20);
                }
                session.remove(h, true).join();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
