package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torrentine.internal.metainfo.FileNameRules;

/**
 * Feeds arbitrary bytes to the metainfo parser: it either loads a torrent whose layout is
 * consistent, or refuses with {@link InvalidMetainfoException}, and nothing else; the Windows
 * file-name rules only rename.
 */
class TorrentInfoFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parsesOrRefusesWithATypedReason(byte[] input) {
        TorrentInfo info;
        try {
            info = TorrentInfo.parse(input);
        } catch (InvalidMetainfoException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        long offset = 0;
        for (FileEntry f : info.files()) {
            assertThat(f.offset()).isEqualTo(offset);
            offset += f.size();
            for (String c : f.pathComponents()) {
                assertThat(c).isNotEmpty().isNotIn(".", "..").doesNotContain("/", "\\");
            }
        }
        assertThat(offset).isEqualTo(info.totalSize());
        assertThat(info.pieceCount()).isPositive();
        assertThat(TorrentInfo.parse(input).infoHashes()).isEqualTo(info.infoHashes());
    }

    @FuzzTest(maxDuration = "60s")
    void windowsRulesOnlyRenameAndYieldWindowsNames(byte[] input) {
        Object linux = load(input, FileNameRules.POSIX);
        Object windows = load(input, FileNameRules.WINDOWS);
        if (linux instanceof InvalidMetainfoException || windows instanceof InvalidMetainfoException) {
            // Renaming differs between the rule sets (case, trimming, where long names are
            // cut), so the duplicate budget may run out under one of them only.
            if (!(linux instanceof InvalidMetainfoException l)) {
                assertThat(((InvalidMetainfoException) windows).reason())
                        .isEqualTo(InvalidMetainfoException.Reason.TOO_MANY_DUPLICATE_FILENAMES);
            } else if (!(windows instanceof InvalidMetainfoException w)) {
                assertThat(l.reason()).isEqualTo(InvalidMetainfoException.Reason.TOO_MANY_DUPLICATE_FILENAMES);
            } else {
                assertThat(w.reason()).isEqualTo(l.reason());
            }
            return;
        }
        TorrentInfo onLinux = (TorrentInfo) linux;
        TorrentInfo onWindows = (TorrentInfo) windows;
        assertThat(onWindows.infoHashes()).isEqualTo(onLinux.infoHashes());
        assertThat(onWindows.files()).hasSameSizeAs(onLinux.files());
        for (FileEntry f : onWindows.files()) {
            for (String c : f.pathComponents()) {
                assertThat(FileNameRules.WINDOWS.isUsable(c)).as(f.path()).isTrue();
            }
        }
    }

    private static Object load(byte[] input, FileNameRules rules) {
        try {
            return TorrentInfo.parse(input, MetainfoLimits.DEFAULT, rules);
        } catch (InvalidMetainfoException e) {
            return e;
        }
    }
}
