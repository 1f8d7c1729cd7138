package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.testing.ExternalTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code torrentine bench} end to end on loopback with a small torrent: real libtorrent seeds and
 * downloaders (Debian's python3-libtorrent) and Torrentine ones in child JVMs. It checks the
 * shape of the result, not the speed: five downloads, each with a positive time, rate, CPU and
 * memory, the ratios, and that no process is left behind.
 */
@Tag("interop")
class BenchCommandInteropTest {
    /**
     * A table row: round, "(n) seed -> downloader", then seconds, MB/s, 2nd-half MB/s (NaN when too
     * short to tell), CPU s/GiB, of it JIT, RSS MiB, anon MiB, seed CPU s/GiB, load.
     */
    private static final Pattern ROW = Pattern.compile("(?m)^\\s*1\\s+\\(([1-5])\\) (\\w+) -> (\\w+(?:, one JVM)?)\\s+(.*)$");
    private static final Pattern RATIO = Pattern.compile("\\((\\d)\\)/\\(2\\): ([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void fiveDownloadsOfASmallTorrentEachWithAPositiveRate() throws Exception {
        ExternalTool.requirePythonLibtorrent();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TorrentineCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        Path work = dir.resolve("work");

        int status = cli.execute("bench", "--size", "16", "--rounds", "1", "--dir", work.toString(), "--timeout", "120");

        assertThat(status).as("stdout:\n%s\nstderr:\n%s", out, err).isZero();
        Matcher row = ROW.matcher(out.toString());
        List<String> transfers = new ArrayList<>();
        while (row.find()) {
            transfers.add(row.group(1) + " " + row.group(2) + " -> " + row.group(3));
            String[] columns = row.group(4).trim().split("\\s+");
            assertThat(columns).as(row.group()).hasSize(9);
            // seconds, MB/s, RSS MiB and anonymous RSS MiB of the downloader: all measured.
            for (int c : new int[] {0, 1, 5, 6}) {
                assertThat(Double.parseDouble(columns[c])).as("column %d of %s", c, row.group()).isPositive();
            }
            // CPU is counted in 10 ms clock ticks: a 16 MiB download may take fewer than one.
            assertThat(Double.parseDouble(columns[3])).as(row.group()).isNotNegative();
        }
        assertThat(transfers).as(out.toString()).containsExactly("1 libtorrent -> torrentine",
                "2 libtorrent -> libtorrent", "3 torrentine -> libtorrent", "4 torrentine -> torrentine",
                "5 libtorrent -> torrentine, one JVM");
        Matcher ratio = RATIO.matcher(out.toString());
        List<String> ratios = new ArrayList<>();
        while (ratio.find()) {
            ratios.add(ratio.group(1));
            assertThat(Double.parseDouble(ratio.group(2))).isPositive();
        }
        assertThat(ratios).containsExactly("1", "3", "4", "5");

        // --dir keeps the payload and the torrent for the next run, and nothing of the downloads.
        assertThat(work.resolve("data/bench-16MiB.bin")).hasSize(16L << 20);
        assertThat(work.resolve("bench-16MiB.torrent")).isRegularFile();
        assertThat(work.resolve("download")).doesNotExist();
        // Every process the bench started has ended (each one's log names its command).
        try (Stream<Path> logs = Files.list(work.resolve("logs"))) {
            assertThat(logs.map(p -> p.getFileName().toString())).hasSize(7);
        }
        assertThat(ProcessHandle.current().children()).as("processes left running").isEmpty();
    }
}
