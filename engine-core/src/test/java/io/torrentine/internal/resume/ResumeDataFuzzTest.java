package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.InvalidResumeDataException;

/**
 * Feeds arbitrary bytes to the resume data reader: it either loads parameters, which write back
 * to resume data that reads as equal parameters and writes the same bytes again, or it refuses
 * with an {@link InvalidResumeDataException}, and nothing else.
 *
 * <p>Seeds in {@code ResumeDataFuzzTestInputs/parsesOrRefusesWithATypedReason/}: our own
 * resume data for v1, hybrid and magnet torrents, and libtorrent 2.0.8's (see the README
 * there). Fuzz with:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl engine-core test -Dtest=ResumeDataFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djazzer.internal.arg.0=fake_argv0 -Djazzer.internal.arg.1=-max_total_time=60
 * </pre>
 */
class ResumeDataFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"11:file-format", "22:libtorrent resume file", "12:file-version", "9:info-hash",
        "10:info-hash2", "4:info", "9:save_path", "13:file_priority", "14:piece_priority", "6:pieces",
        "10:unfinished", "5:piece", "7:bitmask", "8:trackers", "8:url-list", "5:peers", "6:peers6",
        "21:torrentine_peer_names", "4:name", "6:paused", "19:sequential_download", "12:piece layers",
        "14:total_uploaded", "16:total_downloaded", "11:active_time", "12:seeding_time", "10:added_time",
        "14:completed_time", "7:comment", "10:created by", "13:creation date", "12:piece length", "6:length"})
    void parsesOrRefusesWithATypedReason(byte[] input) {
        AddTorrentParams params;
        try {
            params = AddTorrentParams.fromResumeData(input);
        } catch (InvalidResumeDataException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        byte[] written = params.toResumeData();
        AddTorrentParams again = AddTorrentParams.fromResumeData(written);
        assertThat(again).isEqualTo(params);
        assertThat(again.toResumeData()).isEqualTo(written);
        assertThat(again.havePiecesBitfield()).isEqualTo(params.havePiecesBitfield());
        params.torrent().ifPresent(t -> {
            assertThat(params.infoHashes()).isEqualTo(t.infoHashes());
            assertThat(params.filePriorities()).hasSize(t.files().size());
            assertThat(params.havePieces().length()).isLessThanOrEqualTo(t.pieceCount());
        });
    }
}
