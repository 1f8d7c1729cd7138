package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link MagnetLink#parse(String)}: on any input it either returns a link or throws
 * {@link InvalidMagnetLinkException} (anything else escapes and is a finding), and a link it
 * returns survives {@code parse(toUri())} unchanged.
 *
 * <p>Without {@code JAZZER_FUZZ=1} the methods replay the seeds under
 * {@code src/test/resources/io/torrentine/metainfo/MagnetLinkFuzzTestInputs/<method>/} as
 * regression tests; with it, Jazzer fuzzes one method for {@code maxDuration}.
 */
class MagnetLinkFuzzTest {
    private static final String TOPIC = "magnet:?xt=urn:btih:0102030405060708090a0b0c0d0e0f1011121314&";

    /** Arbitrary text, from the input bytes as UTF-8: the seeds are readable magnet links. */
    @FuzzTest(maxDuration = "30s")
    void parseUtf8(byte[] data) {
        check(new String(data, StandardCharsets.UTF_8));
    }

    /**
     * Arbitrary UTF-16 text, two bytes a char, which reaches what UTF-8 cannot express: unpaired
     * surrogates.
     */
    @FuzzTest(maxDuration = "30s")
    void parseUtf16(byte[] data) {
        check(new String(data, StandardCharsets.UTF_16BE));
    }

    /**
     * Parameters after a valid exact topic, so that most inputs reach a parsed link and the
     * format-and-reparse check.
     */
    @FuzzTest(maxDuration = "30s")
    void parseParameters(byte[] data) {
        check(TOPIC + new String(data, StandardCharsets.UTF_8));
    }

    private static void check(String input) {
        MagnetLink link;
        try {
            link = MagnetLink.parse(input);
        } catch (InvalidMagnetLinkException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        String uri = link.toUri();
        assertThat(uri.length()).isLessThanOrEqualTo(MagnetLink.MAX_URI_LENGTH);
        MagnetLink again = MagnetLink.parse(uri);
        assertThat(again).isEqualTo(link);
        assertThat(again.toUri()).isEqualTo(uri);
        assertThat(again.infoHashes()).isEqualTo(link.infoHashes());
        assertThat(again.displayName()).isEqualTo(link.displayName());
        assertThat(again.trackers()).isEqualTo(link.trackers());
        assertThat(again.webSeeds()).isEqualTo(link.webSeeds());
        assertThat(again.peers()).isEqualTo(link.peers());
        assertThat(again.selectOnly()).isEqualTo(link.selectOnly());
        assertThat(link.toBuilder().build()).isEqualTo(link);
    }
}
