package io.torrentine.internal.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The host rules on their own; {@link PathSanitizerTest} has them inside the sanitizer. */
class FileNameRulesTest {

    @Test
    void theHostIsDecidedFromOsName() {
        for (String windows : List.of("Windows 10", "Windows 11", "Windows Server 2022", "windows")) {
            assertThat(FileNameRules.forOsName(windows)).as(windows).isEqualTo(FileNameRules.WINDOWS);
        }
        for (String posix : List.of("Linux", "Mac OS X", "FreeBSD", "SunOS", "")) {
            assertThat(FileNameRules.forOsName(posix)).as(posix).isEqualTo(FileNameRules.POSIX);
        }
        assertThat(FileNameRules.host())
                .isEqualTo(FileNameRules.forOsName(System.getProperty("os.name")))
                .isSameAs(FileNameRules.host());
    }

    @Test
    void posixChangesNothing() {
        FileNameRules posix = FileNameRules.POSIX;
        assertThat(posix.finish("CON. ")).isEqualTo("CON. ");
        assertThat(posix.replaces(':')).isFalse();
        assertThat(posix.countsCharacters()).isFalse();
        assertThat(posix.collisionKey("Readme.TXT")).isEqualTo("Readme.TXT");
        assertThat(posix.isUsable("CON")).isTrue();
        assertThat(posix.isUsable("a:b")).isTrue();
    }

    @Test
    void windowsReplacesExactlyItsSevenCharacters() {
        StringBuilder replaced = new StringBuilder();
        for (int c = 32; c < 0x3000; c++) {
            if (FileNameRules.WINDOWS.replaces(c)) {
                replaced.append((char) c);
            }
        }
        assertThat(replaced.toString()).isEqualTo("\"*:<>?|");
    }

    @Test
    void windowsCollisionKeysIgnoreCase() {
        FileNameRules windows = FileNameRules.WINDOWS;
        assertThat(windows.collisionKey("t/Readme.txt")).isEqualTo(windows.collisionKey("T/README.TXT"));
        assertThat(windows.collisionKey("Été")).isEqualTo(windows.collisionKey("éTÉ"));
        assertThat(windows.collisionKey("a")).isNotEqualTo(windows.collisionKey("b"));
        // simple per-character folding, as NTFS's upcase table: no "ß" -> "SS" expansion
        assertThat(windows.collisionKey("straße")).isNotEqualTo(windows.collisionKey("STRASSE"));
    }

    @Test
    void windowsRefusesNamesItWouldHaveRewritten() {
        FileNameRules windows = FileNameRules.WINDOWS;
        for (String bad : List.of("CON", "con.txt", "Lpt1.log", "COM\u00B3", "clock$", "nul.tar.gz",
                "a:b", "a*", "q?", "x<y>", "p|q", "\"", "tab\there", "dot.", "space ", "")) {
            assertThat(windows.isUsable(bad)).as(bad).isFalse();
        }
        for (String good : List.of("CON_", "con_.txt", "console", "a_b", ".hidden", "con .txt", "COM10",
                "日本語.mkv")) {
            assertThat(windows.isUsable(good)).as(good).isTrue();
        }
    }
}
