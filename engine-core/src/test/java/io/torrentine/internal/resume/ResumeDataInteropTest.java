package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.internal.disk.FileLayout;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.TorrentFlag;
import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.MemoryStorage;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resume data crosses between Torrentine and libtorrent 2.0.8 (python3-libtorrent) both ways:
 * libtorrent's {@code read_resume_data} reads ours with the same info-hashes, metadata, save
 * path, priorities, pieces, partial pieces, trackers, flags and statistics, and we read what
 * libtorrent's {@code write_resume_data_buf} and a real session's {@code save_resume_data} write.
 * The v2 piece layers (BEP 52) cross both ways through libtorrent's {@code trees}.
 */
@Tag("interop")
class ResumeDataInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = TorrentVersion.class, names = {"V1", "HYBRID"})
    void libtorrentReadsOurs(TorrentVersion version) throws IOException {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, version);
        AddTorrentParams ours = ResumeDataCodecTest.full(torrent);
        Path file = dir.resolve("ours.resume");
        Files.write(file, ours.toResumeData());

        Map<String, List<String>> theirs = libtorrent("read", file.toString());
        assertThat(one(theirs, "v1")).isEqualTo(torrent.infoHashes().v1().orElseThrow().toHex());
        assertThat(one(theirs, "v2")).isEqualTo(torrent.infoHashes().v2().map(h -> h.toHex()).orElse("-"));
        assertThat(one(theirs, "ti")).as("the metadata, without fetching it")
                .isEqualTo(torrent.infoHashes().v1().orElseThrow().toHex() + " " + torrent.pieceCount());
        assertThat(one(theirs, "save_path")).isEqualTo(ours.savePath().toString());
        assertThat(one(theirs, "name")).isEqualTo("shown name");
        assertThat(one(theirs, "file_priorities")).isEqualTo(joined(ours.filePriorities()));
        assertThat(one(theirs, "have")).isEqualTo(joined(ours.havePieces().stream().boxed().toList()));
        assertThat(theirs.get("unfinished")).containsExactly("1 0,1");
        assertThat(one(theirs, "trackers"))
                .isEqualTo("0:http://127.0.0.1:1/a 1:http://127.0.0.1:1/b 1:udp://127.0.0.1:2");
        assertThat(one(theirs, "url_seeds")).isEqualTo("http://127.0.0.1:3/");
        // Host names have no compact form; libtorrent reads the literal addresses.
        assertThat(one(theirs, "peers")).isEqualTo("127.0.0.1|6881 ::1|6882 ::ffff:10.0.0.1|6883");
        assertThat(one(theirs, "paused")).isEqualTo("1");
        assertThat(one(theirs, "sequential")).isEqualTo("1");
        assertThat(one(theirs, "stats")).isEqualTo("123456789012 987654321 18000 420 1700000000 1700003600");
    }

    @ParameterizedTest
    @EnumSource(value = TorrentVersion.class, names = {"V1", "HYBRID"})
    void weReadLibtorrentsWriteResumeData(TorrentVersion version) throws IOException {
        Path torrentFile = makeTorrent(version);
        TorrentInfo torrent = TorrentInfo.load(torrentFile);
        Path resume = dir.resolve("lt.resume");
        run("write", torrentFile.toString(), resume.toString(), "/srv/save");

        AddTorrentParams params = AddTorrentParams.fromResumeData(Files.readAllBytes(resume));
        assertThat(params.infoHashes()).isEqualTo(torrent.infoHashes());
        assertThat(params.torrent().orElseThrow().infoDictionary()).isEqualTo(torrent.infoDictionary());
        assertThat(params.savePath()).isEqualTo(Path.of("/srv/save"));
        assertThat(params.name()).contains("named by libtorrent");
        assertThat(params.filePriorities())
                .isEqualTo(IntStream.range(0, torrent.files().size()).map(i -> i % 8).boxed().toList());
        assertThat(params.havePieces().stream().boxed().toList())
                .isEqualTo(IntStream.range(0, torrent.pieceCount()).filter(p -> p % 2 == 0).boxed().toList());
        int blocks = (torrent.pieceSize(1) + AddTorrentParams.BLOCK_SIZE - 1) / AddTorrentParams.BLOCK_SIZE;
        assertThat(params.unfinishedPieces()).containsOnlyKeys(1);
        assertThat(params.unfinishedPieces().get(1))
                .containsExactlyElementsOf(IntStream.range(0, blocks).filter(b -> b % 2 == 0).boxed().toList());
        assertThat(params.trackers()).containsExactly(List.of("http://127.0.0.1:1/a", "http://127.0.0.1:1/b"),
                List.of("udp://127.0.0.1:2"));
        assertThat(params.webSeeds()).containsExactly("http://127.0.0.1:3/seed/");
        assertThat(params.peers()).containsExactly(new PeerAddress("127.0.0.1", 6881), new PeerAddress("::1", 6882));
        assertThat(params.flags()).containsExactlyInAnyOrder(TorrentFlag.PAUSED, TorrentFlag.SEQUENTIAL_DOWNLOAD);
        assertThat(params.totalUploaded()).isEqualTo(123_456_789L);
        assertThat(params.totalDownloaded()).isEqualTo(987_654_321L);
        assertThat(params.activeTime()).isEqualTo(Duration.ofHours(1));
        assertThat(params.seedingTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(params.addedTime()).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(params.completedTime()).contains(Instant.ofEpochSecond(1_700_003_600L));

        // And back: what we write from it, libtorrent reads as it wrote it.
        Path again = dir.resolve("again.resume");
        Files.write(again, params.toResumeData());
        Map<String, List<String>> theirs = libtorrent("read", again.toString());
        Map<String, List<String>> original = libtorrent("read", resume.toString());
        assertThat(theirs).isEqualTo(original);
    }

    @Test
    void weReadALibtorrentSessionsResumeDataAndItsPiecesVerify() throws Exception {
        Path torrentFile = makeTorrent(TorrentVersion.HYBRID);
        TorrentInfo torrent = TorrentInfo.load(torrentFile);
        Path resume = dir.resolve("session.resume");
        run("session", torrentFile.toString(), resume.toString(), dir.toString());

        AddTorrentParams params = AddTorrentParams.fromResumeData(Files.readAllBytes(resume));
        assertThat(params.infoHashes()).isEqualTo(torrent.infoHashes());
        assertThat(params.savePath()).isEqualTo(dir);
        assertThat(params.havePieceCount()).as("libtorrent checked the files and has them all")
                .isEqualTo(torrent.pieceCount());
        assertThat(params.hasFlag(TorrentFlag.SEQUENTIAL_DOWNLOAD)).isTrue();
        assertThat(params.filePriorities()).containsOnly(AddTorrentParams.DEFAULT_PRIORITY);

        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(params.torrent().orElseThrow(), dir);
        ExecutorService disk = Executors.newFixedThreadPool(2);
        try {
            ResumeDataVerifier.Result result = new ResumeDataVerifier(disk, 2, new Random(1))
                    .verify(params, storage).get(60, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(ResumeDataVerifier.Outcome.TRUSTED);
            assertThat(result.sampled()).isNotEmpty();
        } finally {
            disk.shutdown();
            assertThat(disk.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(new FileLayout(params.torrent().orElseThrow()).pieceCount()).isEqualTo(torrent.pieceCount());
    }

    @ParameterizedTest
    @EnumSource(value = TorrentVersion.class, names = {"V2", "HYBRID"})
    void weRecoverThePieceLayersOfALibtorrentMagnetDownload(TorrentVersion version) throws Exception {
        Path torrentFile = makeTorrent(version);
        TorrentInfo original = TorrentInfo.load(torrentFile);
        Path downloads = dir.resolve("downloads");
        Path resume = dir.resolve("magnet.resume");
        run("magnet", torrentFile.toString(), dir.toString(), resume.toString(), downloads.toString());

        byte[] data = Files.readAllBytes(resume);
        BDictionary raw = (BDictionary) BencodeDecoder.lenient().decode(data);
        assertThat(raw.get("piece layers")).as("libtorrent writes no piece layers").isEmpty();
        assertThat(raw.getList("trees")).as("but its merkle trees").isPresent();
        AddTorrentParams params = AddTorrentParams.fromResumeData(data);
        TorrentInfo loaded = params.torrent().orElseThrow();
        int layers = 0;
        for (FileEntry f : original.files()) {
            if (f.piecesRoot().isPresent() && original.pieceLayer(f.piecesRoot().get()).isPresent()) {
                assertThat(loaded.pieceLayer(f.piecesRoot().get())).as(f.path()).hasValueSatisfying(
                        l -> assertThat(l).isEqualTo(original.pieceLayer(f.piecesRoot().get()).orElseThrow()));
                layers++;
            }
        }
        assertThat(layers).as("files of several pieces").isEqualTo(3);
        assertThat(params.havePieceCount()).isEqualTo(original.pieceCount());

        // With the layers, the claimed pieces of v2 files verify (without them, a v2-only
        // torrent's sample would be UNVERIFIABLE).
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(loaded, downloads);
        ExecutorService disk = Executors.newFixedThreadPool(2);
        try {
            ResumeDataVerifier.Result result = new ResumeDataVerifier(disk, 2, new Random(1))
                    .verify(params, storage).get(60, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(ResumeDataVerifier.Outcome.TRUSTED);
        } finally {
            disk.shutdown();
            assertThat(disk.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TorrentVersion.class, names = {"V2", "HYBRID"})
    void libtorrentTakesThePieceLayersFromOurTrees(TorrentVersion version) throws IOException {
        Path torrentFile = makeTorrent(version);
        TorrentInfo torrent = TorrentInfo.load(torrentFile);
        Path ours = dir.resolve("ours.resume");
        Files.write(ours, AddTorrentParams.fromTorrent(torrent, dir).toResumeData());

        // read_resume_data, then write_torrent_file, which fails unless every file that needs
        // a piece layer got one from the trees.
        List<String> expected = new ArrayList<>();
        for (FileEntry f : torrent.files()) {
            f.piecesRoot().flatMap(torrent::pieceLayer).ifPresent(l -> expected.add(
                    f.piecesRoot().get().toHex() + " " + HexFormat.of().formatHex(l)));
        }
        expected.sort(null);
        Map<String, List<String>> theirs = libtorrent("layers", ours.toString());
        assertThat(theirs).doesNotContainKey("error");
        assertThat(theirs.get("layer")).hasSize(3).isEqualTo(expected);

        // The control: our own piece layers key alone means nothing to libtorrent.
        BDictionary withoutTrees = ((BDictionary) BencodeDecoder.lenient().decode(Files.readAllBytes(ours)))
                .toBuilder().remove("trees").build();
        Path bare = dir.resolve("bare.resume");
        Files.write(bare, BencodeEncoder.encode(withoutTrees));
        assertThat(one(libtorrent("layers", bare.toString()), "error")).contains("piece layer");
    }

    @Test
    void libtorrentVerifiesPartOfAFileWithOurTrees() throws IOException {
        // A v2 file's pieces verify on their own only against its piece layer: without it,
        // libtorrent can check the file only whole, against its root.
        Path torrentFile = makeTorrent(TorrentVersion.V2);
        TorrentInfo torrent = TorrentInfo.load(torrentFile);
        FileEntry first = torrent.files().get(0);
        assertThat(first.size()).isEqualTo(ResumeFixtures.SIZES[0]);
        // Keep the first three pieces of the first file (7 pieces of 32 KiB), lose the rest.
        Path firstFile = dir.resolve(first.path());
        byte[] content = Files.readAllBytes(firstFile);
        Files.write(firstFile, java.util.Arrays.copyOf(content, 3 * ResumeFixtures.PIECE + 100));

        Path ours = dir.resolve("ours.resume");
        Files.write(ours, AddTorrentParams.fromTorrent(torrent, dir).toResumeData());
        List<Integer> have = pieces(one(libtorrent("recheck", ours.toString(), dir.toString()), "have"));
        assertThat(have).contains(0, 1, 2).doesNotContain(3, 4, 5, 6);

        BDictionary withoutTrees = ((BDictionary) BencodeDecoder.lenient().decode(Files.readAllBytes(ours)))
                .toBuilder().remove("trees").build();
        Path bare = dir.resolve("bare.resume");
        Files.write(bare, BencodeEncoder.encode(withoutTrees));
        List<Integer> haveWithout = pieces(one(libtorrent("recheck", bare.toString(), dir.toString()), "have"));
        assertThat(haveWithout).as("the control, without trees").doesNotContain(0, 1, 2, 3, 4, 5, 6);
        assertThat(have).containsAll(haveWithout);
    }

    private static List<Integer> pieces(String csv) {
        return csv.isEmpty() ? List.of()
                : java.util.Arrays.stream(csv.split(",")).map(Integer::valueOf).collect(Collectors.toList());
    }

    /** A .torrent of {@link ResumeFixtures#SIZES} under {@code dir/content}, made by our creator. */
    private Path makeTorrent(TorrentVersion version) throws IOException {
        ResumeFixtures.torrent(dir, version);
        Path file = dir.resolve(version + ".torrent");
        Files.write(file, TorrentCreator.builder(dir.resolve("content")).version(version)
                .pieceSize(ResumeFixtures.PIECE).build().create().bytes());
        return file;
    }

    private static Map<String, List<String>> libtorrent(String... args) throws IOException {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : run(args).stdout().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            lines.computeIfAbsent(key, k -> new ArrayList<>()).add(space < 0 ? "" : line.substring(space + 1));
        }
        return lines;
    }

    private static ProcessRunner.Result run(String... args) throws IOException {
        return ExternalTool.runLibtorrentPython(script(), List.of(args), TIMEOUT).assertSuccess();
    }

    private static String one(Map<String, List<String>> lines, String key) {
        assertThat(lines).containsKey(key);
        assertThat(lines.get(key)).hasSize(1);
        return lines.get(key).get(0);
    }

    private static String joined(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String script() throws IOException {
        try (InputStream in = ResumeDataInteropTest.class.getResourceAsStream("lt_resume.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
