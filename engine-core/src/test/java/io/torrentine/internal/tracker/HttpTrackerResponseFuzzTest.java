package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torrentine.session.TrackerException;

/**
 * Jazzer fuzzing of the HTTP tracker response parsers (BEP 3, 7, 23, 24, 48): arbitrary bytes
 * end in a response within the peer bound or in a {@link TrackerException}, nothing else.
 * Without {@code JAZZER_FUZZ} it replays
 * {@code src/test/resources/io/torrentine/internal/tracker/HttpTrackerResponseFuzzTestInputs/parse/}:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core -am test -Dtest=HttpTrackerResponseFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class HttpTrackerResponseFuzzTest {
    private static final int MAX_PEERS = 50;

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        try {
            AnnounceResponse r = HttpTrackerResponses.parseAnnounce(input, "http://fuzz/announce", MAX_PEERS);
            assertThat(r.peers()).hasSizeLessThanOrEqualTo(2 * MAX_PEERS);
            assertThat(r.interval()).isNotNegative();
        } catch (TrackerException e) {
            assertThat(e.reason()).isNotNull();
        }
        try {
            ScrapeResponse s = HttpTrackerResponses.parseScrape(input, "http://fuzz/announce");
            assertThat(s.files().values()).allSatisfy(c -> assertThat(c.seeds()).isNotNegative());
        } catch (TrackerException e) {
            assertThat(e.reason()).isNotNull();
        }
    }
}
