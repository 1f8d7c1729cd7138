package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import io.torrentine.testing.SharedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every torrent of libtorrent's corpus that loads (absolute paths, {@code ..}, backslashes, odd
 * names, symlinks, pad files) is written through the storage into a save path inside a
 * temporary root that also holds a planted symbolic link pointing out of the save path. Then the
 * whole temporary tree is walked: nothing exists outside the save paths, and nothing was
 * written through the planted links.
 */
class HostilePathsTest {
    /** Torrents above this size get a sample of their blocks written (see below), not all. */
    private static final long FULL_WRITE_LIMIT = 64L << 20;

    @TempDir
    Path root;

    private final FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults().withMaxOpenFiles(8));

    @Test
    void nothingIsEverCreatedOutsideTheSavePath() throws IOException {
        Path corpus = SharedFiles.require("conformance/libtorrent-test-torrents");
        Path outside = Files.createDirectories(root.resolve("outside"));
        List<Path> savePaths = new ArrayList<>();
        int loaded = 0;
        int refusedThroughLinks = 0;
        List<Path> torrents;
        try (Stream<Path> s = Files.list(corpus)) {
            torrents = s.filter(p -> p.toString().endsWith(".torrent")).sorted().toList();
        }
        for (Path file : torrents) {
            TorrentInfo torrent;
            try {
                torrent = TorrentInfo.load(file);
            } catch (InvalidMetainfoException rejected) {
                continue;
            }
            loaded++;
            String name = file.getFileName().toString();

            // 1. A save path with a planted link out that no file uses: everything is written.
            Path save = Files.createDirectories(root.resolve("save-" + name));
            savePaths.add(save);
            Files.createSymbolicLink(save.resolve("planted-link"), outside);
            try (TorrentStorage storage = factory.open(StorageParams.of(torrent, save))) {
                storage.initialize();
                writeEverything(storage, torrent);
            }
            for (FileEntry f : torrent.files()) {
                if (!f.pad() && !f.isSymlink()) {
                    Path written = save.resolve(f.path());
                    assertThat(Files.isRegularFile(written, LinkOption.NOFOLLOW_LINKS)).as("%s: %s", name, f.path()).isTrue();
                    assertThat(Files.size(written)).as("%s: %s", name, f.path()).isEqualTo(f.size());
                }
            }

            // 2. A save path whose torrent directory (or single file) is a planted link out:
            //    every write and every symlink is refused, none lands outside.
            Path trapped = Files.createDirectories(root.resolve("trap-" + name));
            savePaths.add(trapped);
            String top = firstRealFile(torrent).pathComponents().get(0);
            Files.createSymbolicLink(trapped.resolve(top), outside);
            try (TorrentStorage storage = factory.open(StorageParams.of(torrent, trapped))) {
                try {
                    storage.initialize();
                } catch (StorageException e) {
                    assertThat(e.reason()).as(name).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH);
                }
                refusedThroughLinks += writeEverythingExpectingRefusals(storage, torrent, name);
            }
        }
        assertThat(loaded).as("torrents of the corpus that load").isGreaterThan(50);
        assertThat(refusedThroughLinks).as("writes refused at the planted links").isGreaterThan(loaded);

        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).as("nothing was written through a planted link").isEmpty();
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> stray = all.filter(p -> !p.equals(root) && !p.equals(outside))
                    .filter(p -> savePaths.stream().noneMatch(p::startsWith))
                    .toList();
            assertThat(stray).as("paths outside every save path").isEmpty();
        }
        // And inside each save path, links we created point inside it.
        for (Path save : savePaths) {
            try (Stream<Path> s = Files.walk(save)) {
                for (Path p : s.filter(Files::isSymbolicLink).toList()) {
                    if (p.getParent().equals(save) && Files.readSymbolicLink(p).equals(outside)) {
                        continue; // the planted links
                    }
                    Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
                    assertThat(target.startsWith(save)).as("%s -> %s", p, target).isTrue();
                }
            }
        }
    }

    /**
     * Writes zeros over the torrent. Up to {@link #FULL_WRITE_LIMIT}, every block; above it
     * (five torrents of 0.9 to 5 GB, which would cost gigabytes of disk for no extra path) the
     * first and last block of every piece and the blocks where each file starts and ends, so
     * every file is still written, to its full length.
     */
    private static void writeEverything(TorrentStorage storage, TorrentInfo torrent) {
        FileLayout layout = new FileLayout(torrent);
        for (int[] block : blocks(layout)) {
            ByteBuffer zeros = ByteBuffer.allocate(layout.blockSize(block[0], block[1]));
            storage.write(block[0], block[1] * FileLayout.BLOCK_SIZE, zeros);
        }
    }

    private static int writeEverythingExpectingRefusals(TorrentStorage storage, TorrentInfo torrent, String name) {
        FileLayout layout = new FileLayout(torrent);
        int refused = 0;
        for (int[] block : blocks(layout)) {
            ByteBuffer zeros = ByteBuffer.allocate(layout.blockSize(block[0], block[1]));
            try {
                storage.write(block[0], block[1] * FileLayout.BLOCK_SIZE, zeros);
            } catch (StorageException e) {
                assertThat(e.reason()).as(name).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH);
                refused++;
            }
        }
        return refused;
    }

    private static List<int[]> blocks(FileLayout layout) {
        List<int[]> blocks = new ArrayList<>();
        boolean all = layout.torrent().totalSize() <= FULL_WRITE_LIMIT;
        for (int p = 0; p < layout.pieceCount(); p++) {
            int count = layout.blockCount(p);
            for (int b = 0; b < count; b++) {
                if (all || b == 0 || b == count - 1) {
                    blocks.add(new int[] {p, b});
                }
            }
        }
        if (!all) {
            for (FileEntry f : layout.torrent().files()) {
                if (f.size() > 0 && !f.pad()) {
                    for (long at : new long[] {f.offset(), f.endOffset() - 1}) {
                        int piece = (int) (at / layout.pieceLength());
                        blocks.add(new int[] {piece, (int) (at % layout.pieceLength()) / FileLayout.BLOCK_SIZE});
                    }
                }
            }
        }
        return blocks;
    }

    private static FileEntry firstRealFile(TorrentInfo torrent) {
        return torrent.files().stream().filter(f -> !f.pad() && f.size() > 0).findFirst()
                .orElse(torrent.files().get(0));
    }
}
