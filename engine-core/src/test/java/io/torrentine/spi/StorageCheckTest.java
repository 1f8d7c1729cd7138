package io.torrentine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public way to check data: {@link StorageFactory#files()} and {@link StorageCheck}. */
class StorageCheckTest {
    @TempDir
    Path dir;

    @Test
    void checksFilesOnDiskThroughThePublicApi() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data/share"));
        Random random = new Random(3);
        for (int i = 0; i < 3; i++) {
            byte[] bytes = new byte[70_000 + i];
            random.nextBytes(bytes);
            Files.write(root.resolve("f" + i), bytes);
        }
        TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(root).version(TorrentVersion.HYBRID)
                .pieceSize(16 * 1024).build().create().bytes());
        Files.write(root.resolve("f1"), new byte[10]); // f1's pieces are gone
        AtomicInteger calls = new AtomicInteger();
        try (TorrentStorage storage = StorageFactory.files(StorageOptions.defaults().withMaxOpenFiles(2))
                .open(StorageParams.of(torrent, dir.resolve("data")))) {
            CheckResult result = StorageCheck.builder(torrent, storage).threads(2)
                    .progressListener((pieces, count, bytes, total) -> calls.incrementAndGet())
                    .start().join();
            assertThat(result.pieceCount()).isEqualTo(torrent.pieceCount());
            assertThat(result.havePieces()).isBetween(1, torrent.pieceCount() - 4);
            assertThat(result.isComplete()).isFalse();
            assertThat(result.bytesChecked()).isEqualTo(torrent.totalSize());
            assertThat(result.hasPiece(0)).isTrue();
            assertThat(result.bitfield()[0] & 0x80).isEqualTo(0x80);
            assertThat(result.elapsed()).isPositive();
        }
        assertThat(calls.get()).isEqualTo(torrent.pieceCount());
    }

    @Test
    void cancellingTheReturnedFutureStopsTheCheck() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data/share"));
        Files.write(root.resolve("f"), new byte[40 * 16 * 1024]);
        TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(root).version(TorrentVersion.V1)
                .pieceSize(16 * 1024).build().create().bytes());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        TorrentStorage files = StorageFactory.files().open(StorageParams.of(torrent, dir.resolve("data")));
        TorrentStorage gated = new TorrentStorage() {
            @Override
            public int read(int piece, int offset, java.nio.ByteBuffer destination) {
                reads.incrementAndGet();
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return files.read(piece, offset, destination);
            }

            @Override
            public void write(int piece, int offset, java.nio.ByteBuffer data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setFilePriorities(java.util.List<Integer> priorities) {
            }

            @Override
            public void moveStorage(Path newSavePath) {
            }

            @Override
            public void renameFile(int fileIndex, String newRelativePath) {
            }

            @Override
            public void deleteFiles() {
            }

            @Override
            public void releaseFiles() {
            }

            @Override
            public Path savePath() {
                return files.savePath();
            }

            @Override
            public void close() {
                files.close();
            }
        };
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (gated) {
            java.util.concurrent.CompletableFuture<CheckResult> check =
                    StorageCheck.builder(torrent, gated).threads(2).executor(threads).start();
            assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(check.cancel(false)).isTrue();
            release.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(reads.get()).as("only the pieces under way when cancelled").isLessThanOrEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void resultsAndOptionsRefuseNonsense() {
        assertThatThrownBy(() -> new CheckResult(9, new byte[1], 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckResult(9, new byte[] {0, 1}, 0, Duration.ZERO))
                .hasMessageContaining("spare bit");
        CheckResult r = new CheckResult(9, new byte[] {(byte) 0xff, (byte) 0x80}, 5, Duration.ofSeconds(1));
        assertThat(r.havePieces()).isEqualTo(9);
        assertThat(r.isComplete()).isTrue();
        assertThatThrownBy(() -> StorageOptions.defaults().withMaxOpenFiles(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StorageOptions.defaults().maxOpenFiles()).isEqualTo(100);
    }
}
