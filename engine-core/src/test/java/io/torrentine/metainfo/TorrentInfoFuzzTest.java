package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds arbitrary bytes to the metainfo parser: it either loads a torrent whose layout is
 * consistent, or refuses with {@link InvalidMetainfoException}, and nothing else.
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
}
