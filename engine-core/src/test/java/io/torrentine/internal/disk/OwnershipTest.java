package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.internal.hash.PieceVerifier.Result;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buffer ownership: a written block is released exactly once, whatever happens to its write;
 * a read's buffer belongs to the caller, or is released by the layer if nobody takes it. Leak
 * detection (paranoid) runs after every test as well.
 */
class OwnershipTest {
    private static final int BLOCK = FileLayout.BLOCK_SIZE;
    private static final int PIECE = 4 * BLOCK;

    @TempDir
    Path dir;

    private final RecordingAllocator allocator = new RecordingAllocator();
    private DiskIoThreadPool pool;
    private TestTorrent t;
    private GatedStorage storage;
    private TorrentDiskIo io;

    @BeforeEach
    void attach() {
        pool = new DiskIoThreadPool(DiskIoConfig.builder().threads(2).maxJobsPerTorrent(8)
                .allocator(allocator).build());
        t = TestTorrent.create(dir, TorrentVersion.V2, PIECE, 1, 3 * PIECE);
        storage = new GatedStorage(t.memoryStorage(dir));
        io = pool.attach(storage, t.layout, Runnable::run);
    }

    /** A new pool that keeps no written block in memory, and a new storage. */
    private void reopenWithoutCleanCache() {
        assertThat(pool.awaitShutdown()).isTrue();
        pool = new DiskIoThreadPool(DiskIoConfig.builder().threads(1).cleanCacheBytes(0).allocator(allocator).build());
        storage = new GatedStorage(t.memoryStorage(dir));
        io = pool.attach(storage, t.layout, Runnable::run);
    }

    @AfterEach
    void closePool() {
        storage.releaseWrites();
        storage.releaseReads();
        assertThat(pool.awaitShutdown()).isTrue();
        assertThat(allocator.allocated).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Test
    void aWrittenBlockIsReleasedOnceItsPieceIsHashed() throws Exception {
        ByteBuf[] blocks = new ByteBuf[4];
        for (int b = 0; b < 4; b++) {
            blocks[b] = t.block(0, b);
            io.write(0, b * BLOCK, blocks[b]).get(10, TimeUnit.SECONDS);
        }
        // Written, and kept for the hash.
        assertThat(blocks).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        assertThat(blocks).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aBlockIsReleasedRightAfterItsWriteWhenNothingKeepsWrittenBlocks() throws Exception {
        reopenWithoutCleanCache();
        ByteBuf block = t.block(1, 0);
        io.write(1, 0, block).get(10, TimeUnit.SECONDS);
        assertThat(block.refCnt()).isZero();
    }

    @Test
    void aBlockWrittenAfterItsPieceWasHashedIsReleasedWithTheWrite() throws Exception {
        storage.holdWrites();
        ByteBuf[] blocks = new ByteBuf[4];
        CompletableFuture<?>[] writes = new CompletableFuture<?>[4];
        for (int b = 0; b < 4; b++) {
            blocks[b] = t.block(0, b);
            writes[b] = io.write(0, b * BLOCK, blocks[b]);
        }
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        storage.releaseWrites();
        CompletableFuture.allOf(writes).get(10, TimeUnit.SECONDS);
        assertThat(blocks).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(io.storeBufferEntries()).isZero();
    }

    @Test
    void aWriteCancelledBeforeItStartedReleasesItsBlockAndIsNeverWritten() throws Exception {
        storage.holdWrites();
        CompletableFuture<Void> first = io.write(2, 0, t.block(2, 0));
        storage.awaitStarted();
        ByteBuf second = t.block(2, BLOCK / BLOCK);
        CompletableFuture<Void> cancelled = io.write(2, BLOCK, second);
        assertThat(cancelled.cancel(false)).isTrue();
        assertThat(second.refCnt()).isZero();
        assertThat(pool.queuedWriteBytes()).isEqualTo(BLOCK);
        storage.releaseWrites();
        first.get(10, TimeUnit.SECONDS);
        io.write(2, 2 * BLOCK, t.block(2, 2)).get(10, TimeUnit.SECONDS);
        assertThat(storage.writes).hasValue(2);
        assertThat(pool.queuedWriteBytes()).isZero();
    }

    @Test
    void aWriteCancelledWhileRunningStillLandsAndReleasesItsBlockOnce() throws Exception {
        reopenWithoutCleanCache();
        storage.holdWrites();
        ByteBuf block = t.block(0, 0);
        CompletableFuture<Void> write = io.write(0, 0, block);
        storage.awaitStarted();
        assertThat(write.cancel(false)).isTrue();
        assertThat(block.refCnt()).isEqualTo(1);
        storage.releaseWrites();
        await().until(() -> block.refCnt() == 0);
        assertThat(pool.queuedWriteBytes()).isZero();
        assertThat(storage.writes).hasValue(1);
    }

    @Test
    void refusedWritesReleaseTheirBlock() {
        ByteBuf misaligned = t.block(0, 0);
        assertThatThrownBy(() -> io.write(0, 100, misaligned)).isInstanceOf(IllegalArgumentException.class);
        assertThat(misaligned.refCnt()).isZero();
        ByteBuf tooShort = t.block(0, 0).writerIndex(100);
        assertThatThrownBy(() -> io.write(0, 0, tooShort)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tooShort.refCnt()).isZero();
        ByteBuf noSuchPiece = t.block(0, 0);
        assertThatThrownBy(() -> io.write(3, 0, noSuchPiece)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(noSuchPiece.refCnt()).isZero();

        // The bound of 8 jobs per torrent.
        storage.holdWrites();
        for (int i = 0; i < 8; i++) {
            io.write(i % 3, 0, t.block(i % 3, 0));
        }
        ByteBuf overLimit = t.block(0, 1);
        assertThat(io.write(0, BLOCK, overLimit)).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(DiskOverloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(DiskOverloadException.Reason.JOB_QUEUE_FULL));
        assertThat(overLimit.refCnt()).isZero();
        assertThat(io.read(0, 0, 1)).failsWithin(10, TimeUnit.SECONDS);
        assertThat(pool.queuedWriteBytes()).isEqualTo(8L * BLOCK);
        storage.releaseWrites();
        await().until(() -> pool.queuedWriteBytes() == 0);
    }

    @Test
    void writesAfterCloseAreRefusedAndReleased() throws Exception {
        io.close().get(10, TimeUnit.SECONDS);
        ByteBuf block = t.block(0, 0);
        assertThat(io.write(0, 0, block)).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.CLOSED));
        assertThat(block.refCnt()).isZero();
        assertThat(pool.queuedWriteBytes()).isZero();
    }

    @Test
    void aReadBufferBelongsToTheCaller() throws Exception {
        io.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
        ByteBuf read = io.read(0, 0, 1000).get(10, TimeUnit.SECONDS);
        assertThat(read.refCnt()).isEqualTo(1);
        assertThat(allocator.allocated).containsExactly(read);
        read.release();
    }

    @Test
    void aReadCancelledWhileRunningReleasesTheBufferNobodyTakes() throws Exception {
        io.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
        io.hash(0).get(10, TimeUnit.SECONDS); // fails (incomplete) and evicts the block: reads go to storage
        storage.started.clear();
        storage.holdReads();
        CompletableFuture<ByteBuf> read = io.read(0, 0, 1000);
        storage.awaitStarted();
        assertThat(read.cancel(false)).isTrue();
        storage.releaseReads();
        await().until(() -> allocator.allocated.size() == 1 && allocator.allocated.get(0).refCnt() == 0);
    }

    @Test
    void aReadCancelledBeforeItStartedAllocatesNothing() throws Exception {
        storage.holdFences();
        CompletableFuture<Void> fence = io.releaseFiles();
        storage.awaitStarted();
        CompletableFuture<ByteBuf> read = io.read(0, 0, 1000);
        assertThat(read.cancel(false)).isTrue();
        storage.releaseFences();
        fence.get(10, TimeUnit.SECONDS);
        assertThat(allocator.allocated).isEmpty();
    }

    @Test
    void aFailedReadReleasesItsBuffer() {
        assertThat(io.read(1, 0, 500)).failsWithin(10, TimeUnit.SECONDS);
        assertThat(allocator.allocated).hasSize(1);
        assertThat(allocator.allocated.get(0).refCnt()).isZero();
    }

    /** Keeps every buffer it hands out, so that tests can check each was released. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new CopyOnWriteArrayList<>();

        RecordingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return record(UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return record(UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity));
        }

        private ByteBuf record(ByteBuf buf) {
            allocated.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
