package io.torrentine.testing.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void readsThisJvmsFiguresAndNothingForAMissingProcess() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.peakRssBytes(pid).orElseThrow()).isGreaterThan(1L << 20);
        assertThat(ProcStats.cpuSeconds(pid).orElseThrow()).isPositive();
        // PIDs stop at 2^22 on Linux.
        assertThat(ProcStats.peakRssBytes(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcStats.cpuSeconds(Long.MAX_VALUE)).isEmpty();
    }
}
