package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.internal.resume.ResumeDataFile;
import io.torrentine.internal.resume.ResumeDataVerifier;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import io.torrentine.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing verified is lost in a crash: a downloading process is killed with SIGKILL while it
 * writes; restarted from its last resume data, every piece the resume data claims re-hashes
 * correctly, the sample check trusts it, and the download finishes with the right bytes.
 */
class CrashSafetyTest {
    private static final int PIECE = 64 * 1024;
    private static final int KILL_AFTER_PIECES = 150;

    @TempDir
    Path dir;

    @Test
    void aDownloadKilledWhileWritingResumesFromItsResumeData() throws Exception {
        Path content = dir.resolve("content");
        Path payload = content.resolve("payload");
        Random random = new Random(11);
        int[] sizes = {40 << 20, 3_000_001, 0, 17, 20 << 20, 1 << 20};
        for (int i = 0; i < sizes.length; i++) {
            byte[] bytes = new byte[sizes[i]];
            random.nextBytes(bytes);
            Files.createDirectories(payload);
            Files.write(payload.resolve("file-" + i), bytes);
        }
        Path torrentFile = dir.resolve("payload.torrent");
        Files.write(torrentFile, TorrentCreator.builder(payload).version(TorrentVersion.HYBRID)
                .pieceSize(PIECE).build().create().bytes());
        TorrentInfo torrent = TorrentInfo.load(torrentFile);
        Path save = dir.resolve("save");
        Path resumePath = dir.resolve("payload.resume");

        Process child = new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dio.netty.leakDetection.level=disabled", CrashingDownloader.class.getName(),
                torrentFile.toString(), content.toString(), save.toString(), resumePath.toString(), "42")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int saved = awaitSavedPieces(child, KILL_AFTER_PIECES);
            assertThat(saved).as("the child saved pieces and had not finished").isGreaterThanOrEqualTo(KILL_AFTER_PIECES);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);

        AddTorrentParams resumed = AddTorrentParams.fromResumeData(new ResumeDataFile(resumePath).read().orElseThrow(), torrent);
        int claimed = resumed.havePieceCount();
        assertThat(claimed).isGreaterThanOrEqualTo(KILL_AFTER_PIECES).isLessThan(torrent.pieceCount());

        FileLayout layout = new FileLayout(torrent);
        try (TorrentStorage storage = StorageFactory.files().open(StorageParams.of(torrent, save))) {
            PieceVerifier verifier = new PieceVerifier(layout);
            for (int piece = resumed.havePieces().nextSetBit(0); piece >= 0; piece = resumed.havePieces().nextSetBit(piece + 1)) {
                ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
                assertThat(storage.read(piece, 0, data)).as("claimed piece %d is all there", piece).isEqualTo(layout.pieceSize(piece));
                assertThat(verifier.verify(piece, data.flip())).as("claimed piece %d", piece).isEqualTo(PieceVerifier.Result.PASSED);
            }
            ResumeDataVerifier.Result sample = new ResumeDataVerifier(Runnable::run, 1, new Random(3))
                    .verify(resumed, storage).get(60, TimeUnit.SECONDS);
            assertThat(sample.needsFullCheck()).as("sample check of the resume data: %s", sample).isFalse();
        }

        finishDownload(torrent, layout, content, save, resumed);
        for (FileEntry f : torrent.files()) {
            if (!f.pad()) {
                assertThat(Files.mismatch(content.resolve(f.path()), save.resolve(f.path())))
                        .as("bytes of %s", f.path()).isEqualTo(-1L);
            }
        }
    }

    /** Reads the child's progress lines until it has saved {@code target} pieces. */
    private static int awaitSavedPieces(Process child, int target) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("saved ")) {
                int saved = Integer.parseInt(line.substring(6));
                if (saved >= target) {
                    return saved;
                }
            } else {
                throw new AssertionError("unexpected output from the downloader: " + line);
            }
        }
        throw new AssertionError("the downloader stopped before saving " + target + " pieces (exit "
                + waitQuietly(child) + ")");
    }

    private static int waitQuietly(Process p) {
        try {
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessRunner.kill(p);
            return -1;
        }
    }

    /** Downloads the pieces the resume data does not claim, through the disk layer, verifying each. */
    private static void finishDownload(TorrentInfo torrent, FileLayout layout, Path content, Path save,
                                       AddTorrentParams resumed) throws Exception {
        try (DiskIoThreadPool pool = new DiskIoThreadPool(DiskIoConfig.defaults());
             TorrentStorage source = StorageFactory.files().open(StorageParams.of(torrent, content))) {
            TorrentDiskIo disk = pool.open(StorageFactory.files(), StorageParams.of(torrent, save), Runnable::run)
                    .get(30, TimeUnit.SECONDS);
            disk.initialize().get(30, TimeUnit.SECONDS);
            for (int piece = 0; piece < layout.pieceCount(); piece++) {
                if (resumed.hasPiece(piece)) {
                    continue;
                }
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int block = 0; block < layout.blockCount(piece); block++) {
                    ByteBuffer bytes = ByteBuffer.allocate(layout.blockSize(piece, block));
                    source.read(piece, block * FileLayout.BLOCK_SIZE, bytes);
                    writes.add(disk.write(piece, block * FileLayout.BLOCK_SIZE, Unpooled.wrappedBuffer(bytes.flip())));
                }
                assertThat(disk.hash(piece).get(30, TimeUnit.SECONDS)).isEqualTo(PieceVerifier.Result.PASSED);
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            disk.close().get(30, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
