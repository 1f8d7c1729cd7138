package io.torrentine.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.examples.bench.DiskWriteBenchmark.Options;
import io.torrentine.examples.bench.DiskWriteBenchmark.Result;
import io.torrentine.testing.MemoryStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk write harness, on a small size and an in-memory storage (the real figures are taken by hand). */
class DiskWriteBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryBlockAndReadsItBack() {
        Options options = DiskWriteBenchmark.parse("--storage", MemoryStorage.class.getName(),
                "--save-path", dir.toString(), "--size", Integer.toString(3 * 1024 * 1024 + 5000),
                "--piece-size", Integer.toString(256 * 1024), "--threads", "2", "--verify", "--keep");
        Result result = DiskWriteBenchmark.run(options);
        assertThat(result.bytes()).isEqualTo(3 * 1024 * 1024 + 5000);
        assertThat(result.seconds()).isPositive();
        assertThat(result.mismatches()).isZero();
    }

    /** Runs of blocks (the last run of each piece shorter) land as single blocks do. */
    @Test
    void writesRunsOfBlocksAndReadsThemBack() {
        Options options = DiskWriteBenchmark.parse("--storage", MemoryStorage.class.getName(),
                "--save-path", dir.toString(), "--size", Integer.toString(3 * 1024 * 1024 + 5000),
                "--piece-size", Integer.toString(256 * 1024), "--run-blocks", "5", "--verify", "--keep");
        assertThat(options.runBlocks()).isEqualTo(5);
        Result result = DiskWriteBenchmark.run(options);
        assertThat(result.bytes()).isEqualTo(3 * 1024 * 1024 + 5000);
        assertThat(result.mismatches()).isZero();
        assertThatThrownBy(() -> DiskWriteBenchmark.parse("--storage", "files", "--save-path", "x",
                "--run-blocks", "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void honoursBackPressure() {
        Options options = DiskWriteBenchmark.parse("--storage", MemoryStorage.class.getName(),
                "--save-path", dir.toString(), "--size", Integer.toString(2 * 1024 * 1024),
                "--piece-size", "65536", "--high-water", "65536", "--verify");
        Result result = DiskWriteBenchmark.run(options);
        assertThat(result.mismatches()).isZero();
        assertThat(result.stops()).isPositive();
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> DiskWriteBenchmark.parse("--storage", "files"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiskWriteBenchmark.parse("--storage", "files", "--save-path", "x",
                "--piece-size", "1000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiskWriteBenchmark.factory("java.lang.String"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
