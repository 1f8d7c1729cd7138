package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import io.torrentine.testing.MemoryStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checking existing data: which pieces are there and hash right, on several threads, through any storage. */
class TorrentCheckerTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path dir;

    private Content content(TorrentVersion version) {
        return Content.create(dir.resolve("originals"), "t", version, PIECE, 41,
                "a", 5 * PIECE + 100, "dir/b", 40_000, "dir/empty", 0, "c", 3 * PIECE - 17, "d", 9000);
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void findsExactlyThePiecesWrittenToAMemoryStorage(TorrentVersion version) throws Exception {
        Content content = content(version);
        MemoryStorage storage = new MemoryStorage(StorageParams.of(content.torrent, dir));
        BitSet written = new BitSet();
        for (int p = 0; p < content.layout.pieceCount(); p += 2) {
            content.writePiece(storage, p);
            written.set(p);
        }
        List<int[]> calls = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            TorrentChecker.Result result = new TorrentChecker(content.layout, storage, 3, threads,
                    (pieces, count, bytes, total) -> calls.add(new int[] {pieces, count, (int) bytes, (int) total}))
                    .start().get(60, TimeUnit.SECONDS);
            assertThat(result.have()).isEqualTo(written);
            assertThat(result.pieceCount()).isEqualTo(content.layout.pieceCount());
            assertThat(result.bytesChecked()).isEqualTo(content.torrent.totalSize());
            assertThat(result.bitfield()).isEqualTo(Bitfields.toBytes(written, content.layout.pieceCount()));
        } finally {
            threads.shutdownNow();
        }
        assertThat(calls).hasSize(content.layout.pieceCount());
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).as("one call at a time, counts in order").isEqualTo(i + 1);
        }
        assertThat(calls.get(calls.size() - 1)[2]).isEqualTo((int) content.torrent.totalSize());
    }

    @Test
    void aMissingFileIsAbsentButAnyOtherFailureFailsTheCheck() {
        Content content = content(TorrentVersion.V1);
        MemoryStorage storage = new MemoryStorage(StorageParams.of(content.torrent, dir));
        content.writeAll(storage, 1);

        storage.failNextReads(2, Reason.FILE_NOT_FOUND);
        TorrentChecker.Result result = new TorrentChecker(content.layout, storage, 1, null, null).start().join();
        assertThat(result.have().cardinality()).isEqualTo(content.layout.pieceCount() - 2);

        storage.failNextReads(1, Reason.PERMISSION_DENIED);
        CompletableFuture<TorrentChecker.Result> failed = new TorrentChecker(content.layout, storage, 2, null, null).start();
        assertThatThrownBy(failed::join).hasCauseInstanceOf(StorageException.class)
                .cause().satisfies(e -> assertThat(((StorageException) e).reason()).isEqualTo(Reason.PERMISSION_DENIED));
    }

    @Test
    void cancellingStopsTheThreads() throws Exception {
        Content content = content(TorrentVersion.V1);
        MemoryStorage memory = new MemoryStorage(StorageParams.of(content.torrent, dir));
        content.writeAll(memory, 2);
        CountDownLatch firstRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        TorrentStorage gated = new ForwardingStorage(memory) {
            @Override
            public int read(int piece, int offset, ByteBuffer destination) {
                reads.incrementAndGet();
                firstRead.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.read(piece, offset, destination);
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<TorrentChecker.Result> check = new TorrentChecker(content.layout, gated, 2, threads, null).start();
        assertThat(firstRead.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.cancel(false)).isTrue();
        release.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("the checking tasks ended").isTrue();
        assertThat(reads.get()).as("no piece started after the cancel").isLessThanOrEqualTo(2);
        assertThat(content.layout.pieceCount()).isGreaterThan(2);
        assertThatThrownBy(check::get).isInstanceOf(CancellationException.class);
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void onRealFilesMissingTruncatedAndCorruptedDataIsAbsent(TorrentVersion version) throws IOException, ExecutionException,
            InterruptedException {
        Content content = content(version);
        FileLayout layout = content.layout;
        FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults());

        // The originals themselves: every piece is there.
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, content.parent))) {
            TorrentChecker.Result all = new TorrentChecker(layout, storage, 2, null, null).start().get();
            assertThat(all.have().cardinality()).isEqualTo(layout.pieceCount());
        }

        Path save = dir.resolve("save");
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            content.writeAll(storage, 3);
        }
        int removed = content.indexOf("t/c");
        int truncated = content.indexOf("t/a");
        int corrupted = content.indexOf("t/dir/b");
        long truncatedTo = 2L * PIECE + 10;
        long corruptAt = 12_345;
        Files.delete(save.resolve("t/c"));
        try (FileChannel ch = FileChannel.open(save.resolve("t/a"), StandardOpenOption.WRITE)) {
            ch.truncate(truncatedTo);
        }
        try (FileChannel ch = FileChannel.open(save.resolve("t/dir/b"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, corruptAt);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, corruptAt);
        }
        BitSet expected = new BitSet();
        for (int p = 0; p < layout.pieceCount(); p++) {
            boolean present = true;
            for (FileSlice s : layout.map(p, 0, layout.pieceSize(p))) {
                present &= s.fileIndex() != removed;
                present &= s.fileIndex() != truncated || s.fileOffset() + s.length() <= truncatedTo;
                present &= s.fileIndex() != corrupted
                        || corruptAt < s.fileOffset() || corruptAt >= s.fileOffset() + s.length();
            }
            expected.set(p, present);
        }
        assertThat(expected.cardinality()).isBetween(1, layout.pieceCount() - 3);

        Map<String, byte[]> before = StorageMoveTest.snapshot(dir);
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, save))) {
            TorrentChecker.Result result = new TorrentChecker(layout, storage, 3, null, null).start().get();
            assertThat(result.have()).isEqualTo(expected);
        }
        assertThat(StorageMoveTest.snapshot(dir)).as("checking creates and changes nothing")
                .containsOnlyKeys(before.keySet());
    }

    /** An empty save path: every piece is absent, and no file is opened (a stat per file read instead). */
    @Test
    void anEmptySavePathIsCheckedWithoutOpeningAnyFile() throws Exception {
        Content content = content(TorrentVersion.V1);
        FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults());
        try (TorrentStorage storage = factory.open(StorageParams.of(content.torrent, dir.resolve("empty")))) {
            TorrentChecker.Result result = new TorrentChecker(content.layout, storage, 2, null, null).start().get();
            assertThat(result.have().isEmpty()).isTrue();
            assertThat(result.bytesChecked()).isEqualTo(content.torrent.totalSize());
        }
        assertThat(factory.pool().highWater()).as("file handles ever open").isZero();
    }

    @Test
    void bitfieldsAreInBep3BitOrder() {
        BitSet pieces = new BitSet();
        pieces.set(0);
        pieces.set(9);
        pieces.set(10);
        byte[] bytes = Bitfields.toBytes(pieces, 11);
        assertThat(bytes).containsExactly(0x80, 0x60);
        assertThat(Bitfields.fromBytes(bytes, 11)).isEqualTo(pieces);
        pieces.set(11); // past the piece count: ignored, the spare bits stay clear
        assertThat(Bitfields.toBytes(pieces, 11)).containsExactly(0x80, 0x60);
        assertThat(Bitfields.toBytes(new BitSet(), 0)).isEmpty();
    }
}
