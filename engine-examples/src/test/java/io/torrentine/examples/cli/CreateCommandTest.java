package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.Span;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code torrentine create}, run through picocli as the shell would run it. */
class CreateCommandTest extends CliTestSupport {
    @TempDir
    Path dir;

    private Path folder;

    @BeforeEach
    void content() throws IOException {
        folder = dir.resolve("share");
        write("share/a.bin", 3 << 20);
        write("share/sub/b.txt", 1000);
        write("share/sub/empty", 0);
    }

    @Test
    void createsAHybridTorrentAndPrintsItsInfoHashes() throws IOException {
        Path output = dir.resolve("share.torrent");

        int status = run("create", folder.toString(), "-o", output.toString());

        assertThat(status).as(err.toString()).isZero();
        byte[] torrent = Files.readAllBytes(output);
        BDictionary info = info(torrent);
        assertThat(info.getString("name").orElseThrow().asUtf8()).isEqualTo("share");
        assertThat(info.getLong("meta version")).contains(2L);
        assertThat(info.getList("files")).isPresent();
        byte[] infoBytes = infoBytes(torrent);
        assertThat(out.toString())
                .contains("info-hash v1: " + Sha1Hash.of(digest("SHA-1", infoBytes)).toHex())
                .contains("info-hash v2: " + Sha256Hash.of(digest("SHA-256", infoBytes)).toHex())
                .contains("hybrid torrent, 3 files");
        // Without a terminal the progress bar writes plain lines to stderr, nothing else.
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\u001b[");
    }

    @Test
    void passesEveryOptionThrough() throws IOException {
        Path output = dir.resolve("v1.torrent");

        int status = run("create", folder.toString(), "-o", output.toString(), "--v1",
                "--piece-size", "32K", "--tracker", "http://127.0.0.1:1/announce",
                "--tracker", "udp://127.0.0.1:2,udp://127.0.0.1:3",
                "--web-seed", "http://127.0.0.1:8080/", "--private", "--comment", "hello",
                "--no-date", "--threads", "2", "--no-progress");

        assertThat(status).as(err.toString()).isZero();
        byte[] bytes = Files.readAllBytes(output);
        BDictionary torrent = (BDictionary) BencodeDecoder.strict().decode(bytes);
        BDictionary info = info(bytes);
        assertThat(info.getLong("piece length")).contains(32L * 1024);
        assertThat(info.getLong("private")).contains(1L);
        assertThat(info.get("meta version")).isEmpty();
        assertThat(torrent.getString("announce").orElseThrow().asUtf8())
                .isEqualTo("http://127.0.0.1:1/announce");
        assertThat(torrent.getList("announce-list").orElseThrow().values())
                .extracting(tier -> ((BList) tier).values().stream()
                        .map(u -> ((BString) u).asUtf8()).toList())
                .containsExactly(List.of("http://127.0.0.1:1/announce"),
                        List.of("udp://127.0.0.1:2", "udp://127.0.0.1:3"));
        assertThat(torrent.getString("url-list").orElseThrow().asUtf8())
                .isEqualTo("http://127.0.0.1:8080/");
        assertThat(torrent.getString("comment").orElseThrow().asUtf8()).isEqualTo("hello");
        assertThat(torrent.get("creation date")).isEmpty();
        assertThat(out.toString()).contains("info-hash v1: ").doesNotContain("info-hash v2");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMissingSourceExitsWithStatus2AndTheReason() {
        int status = run("create", dir.resolve("absent").toString(), "-o",
                dir.resolve("x.torrent").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("torrentine create: SOURCE_MISSING: " + dir.resolve("absent"));
        assertThat(dir.resolve("x.torrent")).doesNotExist();
    }

    @Test
    void anInvalidPieceSizeExitsWithStatus2AndTheReason() {
        int status = run("create", folder.toString(), "-o", dir.resolve("x.torrent").toString(),
                "--v2", "--piece-size", "48K");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("torrentine create: INVALID_PIECE_SIZE: ");
    }

    @Test
    void versionFlagsAreExclusive() {
        int status = run("create", folder.toString(), "-o", dir.resolve("x.torrent").toString(),
                "--v1", "--v2");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    private void write(String relative, int size) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Files.write(path, content);
    }

    private static BDictionary info(byte[] torrent) {
        return ((BDictionary) BencodeDecoder.strict().decode(torrent)).getDictionary("info")
                .orElseThrow();
    }

    private static byte[] infoBytes(byte[] torrent) {
        Span span = info(torrent).span().orElseThrow();
        return Arrays.copyOfRange(torrent, span.offset(), span.end());
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
