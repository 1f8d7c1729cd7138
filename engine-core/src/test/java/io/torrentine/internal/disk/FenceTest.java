package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageException;
import io.torrentine.testing.MemoryStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fences (libtorrent's disk job fence): move, rename, delete, release, priorities and close wait
 * for every job queued before them, run alone, and hold back every job queued after them.
 */
class FenceTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    private final DiskIoThreadPool pool = new DiskIoThreadPool(DiskIoConfig.builder().threads(2)
            .allocator(UnpooledByteBufAllocator.DEFAULT).build());
    private TestTorrent t;
    private MemoryStorage memory;
    private GatedStorage storage;
    private TorrentDiskIo io;
    /** Another torrent on the same pool, whose jobs prove that a disk thread was free. */
    private TorrentDiskIo other;

    @BeforeEach
    void attach() {
        t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 200_000, 30_000);
        memory = t.memoryStorage(dir);
        storage = new GatedStorage(memory);
        io = pool.attach(storage, t.layout, Runnable::run);
        other = pool.attach(t.memoryStorage(dir), t.layout, Runnable::run);
    }

    @AfterEach
    void closePool() {
        storage.releaseWrites();
        storage.releaseFences();
        assertThat(pool.awaitShutdown()).isTrue();
    }

    /**
     * Runs a job of the other torrent to its end. The pool serves torrents' turns in the order
     * they became ready, so any job of {@code io} that was ready before has started by then.
     */
    private void letAFreeThreadWork() throws Exception {
        other.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
        other.write(0, 0, t.block(0, 0)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFenceWaitsForEarlierJobsAndHoldsBackLaterOnes() throws Exception {
        storage.holdWrites();
        CompletableFuture<Void> write = io.write(0, 0, t.block(0, 0));
        assertThat(storage.awaitStarted()).isEqualTo("write 0 0");
        Path moved = dir.resolve("moved");
        CompletableFuture<Void> move = io.moveStorage(moved);
        CompletableFuture<ByteBuf> laterRead = io.read(0, 0, 100);
        CompletableFuture<ByteBuf> laterReadOfAnotherPiece = io.read(2, 0, 100);

        letAFreeThreadWork();
        assertThat(storage.started).isEmpty();
        assertThat(move).isNotDone();
        assertThat(laterRead).isNotDone();
        assertThat(laterReadOfAnotherPiece).isNotDone();

        storage.releaseWrites();
        write.get(10, TimeUnit.SECONDS);
        move.get(10, TimeUnit.SECONDS);
        assertThat(storage.awaitStarted()).isEqualTo("move");
        assertThat(memory.savePath()).isEqualTo(moved);
        laterRead.get(10, TimeUnit.SECONDS).release();
        // The read of piece 2 fails (nothing was written there), but only after the move.
        assertThat(laterReadOfAnotherPiece).failsWithin(10, TimeUnit.SECONDS);
        assertThat(storage.awaitStarted()).isEqualTo("read 2 0 100");
    }

    @Test
    void aFenceRunsAloneUntilItEnds() throws Exception {
        storage.holdFences();
        CompletableFuture<Void> rename = io.renameFile(1, "renamed");
        assertThat(storage.awaitStarted()).isEqualTo("rename");
        CompletableFuture<Void> write = io.write(1, 0, t.block(1, 0));
        CompletableFuture<Void> release = io.releaseFiles();

        letAFreeThreadWork();
        assertThat(storage.started).isEmpty();
        assertThat(write).isNotDone();

        storage.releaseFences();
        rename.get(10, TimeUnit.SECONDS);
        write.get(10, TimeUnit.SECONDS);
        release.get(10, TimeUnit.SECONDS);
        assertThat(List.of(storage.awaitStarted(), storage.awaitStarted())).containsExactly("write 1 0", "release");
    }

    @Test
    void jobsAfterAFenceThatIsWaitingStayBehindIt() throws Exception {
        storage.holdWrites();
        io.write(0, 0, t.block(0, 0));
        storage.awaitStarted();
        CompletableFuture<Void> priorities = io.setFilePriorities(List.of(1, 0));
        CompletableFuture<Void> delete = io.deleteFiles();
        CompletableFuture<Void> write = io.write(1, 0, t.block(1, 0));
        letAFreeThreadWork();
        assertThat(storage.started).isEmpty();
        storage.releaseWrites();
        CompletableFuture.allOf(priorities, delete, write).get(10, TimeUnit.SECONDS);
        assertThat(List.of(storage.awaitStarted(), storage.awaitStarted(), storage.awaitStarted()))
                .containsExactly("priorities", "delete", "write 1 0");
        assertThat(memory.priorities()).containsExactly(1, 0);
    }

    @Test
    void cancellingAWaitingFenceLetsTheJobsBehindItGo() throws Exception {
        storage.holdWrites();
        CompletableFuture<Void> first = io.write(0, 0, t.block(0, 0));
        storage.awaitStarted();
        CompletableFuture<Void> move = io.moveStorage(dir.resolve("never"));
        CompletableFuture<ByteBuf> read = io.read(0, 0, 10);
        assertThat(move.cancel(false)).isTrue();
        read.get(10, TimeUnit.SECONDS).release();
        storage.releaseWrites();
        first.get(10, TimeUnit.SECONDS);
        assertThat(memory.savePath()).isEqualTo(dir);
    }

    @Test
    void closeWaitsForEarlierWritesThenRefusesEverything() throws Exception {
        storage.holdWrites();
        CompletableFuture<Void> write = io.write(0, 0, t.block(0, 0));
        storage.awaitStarted();
        CompletableFuture<Void> close = io.close();
        ByteBuf late = t.block(1, 0);
        CompletableFuture<Void> lateWrite = io.write(1, 0, late);
        CompletableFuture<ByteBuf> lateRead = io.read(0, 0, 10);
        assertThat(close).isNotDone();
        assertThat(storage.closes).hasValue(0);

        storage.releaseWrites();
        write.get(10, TimeUnit.SECONDS);
        close.get(10, TimeUnit.SECONDS);
        assertThat(storage.closes).hasValue(1);
        assertThat(memory.fileBytes(0)).startsWith(t.range(0, 0, FileLayout.BLOCK_SIZE));
        for (CompletableFuture<?> f : List.of(lateWrite, lateRead, io.releaseFiles(), io.hash(0))) {
            assertClosed(f);
        }
        assertThat(late.refCnt()).isZero();
        assertThat(io.storeBufferEntries()).isZero();
        assertThat(pool.queuedWriteBytes()).isZero();
    }

    @Test
    void fencesCheckTheirArguments() {
        assertThatThrownBy(() -> io.setFilePriorities(List.of(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.setFilePriorities(List.of(4, 8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.renameFile(2, "x")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> io.moveStorage(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFailingFenceFailsItsFutureAndTheQueueGoesOn() throws Exception {
        MemoryStorage closedUnder = t.memoryStorage(dir);
        TorrentDiskIo broken = pool.attach(closedUnder, t.layout, Runnable::run);
        closedUnder.close(); // every later storage call throws CLOSED
        assertClosed(broken.moveStorage(dir.resolve("x")));
        List<CompletableFuture<?>> after = new ArrayList<>();
        after.add(broken.releaseFiles());
        for (CompletableFuture<?> f : after) {
            assertClosed(f);
        }
        // The other torrents are unaffected.
        letAFreeThreadWork();
    }

    private static void assertClosed(CompletableFuture<?> future) {
        assertThat(future).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.CLOSED));
    }
}
