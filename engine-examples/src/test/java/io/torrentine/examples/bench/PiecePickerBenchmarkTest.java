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
        for (int i = 0; i < 3 * blocks; i++) {
            picked += bench.pickAndReceive();
            bench.picker.checkInvariants();
        }
        assertThat(picked).as("more blocks than one download: it restarted").isGreaterThan(blocks);
        assertThat(bench.haveMessage()).isPositive();
        bench.picker.checkInvariants();
    }
}
