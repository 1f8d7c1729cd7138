package io.torrentine.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BencodeException.Reason;
import io.torrentine.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The bencode layer over libtorrent's {@code .torrent} corpus ({@code ../shared/conformance}).
 *
 * <p>Lenient decoding accepts exactly what libtorrent 2.0.8's {@code bdecode} accepts: every file
 * but {@code v2_deep_recursion.torrent}, which both reject for depth (checked once with
 * {@code lt.bdecode} over the whole folder). Whether a decoded torrent is a valid torrent is the
 * metainfo layer's question, not this one's.
 */
class BencodeCorpusTest {
    /** The files that are not canonical bencode, and the first reason strict mode finds. */
    private static final Map<String, Reason> NOT_CANONICAL = Map.ofEntries(
            Map.entry("bad_name.torrent", Reason.DUPLICATE_KEY),
            Map.entry("duplicate_files2.torrent", Reason.TRAILING_DATA),
            Map.entry("invalid_file_size.torrent", Reason.UNSORTED_KEYS),
            Map.entry("large_piece_size.torrent", Reason.TRAILING_DATA),
            Map.entry("negative_file_size.torrent", Reason.UNSORTED_KEYS),
            Map.entry("pad_file.torrent", Reason.UNSORTED_KEYS),
            Map.entry("pad_file_no_path.torrent", Reason.UNSORTED_KEYS),
            Map.entry("unordered.torrent", Reason.UNSORTED_KEYS),
            Map.entry("v2_deep_recursion.torrent", Reason.DEPTH_EXCEEDED),
            Map.entry("v2_empty_filename.torrent", Reason.TRAILING_DATA),
            Map.entry("v2_invalid_filename2.torrent", Reason.TRAILING_DATA),
            Map.entry("v2_invalid_piece_layer_root.torrent", Reason.TRAILING_DATA),
            Map.entry("v2_overlong_integer.torrent", Reason.LEADING_ZERO),
            Map.entry("v2_unknown_piece_layer_entry.torrent", Reason.TRAILING_DATA),
            Map.entry("v2_unordered_files.torrent", Reason.UNSORTED_KEYS));

    @Test
    void decodesTheCorpusLikeLibtorrent() throws IOException {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThan(100);
        for (Path file : files) {
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            if (name.equals("v2_deep_recursion.torrent")) {
                assertThatThrownBy(() -> BencodeDecoder.lenient().decode(bytes))
                        .isInstanceOfSatisfying(BencodeException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.DEPTH_EXCEEDED));
                continue;
            }
            BValue lenient = BencodeDecoder.lenient().decode(bytes);
            byte[] canonical = BencodeEncoder.encode(lenient);
            assertThat(BencodeDecoder.strict().decode(canonical)).as(name).isEqualTo(lenient);

            Reason expected = NOT_CANONICAL.get(name);
            if (expected == null) {
                assertThat(canonical).as("%s is canonical: re-encoding gives its bytes", name).isEqualTo(bytes);
                assertThat(BencodeDecoder.strict().decode(bytes)).as(name).isEqualTo(lenient);
            } else {
                assertThatThrownBy(() -> BencodeDecoder.strict().decode(bytes))
                        .as(name)
                        .isInstanceOfSatisfying(BencodeException.class,
                                e -> assertThat(e.reason()).isEqualTo(expected));
            }
        }
    }

    private static List<Path> corpus() throws IOException {
        Path dir = corpusDirectory();
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".torrent")).sorted().toList();
        }
    }

    /** {@code -Dtorrentine.conformance.dir=...}, else {@code shared/conformance} beside a parent. */
    static Path corpusDirectory() {
        String configured = System.getProperty("torrentine.conformance.dir");
        if (configured != null) {
            return Path.of(configured, "libtorrent-test-torrents");
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; dir != null && up < 4; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/conformance/libtorrent-test-torrents");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        String message = "libtorrent corpus not found beside the project (../shared/conformance)";
        if (ExternalTool.isCi()) {
            Assertions.fail(message);
        }
        Assumptions.abort(message + "; skipped outside CI");
        throw new AssertionError("unreachable");
    }
}
