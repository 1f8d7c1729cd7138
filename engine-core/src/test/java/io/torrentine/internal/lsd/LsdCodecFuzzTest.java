package io.torrentine.internal.lsd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Jazzer fuzzing of the BEP 14 announce parser: arbitrary bytes end in an {@link LsdAnnounce} or
 * an {@link LsdMessageException}, never another exception; what parses is within the bounds
 * (port 1 to 65535, 1 to {@value LsdCodec#MAX_INFOHASHES} distinct info-hashes, a cookie of at
 * most {@value LsdCodec#MAX_COOKIE} characters) and, formatted again by us, parses to the same
 * port and info-hashes.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over
 * {@code src/test/resources/io/torrentine/internal/lsd/LsdCodecFuzzTestInputs/parseArbitraryBytes/}.
 * To fuzz:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core test -Dtest=LsdCodecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class LsdCodecFuzzTest {
    @FuzzTest(maxDuration = "60s")
    // libFuzzer dictionary syntax: control characters as \xNN escapes.
    @DictionaryEntries({"BT-SEARCH * HTTP/1.1\\x0d\\x0a", "Host: ", "Port: ", "Infohash: ", "cookie: ", "\\x0d\\x0a",
        "\\x0a",
        "0123456789abcdef0123456789abcdef01234567", "6881", "65535", "65536", ":"})
    void parseArbitraryBytes(byte[] input) {
        LsdAnnounce announce;
        try {
            announce = LsdCodec.parse(input);
        } catch (LsdMessageException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(announce.port()).isBetween(1, 65_535);
        assertThat(announce.infoHashes()).isNotEmpty().hasSizeLessThanOrEqualTo(LsdCodec.MAX_INFOHASHES)
                .doesNotHaveDuplicates();
        announce.cookie().ifPresent(c -> assertThat(c).isNotEmpty().hasSizeLessThanOrEqualTo(LsdCodec.MAX_COOKIE));
        List<byte[]> again = LsdCodec.format("239.192.152.143:6771", announce.port(), announce.infoHashes(), "c");
        assertThat(again).hasSize(1);
        LsdAnnounce back = LsdCodec.parse(again.get(0));
        assertThat(back.port()).isEqualTo(announce.port());
        assertThat(back.infoHashes()).isEqualTo(announce.infoHashes());
    }
}
