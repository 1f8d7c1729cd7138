package io.torrentine.internal.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expected values are what libtorrent 2.0.8 makes of the same components. */
class PathSanitizerTest {

    private static Optional<String> sanitize(byte[] b) {
        return PathSanitizer.sanitize(b);
    }

    private static Optional<String> sanitize(String s) {
        return PathSanitizer.sanitize(s);
    }

    @Test
    void dropsDotsAndParents() {
        assertThat(sanitize(".")).isEmpty();
        assertThat(sanitize("..")).isEmpty();
        assertThat(sanitize("...")).contains("...");
        assertThat(sanitize(". .")).contains(". .");
    }

    @Test
    void removesSeparatorsAndDirectionOverrides() {
        assertThat(sanitize("a/b\\c")).contains("abc");
        assertThat(sanitize("abc/../../def")).contains("abc....def");
        assertThat(sanitize("\u202Eevil.exe")).contains("evil.exe");
    }

    @Test
    void emptyOrSeparatorOnlyBecomesUnderscore() {
        assertThat(sanitize("")).contains("_");
        assertThat(sanitize("/")).contains("_");
        assertThat(sanitize("\\")).contains("_");
    }

    @Test
    void controlCharactersAndInvalidUtf8BecomeUnderscores() {
        assertThat(sanitize(new byte[] {'x', 1, 'y'})).contains("x_y");
        assertThat(sanitize(new byte[] {(byte) 0xFF, (byte) 0xFE})).contains("__");
        assertThat(sanitize(new byte[] {(byte) 0x82, 'e', 's', 't'})).contains("_est");
        assertThat(sanitize("café".getBytes(StandardCharsets.UTF_8))).contains("café");
        // an overlong encoding of '/' must not sneak a separator in
        assertThat(sanitize(new byte[] {'a', (byte) 0xC0, (byte) 0xAF, 'b'})).contains("a__b");
    }

    @Test
    void longComponentsAreCutTo240BytesKeepingAShortExtension() {
        assertThat(sanitize("a".repeat(300))).contains("a".repeat(240));
        assertThat(sanitize("a".repeat(250) + ".txt")).contains("a".repeat(240) + ".txt");
        assertThat(sanitize("b".repeat(245) + ".longextension")).contains("b".repeat(240));
        String multiByte = "é".repeat(200);
        assertThat(sanitize(multiByte).orElseThrow().getBytes(StandardCharsets.UTF_8).length).isEqualTo(240);
    }

    @Test
    void trailingSpaceIsKeptOnPosix() {
        assertThat(sanitize("foobar ")).contains("foobar ");
    }
}
