package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.internal.disk.FileStorageFactory;
import io.torrentine.internal.metainfo.FileNameRules;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrents whose names hit each Windows rule, loaded with {@link FileNameRules#WINDOWS} on
 * whatever host runs the tests: they load, their files get the names libtorrent uses on Windows
 * (libtorrent 2.0's {@code TORRENT_WINDOWS} rules, DOS device names as libtorrent 2.2), the data
 * lands in those files, and the same torrents loaded with the Linux rules keep their names.
 */
class WindowsFileNamesTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path dir;

    private static TorrentInfo windows(byte[] torrent) {
        return TorrentInfo.parse(torrent, MetainfoLimits.DEFAULT, FileNameRules.WINDOWS);
    }

    private static TorrentInfo posix(byte[] torrent) {
        return TorrentInfo.parse(torrent, MetainfoLimits.DEFAULT, FileNameRules.POSIX);
    }

    /** A v1 multi-file torrent (BEP 3) of 1000-byte files with these raw path components. */
    private static byte[] v1Torrent(String name, List<List<String>> paths) {
        List<BValue> files = new ArrayList<>();
        for (List<String> path : paths) {
            List<BValue> components = new ArrayList<>();
            for (String c : path) {
                components.add(BString.of(c.getBytes(StandardCharsets.UTF_8)));
            }
            files.add(BDictionary.builder().put("length", 1000).put("path", BList.of(components)).build());
        }
        int pieces = (paths.size() * 1000 + PIECE - 1) / PIECE;
        BDictionary info = BDictionary.builder().put("name", BString.of(name.getBytes(StandardCharsets.UTF_8)))
                .put("piece length", PIECE).put("pieces", new byte[pieces * 20]).put("files", BList.of(files))
                .build();
        return BencodeEncoder.encode(BDictionary.builder().put("info", info).build());
    }

    private static byte[] singleFileTorrent(String name) {
        BDictionary info = BDictionary.builder().put("name", BString.of(name.getBytes(StandardCharsets.UTF_8)))
                .put("piece length", PIECE).put("pieces", new byte[20]).put("length", 100).build();
        return BencodeEncoder.encode(BDictionary.builder().put("info", info).build());
    }

    private static List<String> paths(TorrentInfo t) {
        return t.files().stream().filter(f -> !f.pad()).map(FileEntry::path).toList();
    }

    @Test
    void aTorrentThatHitsEveryRuleLoadsWithTheNamesLibtorrentUsesOnWindows() {
        String e300 = "é".repeat(300);
        byte[] torrent = v1Torrent("NUL", List.of(
                List.of("a:b*c?.txt"),                 // valid_path_character: ?<>"|*: become _
                List.of("quote\"pipe|<x>.bin"),
                List.of("dir. ", "file. "),           // trailing dots and spaces are removed
                List.of("CON"),                        // device names get _ after the device part
                List.of("aux.log"),
                List.of("com1", "lpt9.dat"),
                List.of("COM\u00B9.txt"),
                List.of("Readme.txt"),                 // duplicates ignore case
                List.of("README.TXT"),
                List.of("dir", "FILE"),                // ... also against what trimming made
                List.of("ctrl\u0001char"),             // control characters: _ everywhere
                List.of(e300),                         // 240 characters, not 240 bytes
                List.of("..."),                        // nothing left after trimming: _
                List.of("a_b_c_.txt")));               // collides with what ':' '*' '?' became

        TorrentInfo onWindows = windows(torrent);
        assertThat(onWindows.name()).isEqualTo("NUL_");
        assertThat(paths(onWindows)).containsExactly(
                "NUL_/a_b_c_.txt",
                "NUL_/quote_pipe__x_.bin",
                "NUL_/dir/file",
                "NUL_/CON_",
                "NUL_/aux_.log",
                "NUL_/com1_/lpt9_.dat",
                "NUL_/COM\u00B9_.txt",
                "NUL_/Readme.txt",
                "NUL_/README.1.TXT",
                "NUL_/dir/FILE.1",
                "NUL_/ctrl_char",
                "NUL_/" + "é".repeat(240),
                "NUL_/_",
                "NUL_/a_b_c_.1.txt");
        for (FileEntry f : onWindows.files()) {
            for (String c : f.pathComponents()) {
                assertThat(FileNameRules.WINDOWS.isUsable(c)).as(f.path()).isTrue();
            }
        }

        // The same bytes on Linux: libtorrent's rules for every platform only.
        TorrentInfo onLinux = posix(torrent);
        assertThat(paths(onLinux)).containsExactly(
                "NUL/a:b*c?.txt",
                "NUL/quote\"pipe|<x>.bin",
                "NUL/dir. /file. ",
                "NUL/CON",
                "NUL/aux.log",
                "NUL/com1/lpt9.dat",
                "NUL/COM\u00B9.txt",
                "NUL/Readme.txt",
                "NUL/README.TXT",
                "NUL/dir/FILE",
                "NUL/ctrl_char",
                "NUL/" + "é".repeat(120),
                "NUL/...",
                "NUL/a_b_c_.txt");
        assertThat(onWindows.infoHashes()).isEqualTo(onLinux.infoHashes());
        assertThat(onWindows.files()).extracting(FileEntry::offset)
                .isEqualTo(onLinux.files().stream().map(FileEntry::offset).toList());
    }

    @Test
    void aNameThatIsOnlyADeviceNameNeverNamesTheDevice() {
        assertThat(paths(windows(singleFileTorrent("CON")))).containsExactly("CON_");
        assertThat(paths(windows(singleFileTorrent("nul.txt")))).containsExactly("nul_.txt");
        assertThat(paths(windows(singleFileTorrent("Aux ")))).containsExactly("Aux_");
        assertThat(paths(windows(singleFileTorrent("com1.")))).containsExactly("com1_");
        assertThat(paths(windows(singleFileTorrent("LPT\u00B3.log")))).containsExactly("LPT\u00B3_.log");
        assertThat(paths(windows(singleFileTorrent("prn\u202E")))).containsExactly("prn_");
        assertThat(paths(windows(v1Torrent("PRN", List.of(List.of("clock$"), List.of("Clock$.x"))))))
                .containsExactly("PRN_/clock$_", "PRN_/Clock$_.x");

        // Metadata from peers (BEP 9) goes through the same rules.
        byte[] torrent = singleFileTorrent("CON.mkv");
        TorrentInfo loaded = windows(torrent);
        TorrentInfo fromPeers = TorrentInfo.fromInfoDictionary(loaded.infoDictionary(), loaded.infoHashes(),
                FileNameRules.WINDOWS);
        assertThat(paths(fromPeers)).containsExactly("CON_.mkv");
        assertThat(paths(posix(torrent))).containsExactly("CON.mkv");
    }

    @Test
    void aHybridTorrentOfHostileNamesIsWrittenUnderItsWindowsNamesAndReadsBackVerified() throws IOException {
        // A folder that Linux allows and Windows does not, made into a hybrid torrent (BEP 52)
        // by our creator, so that the v1 list and the v2 tree must agree after sanitizing.
        Path source = Files.createDirectories(dir.resolve("source").resolve("NUL"));
        Files.createDirectories(source.resolve("dir"));
        List<String> names = List.of("README", "Readme", "a:b.txt", "com1.log", "dir/x|y", "trailing. ",
                "what?.bin");
        Random random = new Random(7);
        for (int i = 0; i < names.size(); i++) {
            byte[] content = new byte[5_000 + 7_919 * i];
            random.nextBytes(content);
            Files.write(source.resolve(names.get(i)), content);
        }
        byte[] torrent = TorrentCreator.builder(source).version(TorrentVersion.HYBRID).pieceSize(PIECE)
                .omitCreationDate().build().create().bytes();

        TorrentInfo onLinux = posix(torrent);
        TorrentInfo onWindows = windows(torrent);
        assertThat(onWindows.hasV1()).isTrue();
        assertThat(onWindows.hasV2()).isTrue();
        assertThat(paths(onLinux)).containsExactly("NUL/README", "NUL/Readme", "NUL/a:b.txt", "NUL/com1.log",
                "NUL/dir/x|y", "NUL/trailing. ", "NUL/what?.bin");
        assertThat(paths(onWindows)).containsExactly("NUL_/README", "NUL_/Readme.1", "NUL_/a_b.txt",
                "NUL_/com1_.log", "NUL_/dir/x_y", "NUL_/trailing", "NUL_/what_.bin");

        // Copy every piece from the source files (read with the Linux names) into a save path
        // laid out with the Windows names, then check each piece there against its v1 hash.
        Path save = Files.createDirectories(dir.resolve("save"));
        FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults().withMaxOpenFiles(4));
        try (TorrentStorage from = factory.open(StorageParams.of(onLinux, dir.resolve("source")));
             TorrentStorage to = factory.open(StorageParams.of(onWindows, save))) {
            to.initialize();
            for (int p = 0; p < onWindows.pieceCount(); p++) {
                ByteBuffer piece = ByteBuffer.allocate(onWindows.pieceSize(p));
                assertThat(from.read(p, 0, piece)).isEqualTo(onWindows.pieceSize(p));
                to.write(p, 0, piece.flip());
            }
            for (int p = 0; p < onWindows.pieceCount(); p++) {
                ByteBuffer piece = ByteBuffer.allocate(onWindows.pieceSize(p));
                assertThat(to.read(p, 0, piece)).isEqualTo(onWindows.pieceSize(p));
                assertThat(sha1(piece.array())).as("piece %d", p).isEqualTo(onWindows.pieceHash(p).toByteArray());
            }
        }
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(save)) {
            onDisk = files.filter(Files::isRegularFile).map(p -> save.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertThat(onDisk).containsExactlyElementsOf(paths(onWindows).stream().sorted().toList());
        for (int i = 0; i < onWindows.files().size(); i++) {
            FileEntry f = onWindows.files().get(i);
            if (!f.pad()) {
                byte[] original = Files.readAllBytes(dir.resolve("source").resolve(onLinux.files().get(i).path()));
                assertThat(Arrays.equals(Files.readAllBytes(save.resolve(f.path())), original)).as(f.path()).isTrue();
            }
        }
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
