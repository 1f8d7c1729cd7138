package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link SessionStats} holds its values and refuses negative counts and impossible rates. */
class SessionStatsTest {

    @Test
    void holdsItsValues() {
        SessionStats s = new SessionStats(1, 2, 3.5, 4.5, 5, 6, 7, 8, 9, 10);
        assertThat(s.totalDownloaded()).isEqualTo(1);
        assertThat(s.totalUploaded()).isEqualTo(2);
        assertThat(s.downloadRate()).isEqualTo(3.5);
        assertThat(s.uploadRate()).isEqualTo(4.5);
        assertThat(s.torrents()).isEqualTo(5);
        assertThat(s.peers()).isEqualTo(6);
        assertThat(s.diskQueueBytes()).isEqualTo(7);
        assertThat(s.blocksReceived()).isEqualTo(8);
        assertThat(s.hashFailures()).isEqualTo(9);
        assertThat(s.wastedBytes()).isEqualTo(10);
        assertThat(new SessionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0).toString()).startsWith("SessionStats[totalDownloaded=0");
    }

    @Test
    void refusesNegativeCountsAndImpossibleRates() {
        assertThatThrownBy(() -> new SessionStats(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totalDownloaded");
        assertThatThrownBy(() -> new SessionStats(0, 0, 0, 0, 0, -1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peers");
        assertThatThrownBy(() -> new SessionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wastedBytes");
        assertThatThrownBy(() -> new SessionStats(0, 0, Double.NaN, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("downloadRate");
        assertThatThrownBy(() -> new SessionStats(0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploadRate");
        assertThatThrownBy(() -> new SessionStats(0, 0, -0.5, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
