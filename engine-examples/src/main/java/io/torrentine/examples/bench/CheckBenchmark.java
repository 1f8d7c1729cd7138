package io.torrentine.examples.bench;

import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.spi.CheckResult;
import io.torrentine.spi.StorageCheck;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times checking existing data ({@link StorageCheck} over the default file storage) several
 * times in one JVM and prints one line per run:
 * {@code torrentine-warm <threads> <run> <seconds> <MB/s> <have>/<pieces> <cpu seconds>}
 * (MB = 10^6 bytes; CPU seconds of the whole process during the run).
 *
 * <p>Usage: {@code java -cp torrentine.jar io.torrentine.examples.bench.CheckBenchmark
 * <file.torrent> <save path> <threads> [runs]}. The first run includes JIT warm-up; the later
 * ones are the warm figure. {@code engine-examples/scripts/bench-check.sh} runs it interleaved
 * with the CLI and libtorrent's {@code force_recheck}.
 */
public final class CheckBenchmark {
    private CheckBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args torrent file, save path, threads, optional run count
     * @throws IOException if the torrent cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: CheckBenchmark <file.torrent> <save path> <threads> [runs]");
            System.exit(2);
        }
        TorrentInfo torrent = TorrentInfo.load(Path.of(args[0]));
        Path savePath = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        StorageFactory files = StorageFactory.files();
        for (int run = 1; run <= runs; run++) {
            long cpuStart = processCpuNanos(os);
            CheckResult result;
            try (TorrentStorage storage = files.open(StorageParams.of(torrent, savePath))) {
                result = StorageCheck.builder(torrent, storage).threads(threads).start().join();
            }
            double seconds = result.elapsed().toNanos() / 1e9;
            double cpu = (processCpuNanos(os) - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "torrentine-warm %d %d %.3f %.1f %d/%d %.3f%n", threads, run, seconds,
                    result.bytesChecked() / seconds / 1e6, result.havePieces(), result.pieceCount(), cpu);
        }
    }

    private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
