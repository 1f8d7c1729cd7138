package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.Span;
import io.torrentine.testing.ExternalTool;
import io.torrentine.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Torrents we create, read by libtorrent 2.0.8 ({@code python3-libtorrent}) and compared with
 * what libtorrent's {@code create_torrent} and mktorrent make of the same content.
 *
 * <p>Which info-hashes match, and why:
 * <ul>
 *   <li>v2 and hybrid, single file and folder: libtorrent's, always. libtorrent sorts the
 *       files of a v2 or hybrid torrent (path component by component) and pads them as we do.
 *   <li>v1 single file: libtorrent's and mktorrent's.
 *   <li>v1 folder: libtorrent's only when it gets the files in our order. {@code add_files}
 *       keeps the order the directory listing happens to give (it sorts only for v2 and
 *       hybrid), so the test builds libtorrent's file list in our order to compare hashes.
 *   <li>v1 folder against mktorrent: equal unless a name is a prefix of a sibling's name
 *       followed by a byte below {@code /} ({@code a/b} and {@code a.txt}): mktorrent sorts
 *       whole path strings ({@code a.txt} first), we and libtorrent sort component by
 *       component ({@code a/b} first). mktorrent also writes no {@code attr} x, so executable
 *       files need {@code executableAttribute(false)}.
 * </ul>
 */
@Tag("interop")
class TorrentCreatorInteropTest {
    private static final int PIECE = 32 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * Loads our torrent and makes libtorrent's own of the same content; prints what both give.
     * Arguments: our .torrent, the content path, piece size, V1|V2|HYBRID, then the files of
     * our torrent in our order as "size/relative-path" (for a v1 list in our order).
     */
    private static final String SCRIPT = String.join("\n",
            "import sys, os, libtorrent as lt",
            "ours, content, piece, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]",
            "order = sys.argv[5:]",
            "flags = {'V1': lt.create_torrent.v1_only, 'V2': lt.create_torrent.v2_only,"
                    + " 'HYBRID': 0}[mode]",
            "def hashes(ti):",
            "    ih = ti.info_hashes()",
            "    return (str(ih.v1) if ih.has_v1() else '-') + ' ' + (str(ih.v2) if ih.has_v2() else '-')",
            "def make(fs):",
            "    ct = lt.create_torrent(fs, piece, flags=flags)",
            "    ct.set_creator('')",
            "    lt.set_piece_hashes(ct, os.path.dirname(content))",
            "    return lt.torrent_info(ct.generate())",
            "ti = lt.torrent_info(ours)",
            "print('loaded ' + hashes(ti))",
            "print('pieces %d' % ti.num_pieces())",
            "print('piece_length %d' % ti.piece_length())",
            "fs = ti.files()",
            "for i in range(fs.num_files()):",
            "    pad = 'pad' if fs.file_flags(i) & lt.file_storage.flag_pad_file else 'file'",
            "    print('file %s %d %s' % (pad, fs.file_size(i), fs.file_path(i)))",
            "mine = lt.file_storage()",
            "lt.add_files(mine, content)",
            "print('libtorrent ' + hashes(make(mine)))",
            "same = lt.file_storage()",
            "name = os.path.basename(content)",
            "for entry in order:",
            "    size, rel = entry.split('/', 1)",
            "    same.add_file(os.path.join(name, rel) if rel else name, int(size))",
            "if order:",
            "    print('libtorrent_in_our_order ' + hashes(make(same)))");

    @TempDir
    Path dir;

    private Path folder;
    private Path single;

    @BeforeEach
    void content() throws IOException {
        folder = dir.resolve("content");
        write("content/readme.txt", 1234);
        write("content/video/part1.bin", 100_000);
        write("content/video/part2.bin", 32 * 1024);
        write("content/video/subs/en.srt", 7_000);
        write("content/.hidden", 5);
        write("content/empty", 0);
        write("content/zz/last.dat", 40_001);
        single = write("single.iso", 250_000);
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void libtorrentLoadsOurFolderTorrentsAndMakesTheSameOnes(TorrentVersion version)
            throws IOException {
        CreatedTorrent ours = create(folder, version);
        Report report = libtorrent(ours, folder, version);

        assertThat(report.loaded).isEqualTo(describe(ours.infoHashes()));
        assertThat(report.pieces).isEqualTo(ours.pieceCount());
        assertThat(report.pieceLength).isEqualTo(PIECE);
        List<String> expectedFiles = new ArrayList<>(List.of(
                "file 5 content/.hidden",
                "file 0 content/empty",
                "file 1234 content/readme.txt",
                "file 100000 content/video/part1.bin",
                "file 32768 content/video/part2.bin",
                "file 7000 content/video/subs/en.srt",
                "file 40001 content/zz/last.dat"));
        if (version.hasV2()) {
            // Hybrid: our BEP 47 pads, after each file that does not end on a piece boundary
            // (none after an empty file or part2.bin, which is exactly one piece), the last
            // file included. v2: the same pads, which libtorrent adds itself when it loads a
            // BEP 52 file tree, since every file starts on a piece boundary there.
            expectedFiles = List.of(
                    "file 5 content/.hidden", "pad 32763 content/.pad/32763",
                    "file 0 content/empty",
                    "file 1234 content/readme.txt", "pad 31534 content/.pad/31534",
                    "file 100000 content/video/part1.bin", "pad 31072 content/.pad/31072",
                    "file 32768 content/video/part2.bin",
                    "file 7000 content/video/subs/en.srt", "pad 25768 content/.pad/25768",
                    "file 40001 content/zz/last.dat", "pad 25535 content/.pad/25535");
        }
        assertThat(report.files).containsExactlyElementsOf(expectedFiles);

        if (version == TorrentVersion.V1) {
            assertThat(report.libtorrentInOurOrder).isEqualTo(report.loaded);
        } else {
            assertThat(report.libtorrent).isEqualTo(report.loaded);
        }
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void libtorrentLoadsOurSingleFileTorrentsAndMakesTheSameOnes(TorrentVersion version)
            throws IOException {
        CreatedTorrent ours = create(single, version);
        Report report = libtorrent(ours, single, version);

        assertThat(report.loaded).isEqualTo(describe(ours.infoHashes()));
        assertThat(report.libtorrent).isEqualTo(report.loaded);
        assertThat(report.pieces).isEqualTo(8).isEqualTo(ours.pieceCount());
        if (version == TorrentVersion.V2) {
            // libtorrent's view of a v2 file tree pads even a single file to a whole piece.
            assertThat(report.files).containsExactly("file 250000 single.iso",
                    "pad 12144 single.iso/.pad/12144");
        } else {
            assertThat(report.files).containsExactly("file 250000 single.iso");
        }
    }

    @Test
    void libtorrentAgreesOnTheAutomaticPieceSize() throws IOException {
        Path big = write("big.bin", 3_000_000);
        CreatedTorrent ours = TorrentCreator.builder(big).build().create();
        Path torrentFile = Files.write(dir.resolve("auto.torrent"), ours.bytes());

        ProcessRunner.Result result = ExternalTool.runLibtorrentPython(String.join("\n",
                        "import sys, libtorrent as lt",
                        "fs = lt.file_storage()",
                        "fs.add_file('big.bin', 3000000)",
                        "print(lt.create_torrent(fs, 0).piece_length(),"
                                + " lt.torrent_info(sys.argv[1]).piece_length())"),
                List.of(torrentFile.toString()), TIMEOUT).assertSuccess();

        assertThat(result.stdout().trim()).isEqualTo("32768 32768");
    }

    @Test
    void mktorrentMakesTheSameV1InfoHash() throws IOException {
        Path mktorrent = ExternalTool.require("mktorrent", "mktorrent");
        for (Path source : List.of(single, folder)) {
            CreatedTorrent ours = TorrentCreator.builder(source).version(TorrentVersion.V1)
                    .pieceSize(PIECE).executableAttribute(false)
                    .addTracker("http://127.0.0.1:6969/announce").privateTorrent(true)
                    .build().create();
            Path theirs = dir.resolve(source.getFileName() + ".mktorrent.torrent");
            ProcessRunner.run(List.of(mktorrent.toString(), "-d", "-p", "-t", "2", "-l", "15",
                    "-a", "http://127.0.0.1:6969/announce", "-o", theirs.toString(),
                    source.toString()), dir, TIMEOUT).assertSuccess();

            assertThat(v1InfoHash(Files.readAllBytes(theirs)))
                    .as("mktorrent's v1 info-hash of %s", source.getFileName())
                    .isEqualTo(ours.infoHashes().v1().orElseThrow());
        }
    }

    @Test
    void mktorrentSortsWholePathsSoPrefixNamesDiffer() throws IOException {
        Path mktorrent = ExternalTool.require("mktorrent", "mktorrent");
        Path source = dir.resolve("prefix");
        write("prefix/a/b", 10);
        write("prefix/a.txt", 10);
        Path theirs = dir.resolve("prefix.torrent");
        ProcessRunner.run(List.of(mktorrent.toString(), "-d", "-l", "15", "-o",
                theirs.toString(), source.toString()), dir, TIMEOUT).assertSuccess();
        CreatedTorrent ours = TorrentCreator.builder(source).version(TorrentVersion.V1)
                .pieceSize(PIECE).build().create();

        assertThat(paths(Files.readAllBytes(theirs))).containsExactly("a.txt", "a/b");
        assertThat(paths(ours.bytes())).containsExactly("a/b", "a.txt");
    }

    // ---------------------------------------------------------------- helpers

    private CreatedTorrent create(Path source, TorrentVersion version) {
        return TorrentCreator.builder(source).version(version).pieceSize(PIECE)
                .omitCreationDate().build().create();
    }

    /** What libtorrent made of our torrent and of the same content. */
    private record Report(String loaded, int pieces, int pieceLength, List<String> files,
                          String libtorrent, String libtorrentInOurOrder) {
    }

    private Report libtorrent(CreatedTorrent ours, Path content, TorrentVersion version)
            throws IOException {
        Path torrentFile = Files.write(dir.resolve("ours-" + version + ".torrent"), ours.bytes());
        List<String> args = new ArrayList<>(List.of(torrentFile.toString(), content.toString(),
                Integer.toString(PIECE), version.name()));
        args.addAll(ourOrder(ours));
        ProcessRunner.Result result = ExternalTool.runLibtorrentPython(SCRIPT, args, TIMEOUT)
                .assertSuccess();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] keyValue = line.split(" ", 2);
            if (keyValue[0].equals("file")) {
                files.add(keyValue[1]);
            } else if (keyValue.length == 2) {
                values.put(keyValue[0], keyValue[1]);
            }
        }
        return new Report(values.get("loaded"), Integer.parseInt(values.get("pieces")),
                Integer.parseInt(values.get("piece_length")), files, values.get("libtorrent"),
                values.get("libtorrent_in_our_order"));
    }

    /** Our non-pad files in our order, as "size/path-below-the-name". */
    private static List<String> ourOrder(CreatedTorrent ours) {
        BDictionary info = info(ours.bytes());
        if (info.get("files").isEmpty() && info.get("length").isPresent()) {
            return List.of(info.getLong("length").orElseThrow() + "/");
        }
        if (info.get("files").isEmpty()) {
            return List.of();
        }
        List<String> order = new ArrayList<>();
        info.getList("files").orElseThrow().values().forEach(v -> {
            BDictionary file = (BDictionary) v;
            if (file.getString("attr").map(a -> a.asUtf8().contains("p")).orElse(false)) {
                return;
            }
            order.add(file.getLong("length").orElseThrow() + "/" + String.join("/",
                    file.getList("path").orElseThrow().values().stream()
                            .map(c -> ((io.torrentine.bencode.BString) c).asUtf8()).toList()));
        });
        return order;
    }

    private static List<String> paths(byte[] torrent) {
        return info(torrent).getList("files").orElseThrow().values().stream()
                .map(v -> String.join("/", ((BDictionary) v).getList("path").orElseThrow()
                        .values().stream().map(c -> ((io.torrentine.bencode.BString) c).asUtf8())
                        .toList()))
                .toList();
    }

    private static BDictionary info(byte[] torrent) {
        return ((BDictionary) BencodeDecoder.strict().decode(torrent)).getDictionary("info")
                .orElseThrow();
    }

    private static Sha1Hash v1InfoHash(byte[] torrent) {
        Span span = info(torrent).span().orElseThrow();
        try {
            return Sha1Hash.of(MessageDigest.getInstance("SHA-1")
                    .digest(Arrays.copyOfRange(torrent, span.offset(), span.end())));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String describe(InfoHashes hashes) {
        return hashes.v1().map(Sha1Hash::toHex).orElse("-") + " "
                + hashes.v2().map(Sha256Hash::toHex).orElse("-");
    }

    private Path write(String relative, int size) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        byte[] content = new byte[size];
        new Random(relative.hashCode()).nextBytes(content);
        return Files.write(path, content);
    }
}
