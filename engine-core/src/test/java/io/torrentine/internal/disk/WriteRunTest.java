package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@link TorrentDiskIo#writeRun}: consecutive blocks of a piece written as one job, in order,
 * visible to reads and hashes at once, with the same ownership and failure rules as one-block
 * writes.
 */
class WriteRunTest {
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

    @BeforeEach
    void attach() {
        t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 3 * PIECE);
        memory = t.memoryStorage(dir);
        storage = new GatedStorage(memory);
        io = pool.attach(storage, t.layout, Runnable::run);
    }

    @AfterEach
    void closePool() {
        storage.releaseWrites();
        assertThat(pool.awaitShutdown()).isTrue();
    }

    @Test
    void aRunIsOneJobWrittenInOrderAndHashable() throws Exception {
        storage.holdWrites();
        List<ByteBuf> blocks = List.of(t.block(1, 0), t.block(1, 1), t.block(1, 2), t.block(1, 3));
        CompletableFuture<Void> run = io.writeRun(1, 0, blocks);
        assertThat(io.queuedJobs()).as("one job for four blocks").isEqualTo(1);
        // Queued, not written: the blocks are already visible to a read of the piece.
        assertThat(readBytes(1, 0, PIECE)).isEqualTo(t.range(1, 0, PIECE));
        storage.releaseWrites();
        run.get(10, TimeUnit.SECONDS);
        assertThat(storage.started).containsExactly("write 1 0", "write 1 16384", "write 1 32768", "write 1 49152");
        assertThat(io.hash(1).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        assertThat(blocks).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(pool.queuedWriteBytes()).isZero();
    }

    @Test
    void aFailureMidRunKeepsTheUnwrittenBlocksForARetry() throws Exception {
        storage.holdWrites();
        List<ByteBuf> blocks = List.of(t.block(0, 0), t.block(0, 1), t.block(0, 2), t.block(0, 3));
        CompletableFuture<Void> run = io.writeRun(0, 0, blocks);
        storage.allowWrites(2);
        for (int i = 0; i < 3; i++) {
            storage.awaitStarted(); // the third write waits at the gate
        }
        memory.failNextWrites(1, Reason.DISK_FULL);
        storage.releaseWrites();

        assertThat(run).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL));
        assertThat(io.failedWrites()).as("the failed block and the one after it")
                .containsExactly(new BlockAddress(0, 2 * BLOCK), new BlockAddress(0, 3 * BLOCK));
        assertThat(pool.heldFailedBytes()).isEqualTo(2 * BLOCK);
        assertThat(pool.queuedWriteBytes()).isZero();
        assertThat(readBytes(0, 0, PIECE)).isEqualTo(t.range(0, 0, PIECE));

        io.retryFailedWrites().get(10, TimeUnit.SECONDS);
        assertThat(io.failedWrites()).isEmpty();
        assertThat(pool.heldFailedBytes()).isZero();
        assertThat(io.hash(0).get(10, TimeUnit.SECONDS)).isEqualTo(Result.PASSED);
        assertThat(blocks).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aRunPastTheEndOfItsPieceIsRefusedAndReleased() {
        List<ByteBuf> blocks = List.of(t.block(2, 2), t.block(2, 3), t.block(2, 3));
        assertThatThrownBy(() -> io.writeRun(2, 2 * BLOCK, blocks))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("piece 2");
        assertThat(blocks).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(io.queuedJobs()).isZero();
        assertThatThrownBy(() -> io.writeRun(2, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private byte[] readBytes(int piece, int offset, int length) throws Exception {
        ByteBuf buf = io.read(piece, offset, length).get(10, TimeUnit.SECONDS);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
