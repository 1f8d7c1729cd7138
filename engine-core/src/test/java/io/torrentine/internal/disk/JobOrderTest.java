package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.internal.hash.PieceVerifier.Result;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.testing.MemoryStorage;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of jobs: per piece, writes land in order and reads and hashes see exactly the writes queued before them. */
class JobOrderTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    private DiskIoThreadPool pool = new DiskIoThreadPool(DiskIoConfig.builder().threads(2)
            .allocator(UnpooledByteBufAllocator.DEFAULT).build());

    @AfterEach
    void closePool() {
        assertThat(pool.awaitShutdown()).isTrue();
    }

    private static ByteBuf filled(int length, int value) {
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(length);
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return buf.writeBytes(bytes);
    }

    private static byte[] readNow(TorrentDiskIo io, int piece, int offset, int length) throws Exception {
        ByteBuf read = io.read(piece, offset, length).get(10, TimeUnit.SECONDS);
        try {
            return ByteBufUtil.getBytes(read);
        } finally {
            read.release();
        }
    }

    @Test
    void eachReadSeesExactlyTheWritesQueuedBeforeIt() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 200_000);
        MemoryStorage memory = t.memoryStorage(dir);
        GatedStorage storage = new GatedStorage(memory);
        TorrentDiskIo io = pool.attach(storage, t.layout, Runnable::run);
        int block = FileLayout.BLOCK_SIZE;
        storage.holdWrites();

        CompletableFuture<ByteBuf> before = io.read(0, 0, 10);
        CompletableFuture<Void> first = io.write(0, 0, filled(block, 1));
        CompletableFuture<ByteBuf> between = io.read(0, 0, 10);
        CompletableFuture<Void> second = io.write(0, 0, filled(block, 2));
        CompletableFuture<ByteBuf> after = io.read(0, 0, 10);

        // The reads complete while both writes are still held back; the first saw no block at
        // all, and the storage has nothing yet.
        assertThat(before).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.FILE_TRUNCATED));
        assertThat(bytes(between)).containsOnly(1);
        assertThat(bytes(after)).containsOnly(2);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();

        storage.releaseWrites();
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        assertThat(new ArrayList<>(storage.started)).containsSubsequence("write 0 0", "write 0 0");
        assertThat(memory.fileBytes(0)[0]).isEqualTo((byte) 2);
        assertThat(readNow(io, 0, 0, 10)).containsOnly(2);
    }

    private static byte[] bytes(CompletableFuture<ByteBuf> future) throws Exception {
        ByteBuf buf = future.get(10, TimeUnit.SECONDS);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void theWritesOfAPieceLandInTheOrderTheyWereQueued() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 2, 200_000);
        List<String> landed = Collections.synchronizedList(new ArrayList<>());
        TorrentStorage recording = new RecordingStorage(t.memoryStorage(dir), landed);
        TorrentDiskIo io = pool.attach(recording, t.layout, Runnable::run);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        int[] order = {3, 0, 2, 1};
        for (int round = 0; round < 3; round++) {
            for (int b : order) {
                writes.add(io.write(1, b * FileLayout.BLOCK_SIZE, filled(FileLayout.BLOCK_SIZE, round * 10 + b)));
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int b : order) {
                expected.add("1/" + b * FileLayout.BLOCK_SIZE + "=" + (round * 10 + b));
            }
        }
        assertThat(landed).containsExactlyElementsOf(expected);
    }

    @Test
    void aHashSeesTheBlocksQueuedBeforeItAndNotThoseAfter() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 3, 200_000);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool.attach(storage, t.layout, Runnable::run);
        storage.holdWrites();
        for (int b = 0; b < 4; b++) {
            io.write(2, b * FileLayout.BLOCK_SIZE, t.block(2, b));
        }
        CompletableFuture<Result> good = io.hash(2);
        io.write(2, 0, filled(FileLayout.BLOCK_SIZE, 9));
        CompletableFuture<Result> bad = io.hash(2);
        assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        assertThat(bad.get(10, TimeUnit.SECONDS)).isEqualTo(Result.FAILED);
        storage.releaseWrites();
        assertThat(io.hash(2).get(10, TimeUnit.SECONDS)).isEqualTo(Result.FAILED);
    }

    @Test
    void writesOfDifferentPiecesRunInParallel() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 4, 200_000);
        CountDownLatch bothInside = new CountDownLatch(2);
        TorrentStorage storage = new RecordingStorage(t.memoryStorage(dir), new ArrayList<>()) {
            @Override
            public void write(int piece, int offset, ByteBuffer data) {
                bothInside.countDown();
                try {
                    // Each write waits until the other is inside the storage too: with one thread
                    // at a time, neither would ever return.
                    assertThat(bothInside.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                super.write(piece, offset, data);
            }
        };
        TorrentDiskIo io = pool.attach(storage, t.layout, Runnable::run);
        CompletableFuture<Void> a = io.write(0, 0, t.block(0, 0));
        CompletableFuture<Void> b = io.write(3, 0, t.block(3, 0));
        CompletableFuture.allOf(a, b).get(20, TimeUnit.SECONDS);
    }

    @Test
    void futuresCompleteOnTheTorrentsExecutor() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 5, 200_000);
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "torrent-loop"));
        try {
            // Hold the loop so that no future can complete before its callback is attached
            // (a callback attached to a completed future runs on the attaching thread).
            CountDownLatch loopHeld = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    loopHeld.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            TorrentDiskIo io = pool.attach(t.memoryStorage(dir), t.layout, loop);
            CompletableFuture<String> writeThread = io.write(0, 0, t.block(0, 0))
                    .thenApply(v -> Thread.currentThread().getName());
            CompletableFuture<String> readThread = io.read(0, 0, 5).thenApply(buf -> {
                buf.release();
                return Thread.currentThread().getName();
            });
            CompletableFuture<String> fenceThread = io.releaseFiles()
                    .thenApply(v -> Thread.currentThread().getName());
            TorrentDiskIo closed = pool.attach(t.memoryStorage(dir), t.layout, loop);
            closed.close();
            await().until(() -> closed.queuedJobs() == 0);
            CompletableFuture<String> refusedThread = closed.write(0, 0, t.block(0, 0)).handle((v, e) -> {
                assertThat(e).isInstanceOf(StorageException.class);
                return Thread.currentThread().getName();
            });
            loopHeld.countDown();
            assertThat(List.of(writeThread.get(10, TimeUnit.SECONDS), readThread.get(10, TimeUnit.SECONDS),
                    fenceThread.get(10, TimeUnit.SECONDS), refusedThread.get(10, TimeUnit.SECONDS)))
                    .containsOnly("torrent-loop");
        } finally {
            loop.shutdownNow();
        }
    }

    /** Records each write as "piece/offset=first byte" when it lands. */
    private static class RecordingStorage extends ForwardingStorage {
        private final List<String> landed;

        RecordingStorage(TorrentStorage delegate, List<String> landed) {
            super(delegate);
            this.landed = landed;
        }

        @Override
        public void write(int piece, int offset, ByteBuffer data) {
            landed.add(piece + "/" + offset + "=" + data.get(data.position()));
            super.write(piece, offset, data);
        }
    }
}
