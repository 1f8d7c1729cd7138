package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.metainfo.InvalidMetainfoException.Reason;
import io.torrentine.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs libtorrent's .torrent corpus ({@code shared/conformance/libtorrent-test-torrents}) against
 * its {@code MANIFEST.tsv}: every file is accepted or refused as libtorrent 2.x does, with the
 * matching reason, and every fact the manifest lists is checked.
 *
 * <p>Deliberate choices, where the manifest is silent:
 * <ul>
 *   <li>{@code v2_invalid_root_hash.torrent} is refused (INVALID_PIECE_LAYER): its piece layer
 *       does not hash to the file's root, and piece layers are verified before use. Debian's
 *       libtorrent 2.0.8 accepts it and would fail every piece of that file later.</li>
 *   <li>{@code sample.torrent}, {@code v2_empty_file.torrent} and
 *       {@code v2_hybrid-missing-tailpad.torrent} are accepted, as libtorrent accepts them: a
 *       hybrid may omit the pad file after its last file.</li>
 * </ul>
 * Debian's libtorrent 2.0.8 differs from the manifest (a newer 2.x) on slash-only path
 * components, the duplicate-name budget and two piece-layer checks; the manifest is followed.
 */
class LibtorrentConformanceTest {
    private static final Map<String, Reason> LIBTORRENT_CODES = Map.ofEntries(
            Map.entry("torrent_missing_piece_length", Reason.MISSING_PIECE_LENGTH),
            Map.entry("torrent_missing_name", Reason.MISSING_NAME),
            Map.entry("torrent_missing_info", Reason.MISSING_INFO),
            Map.entry("torrent_is_no_dict", Reason.NOT_A_DICTIONARY),
            Map.entry("torrent_invalid_length", Reason.INVALID_LENGTH),
            Map.entry("torrent_invalid_name", Reason.INVALID_NAME),
            Map.entry("torrent_missing_pieces", Reason.MISSING_PIECES),
            Map.entry("torrent_invalid_hashes", Reason.INVALID_HASHES),
            Map.entry("too_many_pieces_in_torrent", Reason.TOO_MANY_PIECES),
            Map.entry("no_files_in_torrent", Reason.NO_FILES),
            Map.entry("torrent_inconsistent_files", Reason.INCONSISTENT_FILES),
            Map.entry("torrent_file_parse_failed", Reason.FILE_PARSE_FAILED),
            Map.entry("depth_exceeded", Reason.DEPTH_EXCEEDED),
            Map.entry("torrent_invalid_piece_layer", Reason.INVALID_PIECE_LAYER),
            Map.entry("invalid_bencoding", Reason.INVALID_BENCODING),
            Map.entry("torrent_missing_pieces_root", Reason.MISSING_PIECES_ROOT),
            Map.entry("torrent_invalid_pad_file", Reason.INVALID_PAD_FILE),
            Map.entry("too_many_duplicate_filenames", Reason.TOO_MANY_DUPLICATE_FILENAMES));

    /** The manifest's facts column, one check per file that has facts. */
    private static final Map<String, Consumer<TorrentInfo>> FACTS = new HashMap<>();

    static {
        fact("slash_path.torrent", t -> assertPaths(t, "temp/_/_/bar"));
        fact("slash_path2.torrent", t -> assertPaths(t, "temp/abc....def/_/bar"));
        fact("slash_path3.torrent", t -> assertPaths(t, "temp....abc"));
        fact("whitespace_url.torrent", t -> assertThat(t.trackers().get(0).get(0)).isEqualTo("udp://test.com/announce"));
        fact("duplicate_files.torrent", t -> assertPaths(t, "temp/foo/bar.txt", "temp/foo/bar.1.txt"));
        fact("pad_file.torrent", t -> {
            assertThat(t.files()).hasSize(2);
            assertThat(t.files().get(0).pad()).isFalse();
            assertThat(t.files().get(1).pad()).isTrue();
        });
        fact("creation_date.torrent", t -> assertThat(t.creationDate()).contains(Instant.ofEpochSecond(1234567)));
        fact("no_creation_date.torrent", t -> assertThat(t.creationDate()).isEmpty());
        fact("url_seed.torrent", t -> assertThat(t.webSeeds()).containsExactly("http://test.com/file"));
        fact("url_seed_multi.torrent", t -> assertThat(t.webSeeds()).containsExactly("http://test.com/file/"));
        fact("url_seed_multi_single_file.torrent",
                t -> assertThat(t.webSeeds()).containsExactly("http://test.com/file/temp/foo/bar.txt"));
        fact("url_seed_multi_space.torrent",
                t -> assertThat(t.webSeeds()).containsExactly("http://test.com/test%20file/foo%20bar/"));
        fact("url_seed_multi_space_nolist.torrent",
                t -> assertThat(t.webSeeds()).containsExactly("http://test.com/test%20file/foo%20bar/"));
        fact("duplicate_web_seeds.torrent", t -> assertThat(t.webSeeds()).hasSize(3).doesNotHaveDuplicates());
        fact("invalid_name2.torrent", t -> {
            assertThat(t.name()).isEqualTo("b61560c2918f463768cd122b6d2fdd47b77bdb35");
            assertThat(t.infoHashes().v1().orElseThrow().toHex()).isEqualTo(t.name());
        });
        fact("invalid_name3.torrent", t -> assertThat(t.name()).isEqualTo("foobar "));
        fact("symlink1.torrent", t -> {
            assertThat(t.files()).hasSize(2);
            assertThat(t.files().get(1).symlinkTarget()).contains("temp/a/b/bar");
        });
        fact("symlink2.torrent", t -> {
            assertThat(t.files()).hasSize(5);
            assertThat(t.files().get(0).symlinkTarget()).contains("Some.framework/Versions/A/SDL2");
            assertThat(t.files().get(4).symlinkTarget()).contains("Some.framework/Versions/A");
        });
        fact("symlink_zero_size.torrent", t -> {
            assertThat(t.files()).hasSize(2);
            assertThat(t.files().get(1).symlinkTarget()).contains("temp/a/b/bar");
            assertThat(t.files().get(1).size()).isZero();
        });
        fact("symlink_filtered_path.torrent", t -> {
            assertPaths(t, "temp/a/_/bar", "temp/a/_/foo");
            assertThat(t.files().get(1).symlinkTarget()).contains("temp/a/_/bar");
        });
        fact("pad_file_no_path.torrent", t -> {
            assertThat(t.files()).hasSize(2);
            assertThat(t.files().get(1).path()).isEqualTo(".pad/2124");
            assertThat(t.files().get(1).pad()).isTrue();
        });
        fact("absolute_filename.torrent", t -> assertPaths(t, "temp/abcde", "temp/foobar"));
        fact("invalid_filename.torrent", t -> assertThat(t.files()).hasSize(2));
        fact("invalid_filename2.torrent", t -> assertThat(t.files()).hasSize(3));
        Consumer<TorrentInfo> sdl2Links = t -> {
            assertThat(t.files().size()).isGreaterThan(3);
            for (int i = 0; i < 3; i++) {
                String leaf = List.of("Headers", "Resources", "SDL2").get(i);
                assertThat(t.files().get(i).symlinkTarget())
                        .contains("SDL2.framework/Versions/Current/" + leaf);
            }
        };
        fact("overlapping_symlinks.torrent", sdl2Links);
        fact("v2_symlinks.torrent", sdl2Links);
        fact("invalid_directory_name.torrent", t -> assertPaths(t, "test2/_/foo", "test2/_/foo.1"));
        fact("v2.torrent", t -> {
            assertSingleV2File(t, "test64K", 65536, "60aae9c7b428f87e0713e88229e18f0adf12cd7b22a0dd8a92bb2485eb7af242");
            assertThat(t.infoHashes().isHybrid()).isTrue();
            assertThat(t.infoHashes().v2().orElseThrow().toHex())
                    .isEqualTo("597b180c1a170a585dfc5e85d834d69013ceda174b8f357d5bb1a0ca509faf0a");
        });
        fact("v2_multipiece_file.torrent", t -> {
            assertSingleV2File(t, "test1MB", 1048576, "515ea9181744b817744ded9d2e8e9dc6a8450c0b0c52e24b5077f302ffbd9008");
            assertThat(t.infoHashes().isHybrid()).isTrue();
            assertThat(t.infoHashes().v2().orElseThrow().toHex())
                    .isEqualTo("108ac2c3718ce722e6896edc56c4afa98f1d711ecaace7aad74fca418ebd03de");
        });
        fact("v2_only.torrent", t -> {
            assertSingleV2File(t, "test1MB", 1048576, "515ea9181744b817744ded9d2e8e9dc6a8450c0b0c52e24b5077f302ffbd9008");
            assertThat(t.infoHashes().v1()).isEmpty();
            assertThat(t.hasV1()).isFalse();
            assertThat(t.infoHashes().v2().orElseThrow().toHex())
                    .isEqualTo("95e04d0c4bad94ab206efa884666fd89777dbe4f7bd9945af1829037a85c6192");
        });
        fact("v2_invalid_filename.torrent", t -> assertPaths(t, "_estMB"));
        fact("v2_multiple_files.torrent", t -> {
            assertThat(t.files()).hasSize(5);
            assertThat(t.infoHashes().hasV2()).isTrue();
            for (FileEntry f : t.files()) {
                if (!f.pad() && f.size() > t.pieceLength()) {
                    assertThat(t.pieceLayer(f.piecesRoot().orElseThrow())).isPresent();
                }
            }
        });
        fact("v2_invalid_filename2.torrent", t -> assertPaths(t, "test/_", "test/_.1", "test/stress_test2"));
        for (String hybrid : List.of("v2_hybrid.torrent", "empty-files-1.torrent", "empty-files-2.torrent",
                "empty-files-3.torrent", "empty-files-4.torrent", "empty-files-5.torrent")) {
            fact(hybrid, t -> assertThat(t.infoHashes().isHybrid()).isTrue());
        }
        fact("v2_no_piece_layers.torrent", t -> {
            assertThat(t.infoHashes().v1()).isEmpty();
            assertThat(t.pieceLayer(t.files().get(0).piecesRoot().orElseThrow())).isEmpty();
        });
        fact("v2_incomplete_piece_layer.torrent", t -> {
            assertThat(t.infoHashes().v1()).isEmpty();
            long withLayer = t.files().stream().filter(f -> f.piecesRoot().isPresent())
                    .filter(f -> t.pieceLayer(f.piecesRoot().get()).isPresent()).count();
            long needing = t.files().stream().filter(f -> f.size() > t.pieceLength() && !f.pad()).count();
            assertThat(withLayer).isLessThan(needing);
        });
        Consumer<TorrentInfo> similarA = t -> assertThat(t.similarTorrents())
                .containsExactly(Sha1Hash.of("aaaaaaaaaaaaaaaaaaaa".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        fact("similar.torrent", similarA);
        fact("similar2.torrent", similarA);
        Consumer<TorrentInfo> collections = t -> assertThat(t.collections()).containsExactly("bar", "foo");
        fact("collection.torrent", collections);
        fact("collection2.torrent", collections);
        fact("dht_nodes.torrent", t -> assertThat(t.dhtNodes())
                .containsExactly(new DhtNode("127.0.0.1", 6881), new DhtNode("192.168.1.1", 6881)));
        fact("large_piece_size.torrent", t -> assertThat(t.pieceLength()).isEqualTo(32767 * 16384));
    }

    private static void fact(String file, Consumer<TorrentInfo> check) {
        FACTS.put(file, check);
    }

    static Stream<Arguments> manifest() throws IOException {
        Path dir = SharedFiles.require("conformance/libtorrent-test-torrents");
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                .map(cols -> Arguments.of(cols[0], cols[1], cols[2], cols.length > 3 ? cols[3] : ""));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("manifest")
    void behavesAsLibtorrent(String file, String expect, String reason, String facts) throws IOException {
        byte[] bytes = Files.readAllBytes(SharedFiles.require("conformance/libtorrent-test-torrents").resolve(file));
        if (expect.equals("reject")) {
            assertThat(LIBTORRENT_CODES).containsKey(reason);
            assertThatThrownBy(() -> TorrentInfo.parse(bytes))
                    .isInstanceOf(InvalidMetainfoException.class)
                    .extracting(e -> ((InvalidMetainfoException) e).reason())
                    .isEqualTo(LIBTORRENT_CODES.get(reason));
            return;
        }
        assertThat(expect).isEqualTo("accept");
        TorrentInfo info = TorrentInfo.parse(bytes);
        assertInvariants(info);
        if (!facts.isEmpty()) {
            assertThat(FACTS).as("a check for the facts of " + file + ": " + facts).containsKey(file);
            FACTS.get(file).accept(info);
        }
    }

    @Test
    void everyFactCheckNamesAManifestRow() throws IOException {
        List<String> rows = manifest().map(a -> (String) a.get()[0]).toList();
        assertThat(rows).hasSize(104).containsAll(FACTS.keySet());
    }

    @Test
    void filesWithoutAManifestRowFollowOurDecisions() throws IOException {
        Path dir = SharedFiles.require("conformance/libtorrent-test-torrents");
        for (String accepted : List.of("sample.torrent", "v2_empty_file.torrent", "v2_hybrid-missing-tailpad.torrent")) {
            assertInvariants(TorrentInfo.parse(Files.readAllBytes(dir.resolve(accepted))));
        }
        TorrentInfo tailless = TorrentInfo.parse(Files.readAllBytes(dir.resolve("v2_hybrid-missing-tailpad.torrent")));
        assertThat(tailless.files().get(tailless.files().size() - 1).pad()).isFalse();
        assertThatThrownBy(() -> TorrentInfo.parse(Files.readAllBytes(dir.resolve("v2_invalid_root_hash.torrent"))))
                .isInstanceOf(InvalidMetainfoException.class)
                .extracting(e -> ((InvalidMetainfoException) e).reason()).isEqualTo(Reason.INVALID_PIECE_LAYER);
    }

    /** What holds for every loaded torrent, whatever it is. */
    private static void assertInvariants(TorrentInfo info) {
        long offset = 0;
        for (FileEntry f : info.files()) {
            assertThat(f.offset()).isEqualTo(offset);
            offset += f.size();
            for (String c : f.pathComponents()) {
                assertThat(c).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("/", "\\", "\0");
            }
            f.symlinkTarget().ifPresent(t ->
                    assertThat(Path.of("save").resolve(t).normalize()).startsWithRaw(Path.of("save")));
            if (info.hasV2() && !f.pad() && f.size() > 0) {
                assertThat(f.offset() % info.pieceLength()).as("v2 files start on a piece").isZero();
            }
        }
        assertThat(offset).isEqualTo(info.totalSize());
        assertThat((long) info.pieceCount())
                .isEqualTo((info.totalSize() + info.pieceLength() - 1) / info.pieceLength());
        List<String> realPaths = info.files().stream().filter(f -> !f.pad()).map(FileEntry::path).toList();
        assertThat(realPaths).as("paths are unique").doesNotHaveDuplicates();
        assertThat(info.pieceSize(info.pieceCount() - 1)).isBetween(1, info.pieceLength());
    }

    private static void assertPaths(TorrentInfo t, String... paths) {
        assertThat(t.files().stream().filter(f -> !f.pad()).map(FileEntry::path)).containsExactly(paths);
    }

    private static void assertSingleV2File(TorrentInfo t, String path, long size, String root) {
        List<FileEntry> real = t.files().stream().filter(f -> !f.pad()).toList();
        assertThat(real).hasSize(1);
        assertThat(real.get(0).path()).isEqualTo(path);
        assertThat(real.get(0).size()).isEqualTo(size);
        assertThat(real.get(0).piecesRoot().orElseThrow().toHex()).isEqualTo(root);
    }
}
