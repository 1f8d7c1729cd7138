package io.torrentine.internal.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Expected values are what libtorrent 2.0.8 makes of the same components on Linux; the Windows
 * tests follow libtorrent's {@code sanitize_append_path_element} under {@code TORRENT_WINDOWS}
 * and libtorrent 2.2's {@code filter_dos_reserved_names}.
 */
class PathSanitizerTest {

    private static Optional<String> sanitize(byte[] b) {
        return PathSanitizer.POSIX.sanitize(b);
    }

    private static Optional<String> sanitize(String s) {
        return PathSanitizer.POSIX.sanitize(s);
    }

    private static Optional<String> windows(String s) {
        return PathSanitizer.WINDOWS.sanitize(s);
    }

    private static Optional<String> windows(byte[] b) {
        return PathSanitizer.WINDOWS.sanitize(b);
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

    @Test
    void posixKeepsWhatOnlyWindowsRefuses() {
        assertThat(sanitize("a:b*c?d\"e<f>g|h")).contains("a:b*c?d\"e<f>g|h");
        assertThat(sanitize("CON")).contains("CON");
        assertThat(sanitize("nul.txt")).contains("nul.txt");
        assertThat(sanitize("name. ")).contains("name. ");
    }

    @Test
    void windowsReplacesItsReservedCharacters() {
        // valid_path_character under TORRENT_WINDOWS: ?<>"|\b*: (\b is a control character anyway)
        assertThat(windows("a:b*c?d\"e<f>g|h")).contains("a_b_c_d_e_f_g_h");
        assertThat(windows(new byte[] {'a', 8, 'b'})).contains("a_b");
        assertThat(windows("file:stream")).contains("file_stream");
        // separators and direction overrides are removed as on every platform
        assertThat(windows("a\\b/c\u202E")).contains("abc");
    }

    @Test
    void windowsDropsTrailingDotsAndSpaces() {
        assertThat(windows("foobar ")).contains("foobar");
        assertThat(windows("name. . ")).contains("name");
        assertThat(windows("  lead")).contains("  lead");
        assertThat(windows("a.b")).contains("a.b");
        // nothing left: "_", as libtorrent does for an element it must keep
        assertThat(windows("...")).contains("_");
        assertThat(windows(". .")).contains("_");
        assertThat(windows(" ")).contains("_");
        // "." and ".." are still dropped, before any trimming
        assertThat(windows(".")).isEmpty();
        assertThat(windows("..")).isEmpty();
    }

    @Test
    void windowsCutsAt240CharactersNotBytes() {
        // libtorrent's limit_unicode_characters: 300 two-byte characters keep 240 of them
        assertThat(windows("é".repeat(300))).contains("é".repeat(240));
        assertThat(sanitize("é".repeat(300))).contains("é".repeat(120));
        assertThat(windows("a".repeat(250) + ".txt")).contains("a".repeat(240) + ".txt");
        assertThat(windows("日本".repeat(150) + ".mkv")).contains("日本".repeat(120) + ".mkv");
    }

    @Test
    void windowsRenamesDosDeviceNamesWithOrWithoutAnExtension() {
        for (String device : List.of("CON", "PRN", "AUX", "NUL", "CLOCK$", "COM0", "COM1", "COM9",
                "LPT0", "LPT1", "LPT9", "COM\u00B9", "COM\u00B2", "COM\u00B3", "LPT\u00B9", "LPT\u00B2",
                "LPT\u00B3")) {
            assertThat(windows(device)).as(device).contains(device + "_");
            assertThat(windows(device + ".txt")).as(device).contains(device + "_.txt");
            String lower = device.toLowerCase(Locale.ROOT);
            assertThat(windows(lower + ".tar.gz")).as(lower).contains(lower + "_.tar.gz");
        }
        assertThat(windows("cOn")).contains("cOn_");
        assertThat(windows("Nul.")).contains("Nul_");
        // not device names
        for (String name : List.of("CONS", "CO", "COM", "COM10", "LPT", "xNUL", "con_", "_con",
                "AUX_.txt", ".con", "COMa", "con .txt")) {
            assertThat(windows(name)).as(name).contains(name);
        }
    }

    @Test
    void aDeviceNameHiddenBehindDroppedCharactersIsStillCaught() {
        // libtorrent 2.2 checks the finished component, not the raw one
        assertThat(windows("CON ")).contains("CON_");
        assertThat(windows("aux...")).contains("aux_");
        assertThat(windows("nu\u202El.txt")).contains("nul_.txt");
        assertThat(windows("c/o\\n")).contains("con_");
    }

    @Test
    void windowsOutputIsAlwaysAnOrdinaryWindowsName() {
        // Deterministic stand-in for a property test: hostile components built from the
        // characters each rule is about, plus random bytes.
        Random random = new Random(20240611L);
        String alphabet = ".. :*?\"<>|/\\\u202Ea\u00B9conCONlptLPTnulauxprnclk$019\t";
        for (int n = 0; n < 20_000; n++) {
            byte[] element;
            if (n % 2 == 0) {
                StringBuilder b = new StringBuilder();
                int length = random.nextInt(8);
                for (int k = 0; k < length; k++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                element = b.toString().getBytes(StandardCharsets.UTF_8);
            } else {
                element = new byte[random.nextInt(12)];
                random.nextBytes(element);
            }
            Optional<String> out = windows(element);
            if (out.isPresent()) {
                assertThat(FileNameRules.WINDOWS.isUsable(out.get()))
                        .as("%s -> %s", Arrays.toString(element), out.get()).isTrue();
                assertThat(out.get()).isNotIn(".", "..").doesNotContain("/", "\\");
            }
        }
    }
}
