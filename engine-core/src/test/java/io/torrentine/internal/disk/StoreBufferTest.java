package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.internal.hash.PieceVerifier.Result;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.testing.MemoryStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store buffer: a received block is readable and hashable from memory the moment it is
 * queued, before its write lands, and a finished piece is hashed (BEP 3 SHA-1, BEP 52 merkle)
 * without reading the storage.
 */
class StoreBufferTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    private DiskIoThreadPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            assertThat(pool.awaitShutdown()).isTrue();
        }
    }

    private DiskIoThreadPool pool(DiskIoConfig.Builder config) {
        pool = new DiskIoThreadPool(config.threads(2).allocator(UnpooledByteBufAllocator.DEFAULT).build());
        return pool;
    }

    @Test
    void aBlockIsReadableBeforeItsWriteLands() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 200_000);
        MemoryStorage memory = t.memoryStorage(dir);
        GatedStorage storage = new GatedStorage(memory);
        TorrentDiskIo io = pool(DiskIoConfig.builder()).attach(storage, t.layout, Runnable::run);
        storage.holdWrites();

        ByteBuf block = t.block(1, 2);
        CompletableFuture<Void> written = io.write(1, 2 * FileLayout.BLOCK_SIZE, block);
        assertThat(storage.awaitStarted()).isEqualTo("write 1 32768");

        ByteBuf read = io.read(1, 2 * FileLayout.BLOCK_SIZE + 100, 5000).get(10, TimeUnit.SECONDS);
        try {
            assertThat(ByteBufUtil.getBytes(read)).isEqualTo(t.range(1, 2 * FileLayout.BLOCK_SIZE + 100, 5000));
        } finally {
            read.release();
        }
        assertThat(storage.reads).hasValue(0);
        assertThat(written).isNotDone();
        assertThat(block.refCnt()).isEqualTo(1);

        storage.releaseWrites();
        written.get(10, TimeUnit.SECONDS);
        assertThat(memory.writeCalls()).isEqualTo(1);
        byte[] file = memory.fileBytes(0);
        assertThat(java.util.Arrays.copyOfRange(file, PIECE + 2 * FileLayout.BLOCK_SIZE, PIECE + 3 * FileLayout.BLOCK_SIZE))
                .isEqualTo(t.range(1, 2 * FileLayout.BLOCK_SIZE, FileLayout.BLOCK_SIZE));
    }

    @Test
    void aReadAcrossBlocksTakesWhatIsInMemoryAndReadsTheRest() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 2, 200_000);
        MemoryStorage memory = t.memoryStorage(dir);
        GatedStorage storage = new GatedStorage(memory);
        TorrentDiskIo io = pool(DiskIoConfig.builder().cleanCacheBytes(0)).attach(storage, t.layout, Runnable::run);
        // Blocks 0 and 3 are on "disk" (written and evicted), blocks 1 and 2 are still in memory.
        io.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
        io.write(0, 3 * FileLayout.BLOCK_SIZE, t.block(0, 3)).get(10, TimeUnit.SECONDS);
        assertThat(io.storeBufferEntries()).isZero();
        storage.started.clear();
        storage.holdWrites();
        CompletableFuture<Void> w1 = io.write(0, FileLayout.BLOCK_SIZE, t.block(0, 1));
        storage.awaitStarted();
        CompletableFuture<Void> w2 = io.write(0, 2 * FileLayout.BLOCK_SIZE, t.block(0, 2));
        storage.started.clear();

        ByteBuf read = io.read(0, 10, PIECE - 20).get(10, TimeUnit.SECONDS);
        try {
            assertThat(ByteBufUtil.getBytes(read)).isEqualTo(t.range(0, 10, PIECE - 20));
        } finally {
            read.release();
        }
        // Exactly two storage reads: the tail of block 0 and the head of block 3.
        assertThat(new ArrayList<>(storage.started)).containsExactly(
                "read 0 10 " + (FileLayout.BLOCK_SIZE - 10),
                "read 0 " + 3 * FileLayout.BLOCK_SIZE + " " + (FileLayout.BLOCK_SIZE - 10));
        storage.releaseWrites();
        CompletableFuture.allOf(w1, w2).get(10, TimeUnit.SECONDS);
        assertThat(memory.fileBytes(0)).startsWith(t.piece(0));
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void aFinishedPieceIsHashedFromMemoryWithoutAStorageRead(TorrentVersion version) throws Exception {
        // Several files (with pad files for v2 and hybrid), a short last piece, a short last block.
        TestTorrent t = TestTorrent.create(dir, version, PIECE, 3, 150_000, 40_000, 16_384 * 3 + 5);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool(DiskIoConfig.builder()).attach(storage, t.layout, Runnable::run);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int p = 0; p < t.layout.pieceCount(); p++) {
            for (int b = 0; b < t.layout.blockCount(p); b++) {
                writes.add(io.write(p, b * FileLayout.BLOCK_SIZE, t.block(p, b)));
            }
            assertThat(io.hash(p).get(10, TimeUnit.SECONDS)).as("piece %d", p).isEqualTo(Result.PASSED);
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(storage.reads).as("storage reads").hasValue(0);
        // Hashed pieces are not kept: the store buffer is empty once their writes have landed.
        assertThat(io.storeBufferEntries()).isZero();
        assertThat(pool.cleanCacheBytes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void aPieceWithACorruptBlockFailsItsHash(TorrentVersion version) throws Exception {
        TestTorrent t = TestTorrent.create(dir, version, PIECE, 4, 150_000, 40_000);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool(DiskIoConfig.builder()).attach(storage, t.layout, Runnable::run);
        for (int b = 0; b < t.layout.blockCount(0); b++) {
            ByteBuf block = t.block(0, b);
            if (b == 2) {
                block.setByte(77, block.getByte(77) ^ 0x10);
            }
            io.write(0, b * FileLayout.BLOCK_SIZE, block);
        }
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.FAILED);
        assertThat(storage.reads).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void blocksWrittenAndEvictedAreReadBackForTheHash(TorrentVersion version) throws Exception {
        TestTorrent t = TestTorrent.create(dir, version, PIECE, 5, 150_000, 40_000);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        // A clean cache of two blocks: the older written blocks are evicted.
        TorrentDiskIo io = pool(DiskIoConfig.builder().cleanCacheBytes(2 * FileLayout.BLOCK_SIZE))
                .attach(storage, t.layout, Runnable::run);
        for (int b = 0; b < t.layout.blockCount(0); b++) {
            io.write(0, b * FileLayout.BLOCK_SIZE, t.block(0, b)).get(10, TimeUnit.SECONDS);
        }
        assertThat(pool.cleanCacheBytes()).isEqualTo(2 * FileLayout.BLOCK_SIZE);
        assertThat(io.blockState(0, 0)).isNull();
        assertThat(io.blockState(0, 3 * FileLayout.BLOCK_SIZE)).isEqualTo(StoreBuffer.State.CLEAN);
        storage.started.clear();
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        // One read for the two evicted blocks, none for the two still in memory.
        assertThat(storage.reads).hasValue(1);
        assertThat(storage.started).containsExactly("read 0 0 " + 2 * FileLayout.BLOCK_SIZE);
        assertThat(pool.cleanCacheBytes()).isZero();
    }

    @Test
    void aPieceWhoseBytesAreMissingFailsItsHash() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 6, 150_000);
        TorrentDiskIo io = pool(DiskIoConfig.builder()).attach(t.memoryStorage(dir), t.layout, Runnable::run);
        io.write(0, 0, t.block(0, 0));
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.FAILED);
    }

    @Test
    void theCleanCacheIsSharedByTheTorrentsOfASessionAndEvictsTheOldest() throws Exception {
        TestTorrent a = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 7, 150_000);
        TestTorrent b = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 8, 150_000);
        pool(DiskIoConfig.builder().cleanCacheBytes(3 * FileLayout.BLOCK_SIZE));
        TorrentDiskIo ioA = pool.attach(a.memoryStorage(dir), a.layout, Runnable::run);
        TorrentDiskIo ioB = pool.attach(b.memoryStorage(dir), b.layout, Runnable::run);
        ioA.write(0, 0, a.block(0, 0)).get(10, TimeUnit.SECONDS);
        ioA.write(0, FileLayout.BLOCK_SIZE, a.block(0, 1)).get(10, TimeUnit.SECONDS);
        ioB.write(0, 0, b.block(0, 0)).get(10, TimeUnit.SECONDS);
        ioB.write(0, FileLayout.BLOCK_SIZE, b.block(0, 1)).get(10, TimeUnit.SECONDS);
        assertThat(pool.cleanCacheBytes()).isEqualTo(3 * FileLayout.BLOCK_SIZE);
        assertThat(ioA.blockState(0, 0)).isNull();
        assertThat(ioA.blockState(0, FileLayout.BLOCK_SIZE)).isEqualTo(StoreBuffer.State.CLEAN);
        assertThat(ioB.storeBufferEntries()).isEqualTo(2);
    }
}
