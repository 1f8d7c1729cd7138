package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** How {@code torrentine bench} reads /proc, delimits a transfer and sums up rounds, without clients. */
class BenchMeasurementTest {
    private static final long ME = ProcessHandle.current().pid();
    private static final long MS = 1_000_000;

    @Test
    void cpuTicksAreCountedFromTheLastParenthesisBecauseTheCommandNameMayHoldSpacesAndParentheses() {
        // Fields 14 and 15 (utime 1234, stime 56) of a stat line whose name is "a) (b c".
        String stat = "4242 (a) (b c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 7 0 99 1000 200";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1290);
    }

    @Test
    void statusFieldsAreReadInKibAndAMissingOneIsMinusOne() {
        String status = "Name:\tjava\nVmHWM:\t  235600 kB\nRssAnon:\t  211700 kB\n";
        assertThat(ProcStats.kib(status, "VmHWM:")).isEqualTo(235_600);
        assertThat(ProcStats.kib(status, "RssAnon:")).isEqualTo(211_700);
        assertThat(ProcStats.kib(status, "RssFile:")).isEqualTo(-1);
    }

    @Test
    void thisLiveProcessHasCpuTimeAndAPeakResidentSetAndAJitCompilerThread() {
        ProcStats me = ProcStats.read(ME).orElseThrow();
        assertThat(me.vmHwmKib()).isPositive();
        assertThat(me.rssAnonKib()).isPositive().isLessThanOrEqualTo(me.vmHwmKib());
        assertThat(me.cpuTicks()).isPositive();
        assertThat(ProcStats.jitTicks(ME)).as("HotSpot compiles this test, on C1/C2 compiler threads").isPositive();
        assertThat(ProcStats.read(Long.MAX_VALUE)).as("no such process").isEmpty();
        assertThat(ProcStats.cpuTicks(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void theTransferRunsFromTheLastLineWithoutPayloadToTheFirstFinishedOne() throws Exception {
        TransferProbe probe = new TransferProbe(ME, 1000);
        probe.line(ME, 0, "{\"state\":\"checking_files\",\"totalDownloaded\":0}");
        probe.line(ME, 20 * MS, "{\"progress\":0.0,\"state\":\"downloading\",\"totalDownloaded\":0}");
        probe.line(ME, 40 * MS, "{\"state\":\"downloading\",\"totalDownloaded\":300}");
        probe.line(ME, 45 * MS, "not a status line: ignored");
        probe.line(ME, 60 * MS, "{\"state\":\"downloading\",\"totalDownloaded\":600}");
        assertThat(probe.result()).isNotDone();
        probe.line(ME, 100 * MS, "{\"state\":\"seeding\",\"totalDownloaded\":1000}");
        probe.line(ME, 120 * MS, "{\"state\":\"seeding\",\"totalDownloaded\":1000}");

        TransferProbe.Measurement m = probe.result().get();
        assertThat(m.nanos()).isEqualTo(80 * MS);
        // Half-way is the first line with at least 500 bytes: 400 more bytes came in 40 ms.
        assertThat(m.secondHalfNanos()).isEqualTo(40 * MS);
        assertThat(m.secondHalfBytes()).isEqualTo(400);
        assertThat(m.lines()).as("the last line without payload, two lines during, the finished one").isEqualTo(4);
        assertThat(m.cpuTicks()).isNotNegative();
        assertThat(m.end().vmHwmKib()).isPositive();
        assertThat(m.peakRssAnonKib()).isPositive();
        assertThat(m.endFromEarlierLine()).isFalse();
    }

    @Test
    void aDownloaderWhoseFirstLineAlreadyHasPayloadCannotBeTimed() {
        TransferProbe probe = new TransferProbe(ME, 1000);
        probe.line(ME, 0, "{\"state\":\"downloading\",\"totalDownloaded\":16384}");
        Assertions.assertThatThrownBy(() -> probe.result().get()).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("already reports payload");
    }

    @Test
    void mediansPerTransferAndTheIssuesRatios() {
        List<BenchCommand.Run> runs = List.of(
                run(1, BenchTransfer.LIBTORRENT_TO_TORRENTINE, 300, 350),
                run(1, BenchTransfer.LIBTORRENT_TO_LIBTORRENT, 400, 500),
                run(1, BenchTransfer.TORRENTINE_TO_LIBTORRENT, 380, Double.NaN),
                run(1, BenchTransfer.TORRENTINE_TO_TORRENTINE, 200, 250),
                run(2, BenchTransfer.LIBTORRENT_TO_TORRENTINE, 100, 150),
                run(2, BenchTransfer.LIBTORRENT_TO_LIBTORRENT, 300, 400),
                run(2, BenchTransfer.TORRENTINE_TO_LIBTORRENT, 420, Double.NaN),
                run(2, BenchTransfer.TORRENTINE_TO_TORRENTINE, 100, Double.NaN),
                run(1, BenchTransfer.LIBTORRENT_TO_TORRENTINE_ONE_JVM, 250, 300),
                run(2, BenchTransfer.LIBTORRENT_TO_TORRENTINE_ONE_JVM, 450, 500));
        Map<BenchTransfer, BenchCommand.Run> medians = BenchCommand.medians(runs);
        assertThat(medians.get(BenchTransfer.LIBTORRENT_TO_LIBTORRENT).megabytesPerSecond()).isEqualTo(350);
        assertThat(medians.get(BenchTransfer.LIBTORRENT_TO_TORRENTINE).megabytesPerSecond()).isEqualTo(200);
        Map<String, Double> ratios = BenchCommand.ratios(medians);
        assertThat(ratios.get("download")).isCloseTo(200 / 350.0, within(0.001));
        assertThat(ratios.get("seeding")).isCloseTo(400 / 350.0, within(0.001));
        assertThat(ratios.get("torrentineToTorrentine")).isCloseTo(150 / 350.0, within(0.001));
        assertThat(ratios.get("downloadSecondHalf")).isCloseTo(250 / 450.0, within(0.001));
        assertThat(ratios.get("torrentineToTorrentineSecondHalf")).as("the median of the rounds that know it")
                .isCloseTo(250 / 450.0, within(0.001));
        assertThat(ratios.get("downloadOneJvm")).as("(5)/(2)").isCloseTo(350 / 350.0, within(0.001));
        assertThat(ratios.get("downloadOneJvmSecondHalf")).isCloseTo(400 / 450.0, within(0.001));
        assertThat(ratios).as("an unknown second-half rate gives no ratio rather than a wrong one")
                .containsEntry("seedingSecondHalf", null);
    }

    private static BenchCommand.Run run(int round, BenchTransfer t, double rate, double secondHalf) {
        return new BenchCommand.Run(round, t, 1073.741824 / rate, rate, secondHalf, 200, 100, 2, 2, 0, 1, 1.0, 20,
                false);
    }
}
