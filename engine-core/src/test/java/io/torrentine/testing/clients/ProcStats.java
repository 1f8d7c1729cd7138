package io.torrentine.testing.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads a live process's resource figures from Linux's {@code /proc/<pid>}: empty once the
 * process is gone (or off Linux).
 */
final class ProcStats {
    /**
     * Clock ticks per second of {@code utime}/{@code stime} in {@code /proc/<pid>/stat}. It is
     * {@code sysconf(_SC_CLK_TCK)}, which the JVM cannot ask for; it is 100 on every Linux
     * architecture this project runs on ({@code getconf CLK_TCK}).
     */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** The peak resident set size ({@code VmHWM}) in bytes, if the process is still there. */
    static OptionalLong peakRssBytes(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return OptionalLong.empty();
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                // "VmHWM:     31980 kB"
                String[] words = line.substring(6).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(words[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    /** User plus system CPU time in seconds, if the process is still there. */
    static OptionalDouble cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return OptionalDouble.empty();
        }
        // The command name (field 2) is in parentheses and may hold spaces: count from the
        // last ')'. After it come field 3 (state) ... field 14 (utime), field 15 (stime).
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return OptionalDouble.of(ticks / CLOCK_TICKS_PER_SECOND);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            // Gone (the process ended) or not Linux: no figure.
            return null;
        }
    }
}
