package io.torrentine.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The picker benchmark's workload does what it claims: it downloads, and restarts when done. */
class PiecePickerBenchmarkTest {
    @Test
    void downloadsTheWholeTorrentAndStartsAgain() {
        PiecePickerBenchmark bench = new PiecePickerBenchmark();
        bench.pieces = 20;
        bench.peerShare = 50;
        bench.setUp();
        int picked = 0;
        int blocks = bench.pieces * (PiecePickerBenchmark.PIECE_SIZE / 16384);
        int ops = 0;
        // end-game doubles some requests and the pipelines take a while to fill: 3 downloads
        // need well under 6 times the blocks
        while (bench.downloads < 3 && ops < 6 * 3 * blocks) {
            picked += bench.pickAndReceive();
            bench.picker.checkInvariants();
            ops++;
        }
        assertThat(bench.downloads).as("downloaded and restarted within %d operations", ops).isEqualTo(3);
        assertThat(picked).isGreaterThanOrEqualTo(3 * blocks);
        assertThat(bench.haveMessage()).isPositive();
        bench.picker.checkInvariants();
    }
}
