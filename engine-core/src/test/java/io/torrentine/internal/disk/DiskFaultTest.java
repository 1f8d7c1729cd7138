package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.internal.hash.PieceVerifier.Result;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.testing.MemoryStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults: the job's future fails with the typed reason, the received block stays in
 * memory (readable, hashable) until retried or discarded, other torrents on the same pool go
 * on, and no disk thread dies.
 */
class DiskFaultTest {
    private static final int BLOCK = FileLayout.BLOCK_SIZE;
    private static final int PIECE = 4 * BLOCK;

    @TempDir
    Path dir;

    private final DiskIoThreadPool pool = new DiskIoThreadPool(DiskIoConfig.builder().threads(2)
            .allocator(UnpooledByteBufAllocator.DEFAULT).build());
    private TestTorrent t;
    private MemoryStorage memory;
    private GatedStorage storage;
    private TorrentDiskIo io;
    private TestTorrent otherTorrent;
    private MemoryStorage otherMemory;
    private TorrentDiskIo other;
    private List<Thread> threadsBefore;

    @BeforeEach
    void attach() {
        t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 3 * PIECE);
        memory = t.memoryStorage(dir);
        storage = new GatedStorage(memory);
        io = pool.attach(storage, t.layout, Runnable::run);
        otherTorrent = TestTorrent.create(dir, TorrentVersion.HYBRID, PIECE, 2, 3 * PIECE, 5);
        otherMemory = otherTorrent.memoryStorage(dir);
        other = pool.attach(otherMemory, otherTorrent.layout, Runnable::run);
        threadsBefore = pool.threads();
    }

    @AfterEach
    void closePool() {
        assertThat(pool.awaitShutdown()).isTrue();
    }

    @Test
    void aFailedWriteFailsWithItsReasonAndKeepsTheBlockInMemory() throws Exception {
        memory.failNextWrites(1, Reason.DISK_FULL);
        ByteBuf block = t.block(0, 1);
        CompletableFuture<Void> write = io.write(0, BLOCK, block);
        assertStorageFailure(write, Reason.DISK_FULL);

        assertThat(io.failedWrites()).containsExactly(new BlockAddress(0, BLOCK));
        assertThat(block.refCnt()).isEqualTo(1);
        assertThat(pool.heldFailedBytes()).isEqualTo(BLOCK);
        assertThat(pool.queuedWriteBytes()).isZero();
        assertThat(readBytes(io, 0, BLOCK, BLOCK)).isEqualTo(t.range(0, BLOCK, BLOCK));
        assertThat(storage.reads).hasValue(0);
        for (int b : new int[] {0, 2, 3}) {
            io.write(0, b * BLOCK, t.block(0, b)).get(10, TimeUnit.SECONDS);
        }
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        assertThat(io.failedWrites()).as("a hash does not drop an unwritten block").hasSize(1);

        assertOtherTorrentAndThreadsUnaffected();

        io.retryFailedWrites().get(10, TimeUnit.SECONDS);
        assertThat(io.failedWrites()).isEmpty();
        assertThat(pool.heldFailedBytes()).isZero();
        assertThat(memory.fileBytes(0)).startsWith(t.piece(0));
        // Written after the piece was hashed: nothing keeps it in memory any more.
        assertThat(block.refCnt()).isZero();
    }

    @Test
    void aRetryThatFailsAgainHoldsTheBlockAgain() throws Exception {
        memory.failNextWrites(1, Reason.PERMISSION_DENIED);
        assertStorageFailure(io.write(1, 0, t.block(1, 0)), Reason.PERMISSION_DENIED);
        memory.failNextWrites(1, Reason.READ_ONLY_FILE_SYSTEM);
        assertThat(io.retryFailedWrites()).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.READ_ONLY_FILE_SYSTEM));
        assertThat(io.failedWrites()).containsExactly(new BlockAddress(1, 0));
        assertThat(pool.heldFailedBytes()).isEqualTo(BLOCK);
        assertThat(pool.queuedWriteBytes()).isZero();
    }

    @Test
    void discardingAFailedBlockReleasesIt() throws Exception {
        memory.failNextWrites(2, Reason.DISK_FULL);
        ByteBuf a = t.block(2, 0);
        ByteBuf b = t.block(1, 0);
        assertStorageFailure(io.write(2, 0, a), Reason.DISK_FULL);
        assertStorageFailure(io.write(1, 0, b), Reason.DISK_FULL);
        assertThat(io.failedWrites()).containsExactly(new BlockAddress(1, 0), new BlockAddress(2, 0));
        assertThat(io.discardFailedWrites(2)).isEqualTo(1);
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isEqualTo(1);
        assertThat(io.failedWrites()).containsExactly(new BlockAddress(1, 0));
        assertStorageFailure(io.read(2, 0, 10), Reason.FILE_TRUNCATED);
        assertThat(io.discardFailedWrites()).isEqualTo(1);
        assertThat(b.refCnt()).isZero();
        assertThat(pool.heldFailedBytes()).isZero();
    }

    @Test
    void aNewerWriteOfTheBlockSupersedesTheHeldOne() throws Exception {
        memory.failNextWrites(1, Reason.DISK_FULL);
        ByteBuf failed = t.block(0, 0);
        assertStorageFailure(io.write(0, 0, failed), Reason.DISK_FULL);
        ByteBuf again = t.block(0, 0);
        io.write(0, 0, again).get(10, TimeUnit.SECONDS);
        assertThat(io.failedWrites()).isEmpty();
        assertThat(failed.refCnt()).isZero();
        assertThat(again.refCnt()).as("kept for the hash").isEqualTo(1);
        assertThat(pool.heldFailedBytes()).isZero();
    }

    @Test
    void deletingTheFilesDropsTheHeldBlocks() throws Exception {
        memory.failNextWrites(1, Reason.DISK_FULL);
        ByteBuf failed = t.block(1, 0);
        assertStorageFailure(io.write(1, 0, failed), Reason.DISK_FULL);
        io.deleteFiles().get(10, TimeUnit.SECONDS);
        assertThat(io.failedWrites()).isEmpty();
        assertThat(failed.refCnt()).isZero();
        assertThat(pool.heldFailedBytes()).isZero();
    }

    @Test
    void closingATorrentReleasesItsFailedBlocks() throws Exception {
        memory.failNextWrites(1, Reason.FILE_NOT_FOUND);
        ByteBuf block = t.block(0, 0);
        assertStorageFailure(io.write(0, 0, block), Reason.FILE_NOT_FOUND);
        io.close().get(10, TimeUnit.SECONDS);
        assertThat(block.refCnt()).isZero();
        assertThat(pool.heldFailedBytes()).isZero();
    }

    @Test
    void aFailedReadFailsOnlyThatRead() throws Exception {
        io.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
        io.write(1, 0, t.block(1, 0)).get(10, TimeUnit.SECONDS);
        io.hash(0).get(10, TimeUnit.SECONDS);
        io.hash(1).get(10, TimeUnit.SECONDS); // both failed (incomplete), and evicted from memory
        memory.failNextReads(1, Reason.PERMISSION_DENIED);
        assertStorageFailure(io.read(0, 0, 100), Reason.PERMISSION_DENIED);
        assertThat(readBytes(io, 1, 0, 100)).isEqualTo(t.range(1, 0, 100));
        assertOtherTorrentAndThreadsUnaffected();
    }

    @Test
    void aStorageBugBecomesAnIoErrorWithTheBugAsCause() throws Exception {
        IllegalStateException bug = new IllegalStateException("storage bug");
        storage.nextWriteThrows(bug);
        CompletableFuture<Void> write = io.write(0, 0, t.block(0, 0));
        assertThat(write).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.IO_ERROR);
                    assertThat(e.operation()).isEqualTo(StorageException.Operation.WRITE);
                    assertThat(e.getCause()).isSameAs(bug);
                });
        assertThat(io.failedWrites()).hasSize(1);
        assertOtherTorrentAndThreadsUnaffected();
    }

    @Test
    void anErrorFailsTheJobAndThePoolReplacesTheThreadItEnded() throws Exception {
        InjectedError error = new InjectedError();
        storage.nextWriteError(error);
        CompletableFuture<Void> write = io.write(0, 0, t.block(0, 0));
        assertThat(write).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isSameAs(error);
        await().until(() -> pool.threadsStarted() == 3 && pool.threads().size() == 2);
        assertThat(pool.threads()).allSatisfy(thread -> assertThat(thread.isAlive()).isTrue());
        // The pool still serves both torrents.
        io.retryFailedWrites().get(10, TimeUnit.SECONDS);
        assertThat(readBytes(io, 0, 0, 50)).isEqualTo(t.range(0, 0, 50));
        other.write(0, 0, otherTorrent.block(0, 0)).get(10, TimeUnit.SECONDS);
    }

    /** Another torrent writes, reads and hashes normally, on the very same threads. */
    private void assertOtherTorrentAndThreadsUnaffected() throws Exception {
        for (int b = 0; b < otherTorrent.layout.blockCount(1); b++) {
            other.write(1, b * BLOCK, otherTorrent.block(1, b)).get(10, TimeUnit.SECONDS);
        }
        assertThat(other.hash(1).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        assertThat(readBytes(other, 1, 5, 1000)).isEqualTo(otherTorrent.range(1, 5, 1000));
        assertThat(pool.threadsStarted()).isEqualTo(2);
        assertThat(pool.threads()).containsExactlyInAnyOrderElementsOf(threadsBefore);
    }

    private static byte[] readBytes(TorrentDiskIo io, int piece, int offset, int length) throws Exception {
        ByteBuf buf = io.read(piece, offset, length).get(10, TimeUnit.SECONDS);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static void assertStorageFailure(CompletableFuture<?> future, Reason reason) {
        assertThat(future).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** An error thrown on purpose by a storage. */
    private static final class InjectedError extends Error {
        private static final long serialVersionUID = 1L;

        InjectedError() {
            super("injected", null, false, false); // no stack trace: the pool logs it
        }
    }
}
