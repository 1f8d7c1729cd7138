package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.metainfo.TorrentVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure: above the high-water mark of bytes queued for writing, listeners are told once
 * to stop reading from peers; at the low-water mark, once to resume; past the hard bound a write
 * is refused.
 */
class BackPressureTest {
    private static final int BLOCK = FileLayout.BLOCK_SIZE;
    private static final int PIECE = 4 * BLOCK;

    @TempDir
    Path dir;

    private DiskIoThreadPool pool;

    @AfterEach
    void closePool() {
        assertThat(pool.awaitShutdown()).isTrue();
    }

    /** High water 4 blocks, low water 1 block, hard bound 6 blocks. */
    private DiskIoThreadPool pool() {
        pool = new DiskIoThreadPool(DiskIoConfig.builder().threads(2).waterMarks(4L * BLOCK, BLOCK)
                .storeBufferLimitBytes(6L * BLOCK).allocator(UnpooledByteBufAllocator.DEFAULT).build());
        return pool;
    }

    @Test
    void stopAboveTheHighWaterMarkAndResumeAtTheLowOneExactlyOnceEach() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 1, 10 * PIECE);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool().attach(storage, t.layout, Runnable::run);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        pool.addBackPressureListener(recorder(events), Runnable::run);
        storage.holdWrites();

        // Writes of one piece go one at a time, so the queue only grows while the gate is shut.
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            writes.add(io.write(0, b * BLOCK, t.block(0, b)));
        }
        assertThat(pool.queuedWriteBytes()).isEqualTo(4L * BLOCK);
        assertThat(events).as("at the mark, not above it").isEmpty();
        writes.add(io.write(1, 0, t.block(1, 0)));
        assertThat(events).containsExactly("stop");
        assertThat(pool.isReadingStopped()).isTrue();
        writes.add(io.write(1, BLOCK, t.block(1, 1)));
        assertThat(events).containsExactly("stop");

        storage.releaseWrites();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(pool.queuedWriteBytes()).isZero();
        assertThat(events).containsExactly("stop", "resume");
        assertThat(pool.isReadingStopped()).isFalse();
    }

    @Test
    void resumeComesOnlyAtTheLowWaterMarkNotJustBelowTheHighOne() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 2, 10 * PIECE);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool().attach(storage, t.layout, Runnable::run);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        pool.addBackPressureListener(recorder(events), Runnable::run);
        storage.holdWrites();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            writes.add(io.write(2, b * BLOCK, t.block(2, b)));
        }
        writes.add(io.write(3, 0, t.block(3, 0)));
        writes.add(io.write(3, BLOCK, t.block(3, 1)));
        assertThat(events).containsExactly("stop");
        // Let the writes land one at a time: 6 blocks queued, 5, 4, 3, 2 (all above the low
        // mark of 1 block), then 1.
        for (int left = 5; left >= 2; left--) {
            storage.allowWrites(1);
            long expected = (long) left * BLOCK;
            await().until(() -> pool.queuedWriteBytes() == expected);
            assertThat(events).as("%d blocks left", left).containsExactly("stop");
        }
        storage.allowWrites(1);
        await().until(() -> events.size() == 2);
        assertThat(pool.queuedWriteBytes()).isEqualTo(BLOCK);
        assertThat(events).containsExactly("stop", "resume");
        storage.releaseWrites();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(events).containsExactly("stop", "resume");
    }

    @Test
    void aListenerRegisteredWhileStoppedIsToldAtOnceAndListenersRunOnTheirExecutor() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 3, 10 * PIECE);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool().attach(storage, t.layout, Runnable::run);
        storage.holdWrites();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            writes.add(io.write(4, b * BLOCK, t.block(4, b)));
        }
        writes.add(io.write(5, 0, t.block(5, 0)));
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "peer-loop"));
        try {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            AutoCloseable registration = pool.addBackPressureListener(new BackPressureListener() {
                @Override
                public void stopReading() {
                    events.add("stop on " + Thread.currentThread().getName());
                }

                @Override
                public void resumeReading() {
                    events.add("resume on " + Thread.currentThread().getName());
                }
            }, loop);
            await().until(() -> events.size() == 1);
            storage.releaseWrites();
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            await().until(() -> events.size() == 2);
            assertThat(events).containsExactly("stop on peer-loop", "resume on peer-loop");
            registration.close();
            // A removed listener hears nothing more.
            storage.holdWrites();
            for (int b = 0; b < 4; b++) {
                writes.add(io.write(6, b * BLOCK, t.block(6, b)));
            }
            writes.add(io.write(7, 0, t.block(7, 0)));
            assertThat(pool.isReadingStopped()).isTrue();
            storage.releaseWrites();
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertThat(events).hasSize(2);
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aWritePastTheHardBoundIsRefusedAndItsBlockReleased() throws Exception {
        TestTorrent t = TestTorrent.create(dir, TorrentVersion.V1, PIECE, 4, 10 * PIECE);
        GatedStorage storage = new GatedStorage(t.memoryStorage(dir));
        TorrentDiskIo io = pool().attach(storage, t.layout, Runnable::run);
        storage.holdWrites();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            writes.add(io.write(0, b * BLOCK, t.block(0, b)));
        }
        writes.add(io.write(1, 0, t.block(1, 0)));
        writes.add(io.write(1, BLOCK, t.block(1, 1)));
        ByteBuf refusedBlock = t.block(1, 2);
        CompletableFuture<Void> refused = io.write(1, 2 * BLOCK, refusedBlock);
        assertThat(refused).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(DiskOverloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(DiskOverloadException.Reason.STORE_BUFFER_FULL));
        assertThat(refusedBlock.refCnt()).isZero();
        assertThat(pool.queuedWriteBytes()).isEqualTo(6L * BLOCK);
        storage.releaseWrites();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        io.write(1, 2 * BLOCK, t.block(1, 2)).get(10, TimeUnit.SECONDS);
    }

    private static BackPressureListener recorder(List<String> events) {
        return new BackPressureListener() {
            @Override
            public void stopReading() {
                events.add("stop");
            }

            @Override
            public void resumeReading() {
                events.add("resume");
            }
        };
    }
}
