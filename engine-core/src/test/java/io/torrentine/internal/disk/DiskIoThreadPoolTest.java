package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.testing.MemoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool: its threads, opening storages on them, and a bounded shutdown that fails what has not started. */
class DiskIoThreadPoolTest {
    private static final int BLOCK = FileLayout.BLOCK_SIZE;
    private static final int PIECE = 4 * BLOCK;

    @TempDir
    Path dir;

    private static DiskIoConfig.Builder config() {
        return DiskIoConfig.builder().threads(2).allocator(UnpooledByteBufAllocator.DEFAULT);
    }

    @Test
    void theThreadsAreNamedDaemons() {
        DiskIoThreadPool pool = new DiskIoThreadPool(config().threads(3).build());
        try {
            assertThat(pool.threads()).extracting(Thread::getName)
                    .containsExactlyInAnyOrder("torrentine-disk-1", "torrentine-disk-2", "torrentine-disk-3");
            assertThat(pool.threads()).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
        } finally {
            assertThat(pool.awaitShutdown()).isTrue();
        }
        assertThat(pool.threads()).isEmpty();
    }

    @Test
    void theDefaultsAreSensible() {
        DiskIoConfig defaults = DiskIoConfig.defaults();
        assertThat(defaults.threads()).isBetween(2, 8);
        assertThat(defaults.highWaterBytes()).isEqualTo(16L << 20);
        assertThat(defaults.lowWaterBytes()).isEqualTo(8L << 20);
        assertThat(defaults.storeBufferLimitBytes()).isEqualTo(64L << 20);
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
        assertThatThrownBy(() -> config().waterMarks(10, 10).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config().threads(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config().waterMarks(100, 10).storeBufferLimitBytes(99).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shutdownFailsQueuedJobsWithClosedWaitsBoundedForRunningOnesAndClosesStorages() throws Exception {
        DiskIoThreadPool pool = new DiskIoThreadPool(config().shutdownTimeout(Duration.ofMillis(200)).build());
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 3 * PIECE);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool.attach(storage, t.layout, Runnable::run);
        GatedStorage idleStorage = new GatedStorage(t.memoryStorage(dir));
        pool.attach(idleStorage, t.layout, Runnable::run);
        storage.holdWrites();
        CompletableFuture<Void> running = io.write(0, 0, t.block(0, 0));
        storage.awaitStarted();
        List<ByteBuf> queuedBlocks = new ArrayList<>();
        List<CompletableFuture<?>> queued = new ArrayList<>();
        for (int b = 1; b < 4; b++) {
            ByteBuf block = t.block(0, b);
            queuedBlocks.add(block);
            queued.add(io.write(0, b * BLOCK, block));
        }
        queued.add(io.moveStorage(dir.resolve("elsewhere")));
        queued.add(io.read(1, 0, 10));

        long start = System.nanoTime();
        assertThat(pool.awaitShutdown()).as("a job is still held in the storage").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        for (CompletableFuture<?> f : queued) {
            assertClosed(f);
        }
        assertThat(queuedBlocks).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(idleStorage.closes).as("an idle torrent's storage is closed at once").hasValue(1);
        assertThat(storage.closes).as("not under a running job").hasValue(0);
        assertClosed(io.write(1, 0, t.block(1, 0)));
        assertThatThrownBy(() -> pool.attach(t.memoryStorage(dir), t.layout, Runnable::run))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
        assertClosed(pool.open(MemoryStorage::new, StorageParams.of(t.torrent, dir), Runnable::run));

        // The running write ends normally; then its storage is closed and the threads end.
        storage.releaseWrites();
        running.get(10, TimeUnit.SECONDS);
        await().until(() -> storage.closes.get() == 1 && pool.threads().isEmpty());
        assertThat(pool.queuedWriteBytes()).isZero();
        assertThat(pool.awaitShutdown()).isTrue();
    }

    @Test
    void openRunsTheFactoryOnADiskThread() throws Exception {
        DiskIoThreadPool pool = new DiskIoThreadPool(config().build());
        try {
            TestTorrent t = TestTorrent.create(dir, TorrentVersion.HYBRID, PIECE, 2, PIECE + 7, 300);
            List<String> openedOn = new ArrayList<>();
            StorageFactory factory = params -> {
                openedOn.add(Thread.currentThread().getName());
                return new MemoryStorage(params);
            };
            TorrentDiskIo io = pool.open(factory, StorageParams.of(t.torrent, dir), Runnable::run)
                    .get(10, TimeUnit.SECONDS);
            assertThat(openedOn).singleElement().asString().startsWith("torrentine-disk-");
            io.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
            io.close().get(10, TimeUnit.SECONDS);
        } finally {
            assertThat(pool.awaitShutdown()).isTrue();
        }
    }

    @Test
    void aFactoryThatFailsFailsTheOpen() {
        DiskIoThreadPool pool = new DiskIoThreadPool(config().build());
        try {
            TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 3, PIECE);
            StorageException refusal = new StorageException(Reason.PERMISSION_DENIED,
                    StorageException.Operation.OPEN, -1, dir, null);
            assertThat(pool.open(params -> {
                throw refusal;
            }, StorageParams.of(t.torrent, dir), Runnable::run)).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class).havingCause().isSameAs(refusal);
        } finally {
            assertThat(pool.awaitShutdown()).isTrue();
        }
    }

    @Test
    void closingFromADiskThreadDoesNotWaitForItself() throws Exception {
        DiskIoThreadPool pool = new DiskIoThreadPool(config().threads(1).build());
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 4, PIECE);
        TorrentDiskIo io = pool.attach(t.memoryStorage(dir), t.layout, Runnable::run);
        // With a direct executor the completion runs on the disk thread.
        CompletableFuture<Boolean> closed = io.releaseFiles().thenApply(v -> pool.awaitShutdown());
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        await().until(() -> pool.threads().isEmpty());
    }

    private static void assertClosed(CompletableFuture<?> future) {
        assertThat(future).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
    }
}
