package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageOptions;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool of open files: bounded, least recently used out first, never closing a handle in use. */
class FileHandlePoolTest {
    @TempDir
    Path dir;

    private final Object owner = new Object();

    /** Opens files dir/f<n>, counting how many channels are open at once as the OS sees them. */
    private final class CountingOpener {
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger maxLive = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();

        FileHandlePool.Opener of(int file) {
            return write -> {
                opens.incrementAndGet();
                FileChannel channel = FileChannel.open(dir.resolve("f" + file), StandardOpenOption.READ,
                        StandardOpenOption.WRITE, StandardOpenOption.CREATE);
                maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                return new CountingChannel(channel, live);
            };
        }
    }

    @Test
    void neverMoreThanTheBoundOpenUnderConcurrentUse() throws Exception {
        FileHandlePool pool = new FileHandlePool(3);
        CountingOpener opener = new CountingOpener();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int seed = t;
                work.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 300; i++) {
                        int file = (i * 7 + seed * 3) % 10;
                        try (FileHandlePool.Handle h = pool.acquire(new FileHandlePool.Key(owner, file), i % 3 == 0,
                                opener.of(file))) {
                            assertThat(h.channel().isOpen()).isTrue();
                            h.channel().write(ByteBuffer.wrap(new byte[] {(byte) i}), seed);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.highWater()).isLessThanOrEqualTo(3);
        assertThat(opener.maxLive.get()).as("channels the OS had open at once").isLessThanOrEqualTo(3);
        assertThat(opener.opens.get()).as("evictions happened").isGreaterThan(10);
        pool.releaseOwner(owner);
        assertThat(pool.openCount()).isZero();
        assertThat(opener.live.get()).isZero();
    }

    @Test
    void aHandleInUseIsNotClosedByEvictionAndAFullPoolWaits() throws Exception {
        FileHandlePool pool = new FileHandlePool(1);
        CountingOpener opener = new CountingOpener();
        FileHandlePool.Handle held = pool.acquire(new FileHandlePool.Key(owner, 0), true, opener.of(0));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try (FileHandlePool.Handle h = pool.acquire(new FileHandlePool.Key(owner, 1), true, opener.of(1))) {
                return h.channel().isOpen();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // The other thread cannot get a slot while ours is in use, and ours stays usable.
        assertThat(second).isNotDone();
        held.channel().write(ByteBuffer.wrap(new byte[] {1}), 0);
        pool.releaseOwner(owner); // retires it, but we are mid-I/O: it must stay open
        assertThat(held.channel().isOpen()).isTrue();
        assertThat(second).isNotDone();
        held.close();
        assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.openCount() == 1);
        assertThat(pool.highWater()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedIdleHandleIsEvicted() throws IOException {
        FileHandlePool pool = new FileHandlePool(2);
        CountingOpener opener = new CountingOpener();
        use(pool, opener, 0);
        use(pool, opener, 1);
        use(pool, opener, 0); // 1 is now the least recently used
        use(pool, opener, 2); // evicts 1
        int opens = opener.opens.get();
        use(pool, opener, 0);
        assertThat(opener.opens.get()).as("0 stayed open").isEqualTo(opens);
        use(pool, opener, 1);
        assertThat(opener.opens.get()).as("1 was evicted and reopened").isEqualTo(opens + 1);
    }

    @Test
    void aReadOnlyHandleIsReplacedWhenAWriteNeedsIt() throws IOException {
        Files.write(dir.resolve("f0"), new byte[10]);
        FileHandlePool pool = new FileHandlePool(2);
        List<Boolean> modes = new ArrayList<>();
        FileHandlePool.Opener opener = write -> {
            modes.add(write);
            return write
                    ? FileChannel.open(dir.resolve("f0"), StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(dir.resolve("f0"), StandardOpenOption.READ);
        };
        FileHandlePool.Key key = new FileHandlePool.Key(owner, 0);
        try (FileHandlePool.Handle h = pool.acquire(key, false, opener)) {
            h.channel().read(ByteBuffer.allocate(10), 0);
        }
        try (FileHandlePool.Handle h = pool.acquire(key, true, opener)) {
            h.channel().write(ByteBuffer.wrap(new byte[] {7}), 0);
        }
        try (FileHandlePool.Handle h = pool.acquire(key, false, opener)) {
            h.channel().read(ByteBuffer.allocate(10), 0);
        }
        assertThat(modes).as("read-only, then read-write, then the writable one is reused").containsExactly(false, true);
        assertThat(pool.openCount()).isEqualTo(1);
    }

    @Test
    void aFailedOpenGivesItsSlotBack() {
        FileHandlePool pool = new FileHandlePool(1);
        for (int i = 0; i < 3; i++) {
            try (FileHandlePool.Handle h = pool.acquire(new FileHandlePool.Key(owner, 0), false,
                    write -> FileChannel.open(dir.resolve("missing")))) {
                throw new AssertionError("opened a missing file " + h);
            } catch (IOException expected) {
                assertThat(expected).isInstanceOf(java.nio.file.NoSuchFileException.class);
            }
        }
        assertThat(pool.openCount()).isZero();
    }

    @Test
    void storagesWrittenByFourThreadsStayWithinTheBound() throws Exception {
        List<Object> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add("f" + i);
            files.add(5000 + i * 331);
        }
        Content content = Content.create(dir.resolve("originals"), "t", TorrentVersion.HYBRID, 16 * 1024, 1,
                files.toArray());
        FileStorageFactory factory = new FileStorageFactory(StorageOptions.defaults().withMaxOpenFiles(4));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (TorrentStorage one = factory.open(StorageParams.of(content.torrent, dir.resolve("one")));
             TorrentStorage two = factory.open(StorageParams.of(content.torrent, dir.resolve("two")))) {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int p = 0; p < content.layout.pieceCount(); p++) {
                int piece = p;
                work.add(CompletableFuture.runAsync(() -> content.writePiece(one, piece), threads));
                work.add(CompletableFuture.runAsync(() -> content.writePiece(two, piece), threads));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(factory.pool().highWater()).isLessThanOrEqualTo(4).isGreaterThan(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(factory.pool().openCount()).as("closing the storages closed their handles").isZero();
        for (int i = 0; i < content.layout.fileCount(); i++) {
            if (!content.layout.file(i).pad()) {
                assertThat(dir.resolve("two").resolve(content.layout.file(i).path())).hasBinaryContent(content.original(i));
            }
        }
    }

    private void use(FileHandlePool pool, CountingOpener opener, int file) throws IOException {
        try (FileHandlePool.Handle h = pool.acquire(new FileHandlePool.Key(owner, file), true, opener.of(file))) {
            assertThat(h.channel().isOpen()).isTrue();
        }
    }
}
