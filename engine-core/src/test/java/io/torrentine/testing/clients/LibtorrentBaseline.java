package io.torrentine.testing.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark's reference: one libtorrent downloader fetching one torrent from one libtorrent
 * seed on 127.0.0.1 over TCP, both with 4 MiB socket buffers (INTEROP-NOTES.md), and the
 * downloader's time, rate, peak RSS and CPU time. Compare clients only within one run, with
 * their runs interleaved: runs on this machine vary by up to 45 %.
 */
public final class LibtorrentBaseline {
    /** Socket buffers on both ends: what loopback needs for 100+ MB/s (INTEROP-NOTES.md). */
    public static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private LibtorrentBaseline() {
    }

    /**
     * The downloader's figures.
     *
     * @param bytes the torrent's size
     * @param seconds from adding the torrent to the data being flushed to disk, as libtorrent
     *     measured it (process start-up and the seed's check are not counted)
     * @param megabytesPerSecond {@code bytes / seconds / 10^6}
     * @param peakRssBytes the downloader process's peak RSS, read right after it finished
     * @param cpuSeconds the downloader process's user + system CPU time at that moment, start-up
     *     included
     */
    public record Result(long bytes, double seconds, double megabytesPerSecond, long peakRssBytes,
                         double cpuSeconds) {
        /** One line for a benchmark report. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "libtorrent: %d bytes in %.3f s, %.1f MB/s, peak RSS %.1f MiB, CPU %.2f s",
                    bytes, seconds, megabytesPerSecond, peakRssBytes / 1048576.0, cpuSeconds);
        }
    }

    /**
     * Seeds a torrent with libtorrent and downloads it with another libtorrent into an empty
     * directory; checks the result byte for byte.
     *
     * @param torrent the torrent and its data (the seed's save path)
     * @param downloadDir an empty directory for the downloader
     * @param timeout how long the download may take
     * @return the downloader's figures
     * @throws AssertionError on timeout or if the downloaded content differs
     */
    public static Result run(TestTorrent torrent, Path downloadDir, Duration timeout) {
        LibtorrentClient.Options options = LibtorrentClient.Options.defaults().withSocketBuffers(SOCKET_BUFFER_BYTES);
        try (LibtorrentClient seed = LibtorrentClient.seed(torrent.torrentFile(), torrent.dataDir(), options);
             LibtorrentClient downloader = LibtorrentClient.download(torrent.torrentFile(), downloadDir,
                     options.withPeers(java.util.List.of(seed.address())))) {
            Duration took = downloader.awaitFinished(timeout);
            long rss = downloader.peakRssBytes();
            double cpu = downloader.cpuSeconds();
            torrent.assertSameContentIn(downloadDir);
            double seconds = took.toNanos() / 1e9;
            return new Result(torrent.totalSize(), seconds, torrent.totalSize() / seconds / 1e6, rss, cpu);
        }
    }

    /**
     * Runs the baseline from the command line: {@code LibtorrentBaseline [MiB] [runs]} (default
     * 256 MiB, 3 runs) on a payload in a temporary directory, with pieces of libtorrent's
     * automatic size; prints one line per run.
     *
     * @param args the size in MiB and the number of runs
     */
    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir;
        try {
            dir = Files.createTempDirectory("torrentine-baseline-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TestTorrent torrent = TestTorrents.singleFile(dir, "payload.bin", mib << 20, 1, 0);
            for (int i = 0; i < runs; i++) {
                Path download = dir.resolve("download-" + i);
                Files.createDirectories(download);
                System.out.println(run(torrent, download, Duration.ofMinutes(10)));
                deleteRecursively(download);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
