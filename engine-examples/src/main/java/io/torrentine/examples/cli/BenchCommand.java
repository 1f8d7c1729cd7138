package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code torrentine bench}: the loopback throughput benchmark of issue 5. One torrent (a single
 * file of random data, 512 KiB pieces, v1) is seeded by libtorrent and by Torrentine, each in a
 * process of its own for the whole bench, and downloaded five ways, each into an empty
 * directory: (1) libtorrent to Torrentine, (2) libtorrent to libtorrent, (3) Torrentine to
 * libtorrent, (4) Torrentine to Torrentine, each downloader a fresh process; and (5) libtorrent
 * to Torrentine again, by one Torrentine process that makes every round's download (see
 * {@link BenchTransfer#LIBTORRENT_TO_TORRENTINE_ONE_JVM}). The five are interleaved in rounds.
 * For each download it prints the transfer time (see {@link TransferProbe}), the rate, and the
 * downloader's peak RSS and CPU seconds per GiB; then the ratios (1)/(2), (3)/(2), (4)/(2) and
 * (5)/(2).
 *
 * <p>Everything runs on 127.0.0.1; every process it starts is ended by PID when the bench ends
 * (also on Ctrl-C, through a shutdown hook) and every wait is bounded by {@code --timeout}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time downloads of one torrent on loopback: libtorrent -> Torrentine, libtorrent ->"
                + " libtorrent, Torrentine -> libtorrent and Torrentine -> Torrentine, interleaved in rounds;"
                + " print a table and the ratios. Needs Debian's /usr/bin/python3 with python3-libtorrent.",
        footer = {"", "Exit status: 0 every download finished, 1 one failed or timed out (the reason and the"
                + " last lines of the process are on stderr), 2 an option was rejected."})
final class BenchCommand implements Callable<Integer> {
    /** 512 KiB, libtorrent's automatic piece size for 1 GiB and the issue's. */
    static final int PIECE_SIZE = 512 * 1024;
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT = "bench_libtorrent.py";
    private static final String LOOPBACK = "127.0.0.1";
    /** The downloader's heap (issue 5); the seed gets the same. */
    private static final String HEAP = "-Xmx256m";
    private static final Pattern TORRENTINE_SEED_PORT = Pattern.compile("on port (\\d+)");
    private static final Pattern LIBTORRENT_SEED_PORT = Pattern.compile("\"port\"\\s*:\\s*(\\d+)");
    private static final double MIB = 1 << 20;
    private static final double GIB = 1 << 30;

    @Spec
    private CommandSpec spec;

    @Option(names = "--size", paramLabel = "MIB", description = "Size of the torrent's single file in MiB (default ${DEFAULT-VALUE}).")
    private int sizeMib = 1024;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of the four downloads (default ${DEFAULT-VALUE}).")
    private int rounds = 1;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work directory, kept and reused: the payload and torrent made there once"
                    + " (default: a new temporary directory under /tmp, deleted after).")
    private Path dir;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Longest wait for a seed to start or a download to finish (default ${DEFAULT-VALUE}).")
    private long timeoutSeconds = 300;

    @Option(names = "--status-interval", paramLabel = "MILLIS",
            description = "How often each downloader reports its status, the resolution of the timing"
                    + " (default ${DEFAULT-VALUE}).")
    private int statusIntervalMillis = 20;

    @Option(names = "--jvm-option", paramLabel = "OPTION",
            description = "An extra option for the Torrentine processes' JVMs, e.g. -XX:+UseParallelGC (repeatable).")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--json", description = "Print the results as one JSON document instead of a table.")
    private boolean json;

    private final Set<BenchChild> live = ConcurrentHashMap.newKeySet();
    /** Guards starting a child against the shutdown hook ending them all. */
    private final Object lifecycle = new Object();
    /** Set by the shutdown hook: no child may start after it. */
    private boolean shuttingDown;

    /**
     * One download's figures (or, with round 0, the medians of one transfer over the rounds).
     *
     * @param round the round, from 1
     * @param transfer which of the four
     * @param seconds the transfer time ({@link TransferProbe})
     * @param megabytesPerSecond the torrent's size in 10^6 bytes over {@code seconds}
     * @param secondHalfMegabytesPerSecond the rate from the line reporting half the torrent to the end
     * @param peakRssMib the downloader's {@code VmHWM}, MiB: anonymous and file-backed pages
     * @param peakAnonMib the downloader's largest {@code RssAnon} seen, MiB: without mapped file pages
     * @param cpuSecondsPerGib the downloader's CPU seconds over the transfer per GiB of torrent
     * @param cpuSeconds the downloader's CPU seconds over the transfer
     * @param jitSecondsPerGib the part of {@code cpuSecondsPerGib} spent compiling (JVM JIT threads)
     * @param seedCpuSecondsPerGib the seed's CPU seconds over the transfer per GiB, NaN if unknown
     * @param load the 1-minute load average when the downloader started, NaN for medians
     * @param meanStatusMillis the mean time between the downloader's status lines: the timing's resolution
     * @param endFromEarlierLine whether the end figures came from the line before the last
     */
    record Run(int round, BenchTransfer transfer, double seconds, double megabytesPerSecond,
               double secondHalfMegabytesPerSecond, double peakRssMib,
               double peakAnonMib, double cpuSecondsPerGib, double cpuSeconds, double jitSecondsPerGib,
               double seedCpuSecondsPerGib, double load, double meanStatusMillis,
               boolean endFromEarlierLine) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sizeMib < 1 || rounds < 1 || timeoutSeconds < 1 || statusIntervalMillis < 1) {
            err.println("torrentine bench: INVALID_OPTION: --size, --rounds, --timeout and --status-interval"
                    + " must be positive");
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        }
        String missing = libtorrentMissing();
        if (missing != null) {
            err.println("torrentine bench: " + missing);
            err.flush();
            return 1;
        }
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory(Path.of("/tmp"), "torrentine-bench")
                : Files.createDirectories(dir);
        Thread hook = new Thread(() -> {
            synchronized (lifecycle) {
                shuttingDown = true;
            }
            endAll();
        }, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return bench(work, out, err);
        } catch (BenchFailure e) {
            err.println("torrentine bench: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            endAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs anyway.
            }
            if (temporary) {
                deleteTree(work);
            }
        }
    }

    private int bench(Path work, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Path data = Files.createDirectories(work.resolve("data"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path payload = data.resolve("bench-" + sizeMib + "MiB.bin");
        Path torrentFile = work.resolve("bench-" + sizeMib + "MiB.torrent");
        TorrentInfo torrent = prepare(payload, torrentFile, err);
        Path script = work.resolve(SCRIPT);
        try (InputStream in = BenchCommand.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the class path");
            }
            Files.write(script, in.readAllBytes());
        }
        warm(payload);
        long ticks = ProcStats.clockTicksPerSecond();
        double loadBefore = ProcStats.loadAverage();
        err.printf(Locale.ROOT, "starting the seeds (load average %.2f)%n", loadBefore);
        err.flush();
        // A seed outlives every download: its own timeout bounds it even if this JVM dies unseen.
        long seedLifetime = timeoutSeconds * ((long) BenchTransfer.values().length * rounds + 2) + 60;
        CompletableFuture<Integer> ltPort = new CompletableFuture<>();
        CompletableFuture<Integer> ttPort = new CompletableFuture<>();
        BenchChild ltSeed = start("libtorrent-seed", List.of(PYTHON.toString(), script.toString(), "seed",
                torrentFile.toString(), data.toString(), Long.toString(seedLifetime)), logs,
                portListener(LIBTORRENT_SEED_PORT, ltPort), ignore());
        List<String> ttSeedCommand = javaCommand();
        ttSeedCommand.addAll(List.of("seed", torrentFile.toString(), "--save-path", data.toString(),
                "--listen", "0", "--bind", LOOPBACK, "--timeout", Long.toString(seedLifetime)));
        BenchChild ttSeed = start("torrentine-seed", ttSeedCommand, logs, ignore(),
                portListener(TORRENTINE_SEED_PORT, ttPort));
        Map<Boolean, Integer> seedPorts = Map.of(false, await(ltSeed, ltPort), true, await(ttSeed, ttPort));
        err.printf(Locale.ROOT, "libtorrent seeds on %s:%d, torrentine on %s:%d%n", LOOPBACK, seedPorts.get(false),
                LOOPBACK, seedPorts.get(true));
        err.flush();
        List<String> oneJvmCommand = javaCommand();
        oneJvmCommand.addAll(List.of("bench-downloader", torrentFile.toString(),
                "--peer", LOOPBACK + ":" + seedPorts.get(false), "--bind", LOOPBACK,
                "--status-interval", Integer.toString(statusIntervalMillis), "--timeout", Long.toString(timeoutSeconds)));
        OneJvmDownloader oneJvm = new OneJvmDownloader();
        oneJvm.child = start("torrentine-one-jvm-downloader", oneJvmCommand, logs, oneJvm, ignore());

        Path download = work.resolve("download");
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            warm(payload);
            for (BenchTransfer t : BenchTransfer.values()) {
                checkAlive(ltSeed);
                checkAlive(ttSeed);
                deleteTree(download);
                Files.createDirectories(download);
                BenchChild seed = t.torrentineSeed() ? ttSeed : ltSeed;
                Run run = t.oneDownloaderJvm() ? downloadInOneJvm(round, t, torrent, download, oneJvm, seed, ticks)
                        : download(round, t, torrent, torrentFile, script, download, seedPorts.get(t.torrentineSeed()),
                        seed, logs, ticks);
                deleteTree(download);
                runs.add(run);
                err.printf(Locale.ROOT, "round %d %s: %.2f s, %.1f MB/s%n", round, t.label(), run.seconds(),
                        run.megabytesPerSecond());
                err.flush();
            }
        }
        double loadAfter = ProcStats.loadAverage();
        endAll();
        if (json) {
            out.println(Json.write(report(torrent, runs, ticks, loadBefore, loadAfter)));
        } else {
            printTable(out, torrent, runs, loadBefore, loadAfter);
        }
        out.flush();
        return 0;
    }

    private Run download(int round, BenchTransfer transfer, TorrentInfo torrent, Path torrentFile, Path script,
                         Path download, int seedPort, BenchChild seed, Path logs, long ticks)
            throws IOException, InterruptedException {
        List<String> command;
        if (transfer.torrentineDownloader()) {
            command = javaCommand();
            command.addAll(List.of("download", torrentFile.toString(), "--save-path", download.toString(),
                    "--peer", LOOPBACK + ":" + seedPort, "--listen", "0", "--bind", LOOPBACK, "--json",
                    "--status-interval", Integer.toString(statusIntervalMillis),
                    "--timeout", Long.toString(timeoutSeconds)));
        } else {
            command = List.of(PYTHON.toString(), script.toString(), "download", torrentFile.toString(),
                    download.toString(), Integer.toString(seedPort), Integer.toString(statusIntervalMillis),
                    Long.toString(timeoutSeconds));
        }
        double load = ProcStats.loadAverage();
        TransferProbe probe = new TransferProbe(seed.pid(), torrent.totalSize());
        String name = "round" + round + "-" + transfer.number() + "-" + transfer.seedClient() + "-to-"
                + transfer.downloaderClient();
        try (BenchChild child = start(name, command, logs, probe, ignore())) {
            TransferProbe.Measurement m = await(child, probe.result());
            OptionalInt exit = child.waitFor(Duration.ofSeconds(timeoutSeconds));
            if (exit.isEmpty() || exit.getAsInt() != 0) {
                throw new BenchFailure(child.name() + " finished the download but then "
                        + (exit.isEmpty() ? "did not exit" : "exited with status " + exit.getAsInt()) + ":\n"
                        + child.tail());
            }
            return run(round, transfer, torrent, m, load, ticks);
        } finally {
            live.removeIf(c -> !c.isAlive());
        }
    }

    /**
     * Transfer (5): the long-lived downloader, idle since its last download, is handed the
     * directory and timed by its status lines like a fresh one; then it removes the torrent
     * from its session and says it is idle again.
     */
    private Run downloadInOneJvm(int round, BenchTransfer transfer, TorrentInfo torrent, Path download,
                                 OneJvmDownloader downloader, BenchChild seed, long ticks)
            throws IOException, InterruptedException {
        BenchChild child = downloader.child;
        await(child, downloader.ready);
        double load = ProcStats.loadAverage();
        TransferProbe probe = new TransferProbe(seed.pid(), torrent.totalSize());
        downloader.ready = new CompletableFuture<>();
        downloader.probe = probe;
        child.send(download.toAbsolutePath().toString());
        TransferProbe.Measurement m = await(child, probe.result());
        await(child, downloader.ready);
        downloader.probe = ignore();
        return run(round, transfer, torrent, m, load, ticks);
    }

    private Run run(int round, BenchTransfer transfer, TorrentInfo torrent, TransferProbe.Measurement m, double load,
                    long ticks) {
        double seconds = m.nanos() / 1e9;
        double cpu = (double) m.cpuTicks() / ticks;
        double gib = torrent.totalSize() / GIB;
        double secondHalf = m.secondHalfNanos() > 0 ? m.secondHalfBytes() * 1e3 / m.secondHalfNanos() : Double.NaN;
        return new Run(round, transfer, seconds, torrent.totalSize() / seconds / 1e6, secondHalf,
                m.end().vmHwmKib() / 1024.0,
                m.peakRssAnonKib() / 1024.0, cpu / gib, cpu, (double) m.jitTicks() / ticks / gib,
                m.seedCpuTicks() < 0 ? Double.NaN : (double) m.seedCpuTicks() / ticks / gib, load,
                m.nanos() / 1e6 / Math.max(1, m.lines() - 1), m.endFromEarlierLine());
    }

    /**
     * The lines of transfer (5)'s downloader: status lines go to the current round's probe, and
     * {@link BenchDownloaderCommand#READY} completes {@link #ready}. Written by the bench's
     * thread, read by the child's stdout reader.
     */
    private static final class OneJvmDownloader implements BenchChild.LineListener {
        private BenchChild child;
        private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
        private volatile BenchChild.LineListener probe = ignore();

        @Override
        public void line(long pid, long arrivalNanos, String line) {
            if (line.equals(BenchDownloaderCommand.READY)) {
                ready.complete(null);
            } else {
                probe.line(pid, arrivalNanos, line);
            }
        }
    }

    /** The payload and torrent: made unless a previous run with {@code --dir} left them. */
    private TorrentInfo prepare(Path payload, Path torrentFile, PrintWriter err) throws IOException {
        long size = (long) sizeMib << 20;
        boolean havePayload = Files.isRegularFile(payload) && Files.size(payload) == size;
        if (havePayload && Files.isRegularFile(torrentFile)) {
            try {
                TorrentInfo existing = TorrentInfo.load(torrentFile);
                if (existing.totalSize() == size && existing.pieceLength() == PIECE_SIZE
                        && existing.name().equals(payload.getFileName().toString())) {
                    err.println("reusing " + payload + " and " + torrentFile);
                    err.flush();
                    return existing;
                }
            } catch (InvalidMetainfoException e) {
                // Made again below.
            }
        }
        if (!havePayload) {
            err.printf(Locale.ROOT, "writing %d MiB of random data to %s%n", sizeMib, payload);
            err.flush();
            writeRandom(payload, size);
        }
        err.println("creating " + torrentFile);
        err.flush();
        byte[] bytes = TorrentCreator.builder(payload).version(TorrentVersion.V1).pieceSize(PIECE_SIZE)
                .omitCreationDate().build().create().bytes();
        Files.write(torrentFile, bytes);
        return TorrentInfo.parse(bytes);
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(size);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; ) {
                chunk.clear();
                while (chunk.remaining() >= Long.BYTES) {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip();
                chunk.limit((int) Math.min(chunk.limit(), size - done));
                while (chunk.hasRemaining()) {
                    done += ch.write(chunk);
                }
            }
        }
    }

    /** Reads the payload once so that the seeds serve it from the page cache. */
    private static void warm(Path payload) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(payload, StandardOpenOption.READ)) {
            while (ch.read(buffer) >= 0) {
                buffer.clear();
            }
        }
    }

    /**
     * The options every Torrentine process of the bench runs with: the heap, the launcher's, then
     * the {@code --jvm-option}s (the JVM takes the last where two set the same option).
     */
    List<String> torrentineJvmOptions() {
        List<String> options = new ArrayList<>();
        options.add(HEAP);
        options.addAll(LauncherJvmOptions.DEFAULTS);
        options.addAll(jvmOptions);
        return options;
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(torrentineJvmOptions());
        command.add("-cp");
        // The jar this runs from (./torrentine), or the build's class path when run from a test.
        command.add(System.getProperty("java.class.path"));
        command.add(TorrentineCli.class.getName());
        return command;
    }

    private BenchChild start(String name, List<String> command, Path logs, BenchChild.LineListener stdout,
                             BenchChild.LineListener stderr) throws IOException {
        synchronized (lifecycle) {
            if (shuttingDown) {
                throw new BenchFailure("interrupted");
            }
            BenchChild child = BenchChild.start(name, command, logs.resolve(name + ".log"), stdout, stderr);
            live.add(child);
            return child;
        }
    }

    private void endAll() {
        for (BenchChild c : List.copyOf(live)) {
            c.close();
            live.remove(c);
        }
    }

    private static BenchChild.LineListener portListener(Pattern pattern, CompletableFuture<Integer> port) {
        return (pid, nanos, line) -> {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                port.complete(Integer.parseInt(m.group(1)));
            }
        };
    }

    private static BenchChild.LineListener ignore() {
        return (pid, nanos, line) -> { };
    }

    /** Waits for a child's result, failing early if it exits first, and at the timeout. */
    private <T> T await(BenchChild child, CompletableFuture<T> result) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            try {
                return result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!child.isAlive()) {
                    // Its last lines may still be on their way to the listener.
                    OptionalInt exit = child.waitFor(Duration.ZERO);
                    try {
                        return result.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException | ExecutionException again) {
                        throw new BenchFailure(child.name() + " exited (status " + exit.orElse(-1)
                                + ") before it was ready or done:\n" + child.tail());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure(child.name() + " timed out after " + timeoutSeconds + " s:\n"
                            + child.tail());
                }
            } catch (ExecutionException e) {
                throw new BenchFailure(child.name() + ": " + e.getCause().getMessage() + "\n" + child.tail());
            }
        }
    }

    private static void checkAlive(BenchChild seed) {
        if (!seed.isAlive()) {
            throw new BenchFailure(seed.name() + " has exited:\n" + seed.tail());
        }
    }

    /** Why libtorrent cannot be used, or null if it can. */
    private static String libtorrentMissing() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is missing (install python3 and python3-libtorrent)";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import libtorrent").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                p.getInputStream().transferTo(OutputStream.nullOutputStream());
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return null;
                }
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        }
        return PYTHON + " cannot import libtorrent (install python3-libtorrent)";
    }

    private void printTable(PrintWriter out, TorrentInfo torrent, List<Run> runs, double loadBefore, double loadAfter) {
        out.printf(Locale.ROOT, "Loopback swarm throughput: %s, %d MiB, %d pieces of %d KiB (v1), %d round(s);"
                        + " load average %.2f before, %.2f after%n", torrent.name(), torrent.totalSize() >> 20,
                torrent.pieceCount(), torrent.pieceLength() / 1024, rounds, loadBefore, loadAfter);
        out.println("Torrentine JVMs: " + String.join(" ", torrentineJvmOptions()));
        out.println("seconds: from the downloader's last status without payload to its first with every piece"
                + " verified; MB = 10^6 bytes; \"2nd half\": MB/s from its first status with half the torrent to the end;");
        out.println("the downloader's CPU (utime+stime over the same window) per GiB and the part of it in JIT"
                + " compiler threads, its peak RSS (VmHWM, which counts mapped file pages) and peak anonymous RSS"
                + " (RssAnon, sampled at each status line); the seed's CPU per GiB over the same window.");
        out.println();
        out.printf(Locale.ROOT, "%5s  %-38s %8s %8s %8s %10s %9s %9s %9s %9s %6s%n", "round",
                "transfer (seed -> downloader)", "seconds", "MB/s", "2nd half", "CPU s/GiB", "of it JIT", "RSS MiB",
                "anon MiB", "seed CPU", "load");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "%5d  %-38s %8.3f %8.1f %8.1f %10.2f %9.2f %9.1f %9.1f %9.2f %6.2f%n", r.round(),
                    r.transfer().label(), r.seconds(), r.megabytesPerSecond(), r.secondHalfMegabytesPerSecond(),
                    r.cpuSecondsPerGib(), r.jitSecondsPerGib(), r.peakRssMib(), r.peakAnonMib(),
                    r.seedCpuSecondsPerGib(), r.load());
        }
        Map<BenchTransfer, Run> medians = medians(runs);
        if (rounds > 1) {
            out.println();
            out.println("medians over " + rounds + " rounds:");
            for (Run r : medians.values()) {
                out.printf(Locale.ROOT, "%5s  %-38s %8.3f %8.1f %8.1f %10.2f %9.2f %9.1f %9.1f %9.2f%n", "med",
                        r.transfer().label(), r.seconds(), r.megabytesPerSecond(), r.secondHalfMegabytesPerSecond(),
                        r.cpuSecondsPerGib(), r.jitSecondsPerGib(), r.peakRssMib(), r.peakAnonMib(),
                        r.seedCpuSecondsPerGib());
            }
        }
        out.println();
        Map<String, Double> ratios = ratios(medians);
        out.printf(Locale.ROOT, "download ratio (1)/(2): %.3f (target >= 1.0); second half only: %.3f%n",
                ratios.get("download"), ratios.get("downloadSecondHalf"));
        out.printf(Locale.ROOT, "seeding ratio  (3)/(2): %.3f (target >= 1.0); second half only: %.3f%n",
                ratios.get("seeding"), ratios.get("seedingSecondHalf"));
        out.printf(Locale.ROOT, "torrentine -> torrentine (4)/(2): %.3f; second half only: %.3f%n",
                ratios.get("torrentineToTorrentine"), ratios.get("torrentineToTorrentineSecondHalf"));
        out.printf(Locale.ROOT, "download ratio, one JVM (5)/(2): %.3f (target >= 1.0); second half only: %.3f%n",
                ratios.get("downloadOneJvm"), ratios.get("downloadOneJvmSecondHalf"));
        out.println("(1) starts a new JVM per download, as the command line does: it compiles its hot code during"
                + " the transfer. (5) makes every round's download in one JVM, as an application embedding the"
                + " engine does: only its first download pays the compilation.");
    }

    private Map<String, Object> report(TorrentInfo torrent, List<Run> runs, long ticks, double loadBefore,
                                       double loadAfter) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", torrent.name());
        r.put("sizeBytes", torrent.totalSize());
        r.put("pieceSize", torrent.pieceLength());
        r.put("pieces", torrent.pieceCount());
        r.put("rounds", rounds);
        r.put("statusIntervalMillis", statusIntervalMillis);
        r.put("torrentineJvmOptions", torrentineJvmOptions());
        r.put("clockTicksPerSecond", ticks);
        r.put("loadBefore", Double.isNaN(loadBefore) ? null : loadBefore);
        r.put("loadAfter", Double.isNaN(loadAfter) ? null : loadAfter);
        List<Object> list = new ArrayList<>();
        runs.forEach(run -> list.add(json(run)));
        r.put("runs", list);
        Map<BenchTransfer, Run> medians = medians(runs);
        List<Object> med = new ArrayList<>();
        medians.values().forEach(run -> med.add(json(run)));
        r.put("medians", med);
        r.put("ratios", ratios(medians));
        return r;
    }

    private static Map<String, Object> json(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", run.round());
        m.put("transfer", run.transfer().number());
        m.put("seed", run.transfer().seedClient());
        m.put("downloader", run.transfer().downloaderClient());
        m.put("oneDownloaderJvm", run.transfer().oneDownloaderJvm());
        m.put("seconds", round3(run.seconds()));
        m.put("megabytesPerSecond", round3(run.megabytesPerSecond()));
        m.put("secondHalfMegabytesPerSecond", Double.isNaN(run.secondHalfMegabytesPerSecond()) ? null
                : round3(run.secondHalfMegabytesPerSecond()));
        m.put("cpuSecondsPerGib", round3(run.cpuSecondsPerGib()));
        m.put("cpuSeconds", round3(run.cpuSeconds()));
        m.put("jitSecondsPerGib", round3(run.jitSecondsPerGib()));
        m.put("seedCpuSecondsPerGib", Double.isNaN(run.seedCpuSecondsPerGib()) ? null : round3(run.seedCpuSecondsPerGib()));
        m.put("peakRssMib", round3(run.peakRssMib()));
        m.put("peakAnonRssMib", round3(run.peakAnonMib()));
        if (run.round() > 0) {
            m.put("load", Double.isNaN(run.load()) ? null : run.load());
            m.put("meanStatusIntervalMillis", round3(run.meanStatusMillis()));
            m.put("endFromEarlierLine", run.endFromEarlierLine());
        }
        return m;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Per transfer, the median of each figure over the rounds (round 0, load NaN). */
    static Map<BenchTransfer, Run> medians(List<Run> runs) {
        Map<BenchTransfer, Run> out = new EnumMap<>(BenchTransfer.class);
        for (BenchTransfer t : BenchTransfer.values()) {
            List<Run> of = runs.stream().filter(r -> r.transfer() == t).toList();
            if (of.isEmpty()) {
                continue;
            }
            out.put(t, new Run(0, t, median(of, Run::seconds), median(of, Run::megabytesPerSecond),
                    median(of, Run::secondHalfMegabytesPerSecond),
                    median(of, Run::peakRssMib), median(of, Run::peakAnonMib), median(of, Run::cpuSecondsPerGib),
                    median(of, Run::cpuSeconds), median(of, Run::jitSecondsPerGib), median(of, Run::seedCpuSecondsPerGib),
                    Double.NaN, median(of, Run::meanStatusMillis),
                    of.stream().anyMatch(Run::endFromEarlierLine)));
        }
        return out;
    }

    /** The median of the known (not NaN) values; NaN if none is known. */
    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The ratios of median rates, (1)/(2), (3)/(2), (4)/(2) and (5)/(2), over the whole transfer and
     * over its second half; null where a rate is unknown (a transfer too short for a line between
     * half-way and the end).
     */
    static Map<String, Double> ratios(Map<BenchTransfer, Run> medians) {
        Run reference = medians.get(BenchTransfer.LIBTORRENT_TO_LIBTORRENT);
        Run download = medians.get(BenchTransfer.LIBTORRENT_TO_TORRENTINE);
        Run seeding = medians.get(BenchTransfer.TORRENTINE_TO_LIBTORRENT);
        Run ours = medians.get(BenchTransfer.TORRENTINE_TO_TORRENTINE);
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("download", ratio(download.megabytesPerSecond(), reference.megabytesPerSecond()));
        r.put("seeding", ratio(seeding.megabytesPerSecond(), reference.megabytesPerSecond()));
        r.put("torrentineToTorrentine", ratio(ours.megabytesPerSecond(), reference.megabytesPerSecond()));
        r.put("downloadSecondHalf", ratio(download.secondHalfMegabytesPerSecond(),
                reference.secondHalfMegabytesPerSecond()));
        r.put("seedingSecondHalf", ratio(seeding.secondHalfMegabytesPerSecond(),
                reference.secondHalfMegabytesPerSecond()));
        r.put("torrentineToTorrentineSecondHalf", ratio(ours.secondHalfMegabytesPerSecond(),
                reference.secondHalfMegabytesPerSecond()));
        Run oneJvm = medians.get(BenchTransfer.LIBTORRENT_TO_TORRENTINE_ONE_JVM);
        r.put("downloadOneJvm", oneJvm == null ? null : ratio(oneJvm.megabytesPerSecond(), reference.megabytesPerSecond()));
        r.put("downloadOneJvmSecondHalf", oneJvm == null ? null
                : ratio(oneJvm.secondHalfMegabytesPerSecond(), reference.secondHalfMegabytesPerSecond()));
        return r;
    }

    private static Double ratio(double a, double b) {
        double r = a / b;
        return Double.isFinite(r) ? round3(r) : null;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A download or a seed failed; the message says which and shows its last lines. */
    private static final class BenchFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BenchFailure(String message) {
            super(message);
        }
    }
}
