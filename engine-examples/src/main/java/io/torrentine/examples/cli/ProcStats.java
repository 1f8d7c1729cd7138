package io.torrentine.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What Linux's {@code /proc/PID} says about one process: CPU time and memory. Used by
 * {@code torrentine bench} to measure a downloader from outside, the same way whatever the
 * client (a JVM or libtorrent in Python).
 *
 * @param cpuTicks user plus system CPU time of every thread, in clock ticks ({@code utime +
 *     stime}, fields 14 and 15 of {@code /proc/PID/stat})
 * @param vmHwmKib peak resident set size so far, KiB ({@code VmHWM} of {@code /proc/PID/status})
 * @param rssAnonKib resident anonymous memory now, KiB ({@code RssAnon}): heap, stacks, buffers;
 *     not the file pages a process maps, which {@code VmHWM} counts
 */
record ProcStats(long cpuTicks, long vmHwmKib, long rssAnonKib) {

    /**
     * Reads a live process's figures.
     *
     * @param pid the process
     * @return the figures, or empty if the process is gone (or a zombie, which has no memory
     *     figures) or this is not Linux
     */
    static Optional<ProcStats> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII);
            long hwm = kib(status, "VmHWM:");
            if (hwm < 0) {
                return Optional.empty();
            }
            return Optional.of(new ProcStats(cpuTicks(stat), hwm, Math.max(0, kib(status, "RssAnon:"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU time of a process alone, without reading its memory figures.
     *
     * @param pid the process
     * @return {@code utime + stime} in clock ticks, or -1 if it cannot be read
     */
    static long cpuTicks(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of a JVM's just-in-time compiler threads (HotSpot names them {@code C1
     * CompilerThread<n>} and {@code C2 CompilerThread<n>}; Linux keeps 15 characters of a
     * thread's name). A short-lived JVM spends a large part of its CPU here; a long-running one
     * pays it once. A compiler thread that HotSpot stops while idle takes its time with it, so
     * this can only undercount.
     *
     * @param pid the process
     * @return clock ticks, 0 for a process without such threads, -1 if it cannot be read
     */
    static long jitTicks(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        try (java.util.stream.Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        sum += cpuTicks(Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read.
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * {@code utime + stime} from a {@code /proc/PID/stat} line. The command name (field 2) is in
     * parentheses and may hold spaces and parentheses itself, so fields are counted from the last
     * ')'.
     */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so utime (field 14) is f[11] and stime (field 15) f[12].
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A "Key:   123 kB" line of {@code /proc/PID/status}, or -1 if absent. */
    static long kib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String v = line.substring(key.length()).trim();
                int space = v.indexOf(' ');
                return Long.parseLong(space < 0 ? v : v.substring(0, space));
            }
        }
        return -1;
    }

    /**
     * Clock ticks per second ({@code getconf CLK_TCK}); 100, Linux's value on every common
     * architecture, if {@code getconf} cannot say.
     *
     * @return the ticks per second
     */
    static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Long.parseLong(out);
                }
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            // Falls back to the usual value below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /**
     * The 1-minute load average ({@code /proc/loadavg}, as {@code uptime} shows it).
     *
     * @return the load, or NaN where there is no {@code /proc/loadavg}
     */
    static double loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
