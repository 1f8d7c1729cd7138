package io.torrentine.examples.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.internal.disk.BackPressureListener;
import io.torrentine.internal.disk.DiskIoConfig;
import io.torrentine.internal.disk.DiskIoThreadPool;
import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.TorrentDiskIo;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Write throughput of the disk layer alone ({@link TorrentDiskIo} on a {@link DiskIoThreadPool}):
 * a torrent of the given size is written as 16 KiB blocks, pieces in random order and the blocks
 * of a piece in order (as a swarm delivers them), onto a storage opened by a {@link
 * StorageFactory}, honouring the layer's back-pressure as the network would. Prints one line:
 * {@code diskwrite <storage> <bytes> <piece size> <threads> <seconds> <MB/s> <stops>} and, with
 * {@code --fsync}, {@code fsync <seconds> <MB/s including it>} (MB = 10^6 bytes).
 *
 * <p>Usage: {@code java -cp torrentine.jar io.torrentine.examples.bench.DiskWriteBenchmark
 * --storage files|<class> --save-path DIR [--size BYTES] [--piece-size BYTES] [--threads N]
 * [--high-water BYTES] [--seed N] [--run-blocks N] [--fsync] [--verify] [--keep]}. With {@code --run-blocks N}
 * (default 1) up to N consecutive blocks of a piece go to the layer as one run
 * ({@link TorrentDiskIo#writeRun}), as a torrent hands over the blocks a turn of its loop received. {@code files} is the default
 * file storage ({@code StorageFactory.files()}); a class name is either a {@link StorageFactory}
 * with a public no-argument constructor or a {@link TorrentStorage} with a public constructor
 * taking {@link StorageParams}. The blocks are copied from 64 random 16 KiB patterns into pooled
 * direct buffers, one copy per block, as the network's decoder would hand them over; the torrent's
 * piece hashes are zeros (nothing is hashed). Without {@code --keep} the files are deleted at
 * the end. Compare with {@code dd if=/dev/zero of=DIR/x bs=16k count=65536 conv=fdatasync} on the
 * same file system, against the {@code fsync} figure.
 */
public final class DiskWriteBenchmark {
    private static final int BLOCK = FileLayout.BLOCK_SIZE;
    private static final int PATTERNS = 64;

    private DiskWriteBenchmark() {
    }

    /**
     * What to run.
     *
     * @param storage {@code files} or a class name
     * @param savePath where the storage keeps the torrent
     * @param size the torrent's size in bytes
     * @param pieceSize the piece size, a power of two of at least 16 KiB
     * @param threads disk threads
     * @param highWater the back-pressure high-water mark in bytes (low water is half)
     * @param seed the seed of the piece order and the block patterns
     * @param fsync whether to sync the files under the save path afterwards and time it
     * @param verify whether to read every block back through the layer and compare
     * @param keep whether to keep the files
     * @param runBlocks how many consecutive blocks of a piece are written as one run, at least 1
     */
    public record Options(String storage, Path savePath, long size, int pieceSize, int threads,
            long highWater, long seed, boolean fsync, boolean verify, boolean keep, int runBlocks) {
    }

    /**
     * What a run measured.
     *
     * @param bytes the bytes written
     * @param seconds from the first write queued to the last one completed
     * @param fsyncSeconds the time the sync took, or 0 without {@code --fsync}
     * @param stops how many times the layer told the writer to stop
     * @param mismatches blocks that read back wrong (0 without {@code --verify})
     */
    public record Result(long bytes, double seconds, double fsyncSeconds, int stops, long mismatches) {
    }

    /**
     * Runs the benchmark and prints its line.
     *
     * @param args the options, see the class comment
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: DiskWriteBenchmark --storage files|<class> --save-path DIR [--size BYTES]"
                    + " [--piece-size BYTES] [--threads N] [--high-water BYTES] [--seed N] [--fsync] [--verify] [--keep]");
            System.exit(2);
            return;
        }
        Result result = run(options);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "diskwrite %s %d %d %d %.3f %.1f %d",
                options.storage(), result.bytes(), options.pieceSize(), options.threads(), result.seconds(),
                result.bytes() / result.seconds() / 1e6, result.stops()));
        if (options.fsync()) {
            double total = result.seconds() + result.fsyncSeconds();
            line.append(String.format(Locale.ROOT, " fsync %.3f %.1f", result.fsyncSeconds(),
                    result.bytes() / total / 1e6));
        }
        if (options.verify()) {
            line.append(" mismatches ").append(result.mismatches());
        }
        System.out.println(line);
        if (result.mismatches() != 0) {
            System.exit(1);
        }
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Options parse(String... args) {
        String storage = null;
        Path savePath = null;
        long size = 1L << 30;
        int pieceSize = 1 << 20;
        int threads = DiskIoConfig.defaults().threads();
        long highWater = DiskIoConfig.DEFAULT_HIGH_WATER_BYTES;
        long seed = 1;
        boolean fsync = false;
        boolean verify = false;
        boolean keep = false;
        int runBlocks = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--fsync":
                    fsync = true;
                    continue;
                case "--verify":
                    verify = true;
                    continue;
                case "--keep":
                    keep = true;
                    continue;
                default:
                    break;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--storage":
                    storage = value;
                    break;
                case "--save-path":
                    savePath = Path.of(value);
                    break;
                case "--size":
                    size = Long.parseLong(value);
                    break;
                case "--piece-size":
                    pieceSize = Integer.parseInt(value);
                    break;
                case "--threads":
                    threads = Integer.parseInt(value);
                    break;
                case "--high-water":
                    highWater = Long.parseLong(value);
                    break;
                case "--seed":
                    seed = Long.parseLong(value);
                    break;
                case "--run-blocks":
                    runBlocks = Integer.parseInt(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (storage == null || savePath == null) {
            throw new IllegalArgumentException("--storage and --save-path are required");
        }
        if (size < 1 || pieceSize < BLOCK || Integer.bitCount(pieceSize) != 1) {
            throw new IllegalArgumentException("need a size of at least 1 byte and a power-of-two piece size of at least 16 KiB");
        }
        if (runBlocks < 1) {
            throw new IllegalArgumentException("--run-blocks must be at least 1");
        }
        return new Options(storage, savePath, size, pieceSize, threads, highWater, seed, fsync, verify, keep, runBlocks);
    }

    /**
     * Runs the benchmark.
     *
     * @param options what to run
     * @return what it measured
     */
    public static Result run(Options options) {
        TorrentInfo torrent = syntheticTorrent(options.size(), options.pieceSize());
        FileLayout layout = new FileLayout(torrent);
        StorageFactory factory = factory(options.storage());
        byte[][] patterns = patterns(options.seed());
        List<Integer> order = new ArrayList<>(layout.pieceCount());
        for (int p = 0; p < layout.pieceCount(); p++) {
            order.add(p);
        }
        Collections.shuffle(order, new Random(options.seed()));

        DiskIoConfig config = DiskIoConfig.builder().threads(options.threads())
                .waterMarks(options.highWater(), options.highWater() / 2)
                .storeBufferLimitBytes(options.highWater() * 4)
                // Nothing is hashed here: keep no written block, as if each piece's hash had
                // evicted it, so that --verify reads the storage.
                .cleanCacheBytes(0).build();
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-loop"));
        DiskIoThreadPool pool = new DiskIoThreadPool(config);
        try {
            Throttle throttle = new Throttle();
            // A direct executor: the stop arrives inside the write() that crossed the mark, so the
            // writer stops at once (a peer loop would also check isReadingStopped() after a write).
            pool.addBackPressureListener(throttle, Runnable::run);
            TorrentDiskIo io = await(pool.open(factory, StorageParams.of(torrent, options.savePath()), loop));
            AtomicLong pending = new AtomicLong();
            CompletableFuture<Void> allWritten = new CompletableFuture<>();
            AtomicInteger submitted = new AtomicInteger();
            long start = System.nanoTime();
            for (int piece : order) {
                int blocks = layout.blockCount(piece);
                for (int first = 0; first < blocks; first += options.runBlocks()) {
                    throttle.awaitGo(pool);
                    int count = Math.min(options.runBlocks(), blocks - first);
                    List<ByteBuf> run = new ArrayList<>(count);
                    for (int b = first; b < first + count; b++) {
                        int length = layout.blockSize(piece, b);
                        ByteBuf block = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
                        block.writeBytes(patterns[pattern(piece, b)], 0, length);
                        run.add(block);
                    }
                    pending.addAndGet(count);
                    submitted.addAndGet(count);
                    io.writeRun(piece, first * BLOCK, run).whenComplete((v, e) -> {
                        if (e != null) {
                            allWritten.completeExceptionally(e);
                        } else if (pending.addAndGet(-count) == 0 && submitted.get() == totalBlocks(layout)) {
                            allWritten.complete(null);
                        }
                    });
                }
            }
            if (pending.get() == 0) {
                allWritten.complete(null);
            }
            await(allWritten);
            double seconds = (System.nanoTime() - start) / 1e9;
            double fsyncSeconds = 0;
            if (options.fsync()) {
                await(io.releaseFiles());
                long syncStart = System.nanoTime();
                syncFilesUnder(options.savePath());
                fsyncSeconds = (System.nanoTime() - syncStart) / 1e9;
            }
            long mismatches = options.verify() ? verify(io, layout, patterns) : 0;
            if (!options.keep()) {
                await(io.deleteFiles());
            }
            await(io.close());
            return new Result(options.size(), seconds, fsyncSeconds, throttle.stops.get(), mismatches);
        } finally {
            pool.close();
            loop.shutdown();
        }
    }

    /** Stops the writer while the layer says so, as a peer connection turns auto-read off. */
    private static final class Throttle implements BackPressureListener {
        final AtomicInteger stops = new AtomicInteger();
        private boolean stopped;

        @Override
        public synchronized void stopReading() {
            stopped = true;
            stops.incrementAndGet();
        }

        @Override
        public synchronized void resumeReading() {
            stopped = false;
            notifyAll();
        }

        /**
         * Waits while the layer wants reading stopped. The pool's own flag is the authority: a
         * stop reported to the listener can arrive after this writer has passed its check (the
         * gauge collapses notices for a listener that lags), and a writer that trusted the
         * notices alone could overrun the store buffer's hard limit.
         */
        synchronized void awaitGo(DiskIoThreadPool pool) {
            while (stopped || pool.isReadingStopped()) {
                try {
                    wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    private static long totalBlocks(FileLayout layout) {
        long blocks = 0;
        for (int p = 0; p < layout.pieceCount(); p++) {
            blocks += layout.blockCount(p);
        }
        return blocks;
    }

    private static int pattern(int piece, int block) {
        return Math.floorMod(piece * 31 + block * 7, PATTERNS);
    }

    private static byte[][] patterns(long seed) {
        Random random = new Random(seed);
        byte[][] patterns = new byte[PATTERNS][BLOCK];
        for (byte[] p : patterns) {
            random.nextBytes(p);
        }
        return patterns;
    }

    private static long verify(TorrentDiskIo io, FileLayout layout, byte[][] patterns) {
        long mismatches = 0;
        for (int p = 0; p < layout.pieceCount(); p++) {
            for (int b = 0; b < layout.blockCount(p); b++) {
                int length = layout.blockSize(p, b);
                ByteBuf read = await(io.read(p, b * BLOCK, length));
                try {
                    if (!Arrays.equals(ByteBufUtil.getBytes(read), 0, length, patterns[pattern(p, b)], 0, length)) {
                        mismatches++;
                    }
                } finally {
                    read.release();
                }
            }
        }
        return mismatches;
    }

    /** A single-file v1 torrent of the given size whose piece hashes are zeros. */
    static TorrentInfo syntheticTorrent(long size, int pieceSize) {
        long pieces = (size + pieceSize - 1) / pieceSize;
        BDictionary info = BDictionary.builder().put("name", "diskwrite-bench.bin").put("length", size)
                .put("piece length", pieceSize).put("pieces", new byte[Math.toIntExact(pieces * 20)]).build();
        return TorrentInfo.parse(BencodeEncoder.encode(BDictionary.builder().put("info", info).build()));
    }

    /** {@code files} for the default file storage, or a class name. */
    static StorageFactory factory(String name) {
        try {
            if (name.equals("files")) {
                // StorageFactory.files() arrives with the file storage; looked up by name so that
                // this harness compiles before it.
                return (StorageFactory) StorageFactory.class.getMethod("files").invoke(null);
            }
            Class<?> type = Class.forName(name);
            if (StorageFactory.class.isAssignableFrom(type)) {
                return (StorageFactory) type.getConstructor().newInstance();
            }
            if (TorrentStorage.class.isAssignableFrom(type)) {
                Constructor<?> constructor = type.getConstructor(StorageParams.class);
                return params -> {
                    try {
                        return (TorrentStorage) constructor.newInstance(params);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot create " + name, e);
                    }
                };
            }
            throw new IllegalArgumentException(name + " is neither a StorageFactory nor a TorrentStorage");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no StorageFactory.files() or constructor in this build: " + name, e);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + name, e);
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("cannot create the storage " + name, e);
        }
    }

    private static void syncFilesUnder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("disk job failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("disk job did not finish in 10 minutes", e);
        }
    }
}
