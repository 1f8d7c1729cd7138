package io.torrentine.examples.cli;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times one download from the downloader's own status lines, the same way for both clients:
 * {@code torrentine download --json --status-interval N} and the libtorrent script print the
 * same JSON fields every N ms. Each line is stamped when the bench reads it, and the
 * downloader's {@code /proc} figures are read at that moment.
 *
 * <p>The transfer runs from the last line that reports no payload received yet (so the first
 * byte arrived within the next interval; process start, session start, checking and connecting
 * all come before it) to the first line that reports every piece verified ({@code "state"}
 * {@code "finished"} or {@code "seeding"}). The time is therefore at most two intervals too long
 * and never zero; CPU time is counted over the same window.
 *
 * <p>Called on the child's stdout reader thread only; {@link #result()} hands the outcome over.
 */
final class TransferProbe implements BenchChild.LineListener {
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern DOWNLOADED = Pattern.compile("\"totalDownloaded\"\\s*:\\s*(\\d+)");

    /**
     * What one transfer measured.
     *
     * @param nanos the transfer's duration
     * @param cpuTicks the downloader's CPU time (all threads) during it, in clock ticks
     * @param end the downloader's {@code /proc} figures at the end (VmHWM: its peak so far)
     * @param jitTicks the part of {@code cpuTicks} spent by the JVM's JIT compiler threads (0
     *     for libtorrent; see {@link ProcStats#jitTicks})
     * @param seedCpuTicks the seed's CPU time (all threads) during the transfer, -1 if unknown
     * @param peakRssAnonKib the largest {@code RssAnon} seen at any status line: the process's
     *     own memory, without the file pages it maps (which {@code VmHWM} counts)
     * @param endFromEarlierLine whether the process could not be read at the last line and the
     *     line before it supplied the figures (the process was already exiting)
     * @param secondHalfNanos from the first line reporting at least half the torrent received to
     *     the end: the rate once the downloader has warmed up (a new JVM compiles its hot code in
     *     the first second or two)
     * @param secondHalfBytes the bytes received over {@code secondHalfNanos}
     * @param lines the status lines read during the transfer, the last line without payload
     *     included: {@code nanos / (lines - 1)} is the real mean interval between lines
     */
    record Measurement(long nanos, long cpuTicks, long jitTicks, long seedCpuTicks, ProcStats end,
                       long peakRssAnonKib, long secondHalfNanos, long secondHalfBytes,
                       boolean endFromEarlierLine, int lines) {
    }

    private final CompletableFuture<Measurement> result = new CompletableFuture<>();
    private final long seedPid;
    private final long totalBytes;
    private long halfNanos = -1;
    private long halfBytes;
    private long lastZeroJit;
    private long lastZeroSeed;
    private long startJit;
    private long startSeed;
    private long lastZeroNanos = -1;
    private ProcStats lastZeroStats;
    private ProcStats lastStats;
    private boolean started;
    private long startNanos;
    private ProcStats startStats;
    private long peakRssAnonKib;
    private int lines;

    /**
     * A probe for one download.
     *
     * @param seedPid the seed's process, whose CPU time over the transfer is measured too
     * @param totalBytes the torrent's size
     */
    TransferProbe(long seedPid, long totalBytes) {
        this.seedPid = seedPid;
        this.totalBytes = totalBytes;
    }

    /**
     * Completes with the measurement once a line reports the download finished, or
     * exceptionally if the lines do not make sense (payload before any line without it).
     *
     * @return the outcome
     */
    CompletableFuture<Measurement> result() {
        return result;
    }

    @Override
    public void line(long pid, long arrivalNanos, String line) {
        if (result.isDone()) {
            return;
        }
        Matcher state = STATE.matcher(line);
        Matcher downloaded = DOWNLOADED.matcher(line);
        if (!state.find() || !downloaded.find()) {
            return; // not a status line
        }
        lines++;
        Optional<ProcStats> now = ProcStats.read(pid);
        now.ifPresent(s -> peakRssAnonKib = Math.max(peakRssAnonKib, s.rssAnonKib()));
        boolean finished = state.group(1).equals("finished") || state.group(1).equals("seeding");
        long bytes = Long.parseLong(downloaded.group(1));
        if (!finished && bytes == 0) {
            lastZeroNanos = arrivalNanos;
            // Per-thread figures cost a directory listing: read them only before the transfer and at its end.
            lastZeroJit = ProcStats.jitTicks(pid);
            lastZeroSeed = ProcStats.cpuTicks(seedPid);
            lines = 1;
            lastZeroStats = now.orElse(lastStats);
            now.ifPresent(s -> lastStats = s);
            return;
        }
        if (!started) {
            if (lastZeroNanos < 0 || lastZeroStats == null) {
                result.completeExceptionally(new IllegalStateException(
                        "the downloader's first status line already reports payload: " + line));
                return;
            }
            started = true;
            startNanos = lastZeroNanos;
            startStats = lastZeroStats;
            startJit = lastZeroJit;
            startSeed = lastZeroSeed;
        }
        if (halfNanos < 0 && bytes >= totalBytes / 2) {
            halfNanos = arrivalNanos;
            halfBytes = bytes;
        }
        if (finished) {
            ProcStats end = now.orElse(lastStats);
            if (end == null) {
                result.completeExceptionally(new IllegalStateException("cannot read /proc/" + pid));
                return;
            }
            long jit = ProcStats.jitTicks(pid);
            long seed = ProcStats.cpuTicks(seedPid);
            result.complete(new Measurement(arrivalNanos - startNanos, end.cpuTicks() - startStats.cpuTicks(),
                    jit < 0 || startJit < 0 ? 0 : Math.max(0, jit - startJit),
                    seed < 0 || startSeed < 0 ? -1 : seed - startSeed, end, peakRssAnonKib,
                    arrivalNanos - halfNanos, totalBytes - halfBytes, now.isEmpty(), lines));
            return;
        }
        now.ifPresent(s -> lastStats = s);
    }
}
