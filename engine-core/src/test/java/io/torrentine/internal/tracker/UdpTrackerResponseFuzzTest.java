package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzzing of the UDP tracker response parser (BEP 15). The first input byte picks the
 * expected action, the address family of announce peers and how many info-hashes a scrape asked
 * for; the rest is the datagram. It must end in a reply or a {@link TrackerException}.
 * Without {@code JAZZER_FUZZ} it replays
 * {@code src/test/resources/io/torrentine/internal/tracker/UdpTrackerResponseFuzzTestInputs/parse/}:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core -am test -Dtest=UdpTrackerResponseFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class UdpTrackerResponseFuzzTest {
    private static final int MAX_PEERS = 50;

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xFF;
        int action = mode & 3;
        boolean v6 = (mode & 4) != 0;
        List<Sha1Hash> hashes = new ArrayList<>();
        for (int i = 0; i < (mode >>> 3) % 8; i++) {
            byte[] h = new byte[20];
            h[0] = (byte) i;
            hashes.add(Sha1Hash.of(h));
        }
        byte[] packet = java.util.Arrays.copyOfRange(input, 1, input.length);
        try {
            UdpTrackerPackets.Reply reply = UdpTrackerPackets.parse(packet, action, v6, hashes, "udp://fuzz:1", MAX_PEERS);
            if (reply instanceof UdpTrackerPackets.Announced a) {
                assertThat(a.response().peers()).hasSizeLessThanOrEqualTo(MAX_PEERS);
            } else if (reply instanceof UdpTrackerPackets.Scraped s) {
                assertThat(s.response().files()).hasSizeLessThanOrEqualTo(hashes.size());
            }
        } catch (TrackerException e) {
            assertThat(e.reason()).isEqualTo(TrackerException.Reason.MALFORMED_RESPONSE);
        }
    }
}
