package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Torrents made by real tools (mktorrent, transmission-create, libtorrent's create_torrent for
 * v1, v2 and hybrid) load in Torrentine with the info-hashes, piece counts and file lists that
 * libtorrent 2.0.8 reports for the same files.
 */
@Tag("interop")
class MetainfoInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int PIECE = 32 * 1024;

    @TempDir
    static Path work;
    static Path content;
    static Path singleFile;
    static Path folderOfOne;

    @BeforeAll
    static void makeContent() throws IOException {
        content = work.resolve("payload");
        Random random = new Random(42);
        write(content.resolve("a.bin"), random, 100_000);
        write(content.resolve("dir/b.txt"), random, 1_000);
        write(content.resolve("dir/sub/c.dat"), random, PIECE);
        write(content.resolve("dir/sub/empty"), random, 0);
        write(content.resolve("z last.bin"), random, 70_001);
        singleFile = work.resolve("single.bin");
        write(singleFile, random, 300_000);
        folderOfOne = work.resolve("one");
        write(folderOfOne.resolve("only.bin"), random, 100_000);
    }

    private static void write(Path file, Random random, int size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        Files.write(file, bytes);
    }

    @ParameterizedTest(name = "libtorrent create_torrent {0}")
    @ValueSource(strings = {"v1", "v2", "hybrid"})
    void torrentsFromLibtorrentLoadAlike(String version) throws IOException {
        for (Path source : List.of(content, singleFile, folderOfOne)) {
            Path torrent = work.resolve("lt-" + version + "-" + source.getFileName() + ".torrent");
            ExternalTool.runLibtorrentPython(script("lt_create.py"),
                    List.of(source.toString(), torrent.toString(), version, Integer.toString(PIECE)), TIMEOUT)
                    .assertSuccess();
            TorrentInfo ours = assertSameAsLibtorrent(torrent);
            assertThat(ours.hasV1()).isEqualTo(!version.equals("v2"));
            assertThat(ours.hasV2()).isEqualTo(!version.equals("v1"));
        }
    }

    @Test
    void torrentsFromMktorrentLoadAlike() throws IOException {
        Path mktorrent = ExternalTool.require("mktorrent", "mktorrent");
        for (Path source : List.of(content, singleFile)) {
            Path torrent = work.resolve("mk-" + source.getFileName() + ".torrent");
            ProcessRunner.run(List.of(mktorrent.toString(), "-l", "15", "-a", "http://127.0.0.1:1/announce",
                    "-o", torrent.toString(), source.toString()), work, TIMEOUT).assertSuccess();
            assertSameAsLibtorrent(torrent);
        }
    }

    @Test
    void torrentsFromTransmissionLoadAlike() throws IOException {
        Path create = ExternalTool.require("transmission-create", "transmission-cli");
        for (Path source : List.of(content, singleFile)) {
            Path torrent = work.resolve("tr-" + source.getFileName() + ".torrent");
            ProcessRunner.run(List.of(create.toString(), "-o", torrent.toString(), "-t",
                    "http://127.0.0.1:1/announce", source.toString()), work, TIMEOUT).assertSuccess();
            assertSameAsLibtorrent(torrent);
        }
    }

    /** Parses with both engines and compares everything libtorrent reports. */
    private static TorrentInfo assertSameAsLibtorrent(Path torrent) throws IOException {
        String json = ExternalTool.runLibtorrentPython(script("lt_describe.py"), List.of(torrent.toString()), TIMEOUT)
                .assertSuccess().stdout();
        TorrentInfo ours = TorrentInfo.load(torrent);
        assertThat(ours.name()).isEqualTo(stringField(json, "name"));
        assertThat(ours.infoHashes().v1().map(Sha1Hash::toHex).orElse(null)).isEqualTo(stringField(json, "v1"));
        assertThat(ours.infoHashes().v2().map(Sha256Hash::toHex).orElse(null)).isEqualTo(stringField(json, "v2"));
        assertThat(ours.pieceLength()).isEqualTo(longField(json, "pieceLength"));
        assertThat(ours.pieceCount()).isEqualTo(longField(json, "pieceCount"));
        assertThat(ours.totalSize()).isEqualTo(longField(json, "totalSize"));
        List<String> theirs = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"path\": (\"(?:[^\"\\\\]|\\\\.)*\"), \"size\": (\\d+), \"pad\": (true|false)\\}")
                .matcher(json);
        while (m.find()) {
            theirs.add(unquote(m.group(1)) + "|" + m.group(2) + "|" + m.group(3));
        }
        assertThat(ours.files().stream().map(f -> f.path() + "|" + f.size() + "|" + f.pad()))
                .as("files of " + torrent.getFileName()).containsExactlyElementsOf(theirs);
        return ours;
    }

    private static String stringField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (null|\"(?:[^\"\\\\]|\\\\.)*\")").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1).equals("null") ? null : unquote(m.group(1));
    }

    private static long longField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String script(String name) throws IOException {
        try (InputStream in = MetainfoInteropTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
