package io.torrentine.testing.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTorrentsTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedSameBytesAndAV1Torrent() throws Exception {
        TestTorrent a = TestTorrents.singleFile(dir.resolve("a"), "p.bin", 100_000, 42, 16 * 1024);
        TestTorrent b = TestTorrents.singleFile(dir.resolve("b"), "p.bin", 100_000, 42, 16 * 1024);
        TestTorrent c = TestTorrents.singleFile(dir.resolve("c"), "p.bin", 100_000, 43, 16 * 1024);
        assertThat(Files.size(a.dataDir().resolve("p.bin"))).isEqualTo(100_000);
        assertThat(a.sha256Under(a.dataDir())).isEqualTo(b.sha256Under(b.dataDir()));
        assertThat(a.infoHashHex()).isEqualTo(b.infoHashHex()).isNotEqualTo(c.infoHashHex());
        // v1 only (BEP 3): aria2 1.36 and Transmission 3.00 cannot take hybrids.
        assertThat(a.info().hasV1()).isTrue();
        assertThat(a.info().hasV2()).isFalse();
        assertThat(a.info().pieceCount()).isEqualTo(7);
        assertThat(a.magnet()).isEqualTo("magnet:?xt=urn:btih:" + a.infoHashHex());
        assertThat(a.torrentFile()).isRegularFile();
    }

    @Test
    void piecesCompleteOnlyForTheExactContent() throws Exception {
        TestTorrent torrent = TestTorrents.multiFile(dir, "folder", List.of(40_000L, 0L, 30_001L), 9, 16 * 1024);
        assertThat(torrent.isCompleteIn(torrent.dataDir())).isTrue();
        torrent.assertSameContentIn(torrent.dataDir());

        Path copy = dir.resolve("copy");
        copyTree(torrent.dataDir(), copy);
        assertThat(torrent.isCompleteIn(copy)).isTrue();
        Path last = copy.resolve("folder/file-2.bin");
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.seek(30_000);
            int b = file.read();
            file.seek(30_000);
            file.write(b ^ 1); // one bit of the last (short) piece
        }
        assertThat(torrent.isCompleteIn(copy)).isFalse();
        assertThatThrownBy(() -> torrent.assertSameContentIn(copy)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("folder/file-2.bin");

        Files.delete(last);
        assertThat(torrent.isCompleteIn(copy)).isFalse();
        assertThat(torrent.sha256Under(copy)).containsEntry("folder/file-2.bin", "missing");
        // A preallocated file of the right size but zeros is not complete either.
        Files.write(last, new byte[30_001]);
        assertThat(torrent.isCompleteIn(copy)).isFalse();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
