package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.metainfo.FileNameRules;
import io.torrentine.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * libtorrent's corpus ({@code shared/conformance/libtorrent-test-torrents}) loaded with the
 * Windows rules: the host's rules only rename, so every torrent is accepted or refused exactly
 * as on Linux (same reason, same info-hashes, same files, sizes and offsets), and every name
 * that comes out is an ordinary, distinct Windows file name. {@link LibtorrentConformanceTest}
 * holds the Linux rules to the manifest.
 */
class WindowsConformanceTest {

    @Test
    void theCorpusLoadsAsOnLinuxWithNamesWindowsKeeps() throws IOException {
        Path corpus = SharedFiles.require("conformance/libtorrent-test-torrents");
        List<Path> torrents;
        try (Stream<Path> s = Files.list(corpus)) {
            torrents = s.filter(p -> p.toString().endsWith(".torrent")).sorted().toList();
        }
        int accepted = 0;
        for (Path file : torrents) {
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            Object onLinux = load(bytes, FileNameRules.POSIX);
            Object onWindows = load(bytes, FileNameRules.WINDOWS);
            if (onLinux instanceof InvalidMetainfoException refused) {
                assertThat(onWindows).as(name).isInstanceOfSatisfying(InvalidMetainfoException.class,
                        e -> assertThat(e.reason()).isEqualTo(refused.reason()));
                continue;
            }
            accepted++;
            TorrentInfo linux = (TorrentInfo) onLinux;
            assertThat(onWindows).as(name).isInstanceOf(TorrentInfo.class);
            TorrentInfo windows = (TorrentInfo) onWindows;
            assertThat(windows.infoHashes()).as(name).isEqualTo(linux.infoHashes());
            assertThat(windows.files()).as(name).hasSameSizeAs(linux.files());
            for (int i = 0; i < linux.files().size(); i++) {
                FileEntry l = linux.files().get(i);
                FileEntry w = windows.files().get(i);
                assertThat(List.of(w.size(), w.offset(), w.pad())).as("%s file %d", name, i)
                        .isEqualTo(List.of(l.size(), l.offset(), l.pad()));
            }
            assertWindowsSafeAndDistinct(name, windows);
        }
        assertThat(accepted).as("torrents of the corpus that load").isGreaterThan(50);
    }

    @Test
    void aTrailingSpaceKeptOnLinuxIsDroppedOnWindows() throws IOException {
        // The manifest: invalid_name3.torrent is named 'foobar ' ("trailing space kept on POSIX").
        byte[] bytes = Files.readAllBytes(
                SharedFiles.require("conformance/libtorrent-test-torrents").resolve("invalid_name3.torrent"));
        assertThat(TorrentInfo.parse(bytes, MetainfoLimits.DEFAULT, FileNameRules.POSIX).name()).isEqualTo("foobar ");
        assertThat(TorrentInfo.parse(bytes, MetainfoLimits.DEFAULT, FileNameRules.WINDOWS).name()).isEqualTo("foobar");
    }

    private static Object load(byte[] bytes, FileNameRules rules) {
        try {
            return TorrentInfo.parse(bytes, MetainfoLimits.DEFAULT, rules);
        } catch (InvalidMetainfoException e) {
            return e;
        }
    }

    /** No unusable component, and no two files (or a file and a directory) equal but for case. */
    private static void assertWindowsSafeAndDistinct(String name, TorrentInfo torrent) {
        Set<String> files = new HashSet<>();
        Set<String> directories = new HashSet<>();
        for (FileEntry f : torrent.files()) {
            for (String c : f.pathComponents()) {
                assertThat(FileNameRules.WINDOWS.isUsable(c)).as("%s: %s", name, f.path()).isTrue();
            }
            if (f.pad()) {
                continue;
            }
            List<String> p = f.pathComponents();
            for (int depth = 1; depth < p.size(); depth++) {
                directories.add(FileNameRules.WINDOWS.collisionKey(String.join("/", p.subList(0, depth))));
            }
            assertThat(files.add(FileNameRules.WINDOWS.collisionKey(f.path()))).as("%s: %s", name, f.path()).isTrue();
        }
        Set<String> clash = new HashSet<>(files);
        clash.retainAll(directories);
        assertThat(clash).as("%s: files named like a directory", name).isEmpty();
    }
}
