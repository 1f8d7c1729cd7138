package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code torrentine check}, run through picocli as the shell would run it. */
class CheckCommandTest extends CliTestSupport {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path dir;

    private Path torrentFile;
    private TorrentInfo torrent;

    @BeforeEach
    void content() throws IOException {
        Path share = Files.createDirectories(dir.resolve("data/share"));
        Random random = new Random(9);
        // a: pieces 0-3 exactly; b: pieces 4-5 and part of 6; c: the rest of 6 and 7.
        write(share.resolve("a"), 4 * PIECE, random);
        write(share.resolve("b"), 2 * PIECE + 100, random);
        write(share.resolve("c"), 2 * PIECE - 100 - 5, random);
        byte[] bytes = TorrentCreator.builder(share).version(TorrentVersion.V1).pieceSize(PIECE)
                .omitCreationDate().build().create().bytes();
        torrentFile = Files.write(dir.resolve("share.torrent"), bytes);
        torrent = TorrentInfo.parse(bytes);
    }

    @Test
    void reportsTheBitfieldOfWhatIsThereAsJson() throws IOException {
        Files.delete(dir.resolve("data/share/b")); // pieces 4, 5 and 6 (shared with c) are gone
        assertThat(run("check", torrentFile.toString(), "--save-path", dir.resolve("data").toString(),
                "--json", "--threads", "2")).as(err.toString()).isZero();
        String json = out.toString();
        assertThat(torrent.pieceCount()).isEqualTo(8);
        assertThat(json).contains("\"pieceCount\": 8", "\"havePieces\": 5",
                // BEP 3 order: pieces 0-3 and 7 are the bits 1111 0001.
                "\"bitfield\": \"f1\"", "\"bytesChecked\": " + torrent.totalSize());
        assertThat(number(json, "seconds")).isGreaterThanOrEqualTo(0);
        assertThat(err.toString()).as("a plain progress line on stderr without a terminal").contains("Checking");
    }

    @Test
    void aCompleteTorrentInTextAndAMissingSavePathIsJustAbsent() throws IOException {
        assertThat(run("check", torrentFile.toString(), "--save-path", dir.resolve("data").toString(),
                "--no-progress")).isZero();
        assertThat(out.toString()).contains("share: 8 of 8 pieces present (100.0%)");
        assertThat(err.toString()).isEmpty();

        Path nowhere = dir.resolve("nowhere");
        assertThat(run("check", torrentFile.toString(), "--save-path", nowhere.toString(), "--json",
                "--no-progress")).isZero();
        assertThat(out.toString()).contains("\"havePieces\": 0", "\"bitfield\": \"00\"");
        assertThat(nowhere).as("checking creates nothing").doesNotExist();
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".parts"))).isEmpty();
        }
    }

    @Test
    void aRejectedTorrentExitsWithStatusTwoAndATypedReason() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.torrent"), "d4:infod4:name4:tempee");
        assertThat(run("check", bad.toString(), "--save-path", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("rejected: MISSING_PIECE_LENGTH");
    }

    @Test
    void aMissingTorrentFileExitsWithStatusOne() {
        assertThat(run("check", dir.resolve("none.torrent").toString(), "--save-path", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file");
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([0-9.eE-]+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void write(Path file, int size, Random random) throws IOException {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        Files.write(file, bytes);
    }
}
