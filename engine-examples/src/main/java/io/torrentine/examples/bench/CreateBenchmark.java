package io.torrentine.examples.bench;

import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentVersion;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times {@link TorrentCreator} on a file or folder and prints the throughput, one line per run:
 * {@code torrentine <version> <piece size> <threads> <seconds> <MB/s> <cpu seconds>}
 * (MB = 10^6 bytes; CPU seconds of the whole process during the run, all threads).
 *
 * <p>Usage: {@code java -cp torrentine.jar io.torrentine.examples.bench.CreateBenchmark
 * <path> <v1|v2|hybrid> <piece size in bytes> <threads> [runs]}. Each run hashes the source
 * afresh in this JVM; the first run includes JIT warm-up, so run it once before timing
 * comparisons or use more than one run. {@code engine-examples/scripts/bench-create.sh} runs it
 * interleaved with mktorrent and libtorrent.
 */
public final class CreateBenchmark {
    private CreateBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args path, version, piece size, threads, optional run count
     */
    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: CreateBenchmark <path> <v1|v2|hybrid> <piece size> <threads> [runs]");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        TorrentVersion version = TorrentVersion.valueOf(args[1].toUpperCase(Locale.ROOT));
        int pieceSize = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            long cpuStart = processCpuNanos(os);
            long start = System.nanoTime();
            CreatedTorrent torrent = TorrentCreator.builder(source).version(version)
                    .pieceSize(pieceSize).hashThreads(threads).omitCreationDate()
                    .build().create();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos(os) - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "torrentine %s %d %d %.3f %.1f %.3f%n",
                    version.name().toLowerCase(Locale.ROOT), pieceSize, threads, seconds,
                    torrent.totalSize() / seconds / 1e6, cpu);
        }
    }

    private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
