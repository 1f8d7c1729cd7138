package io.torrentine.metainfo;

import io.torrentine.internal.create.EncodedTorrent;
import io.torrentine.internal.create.MetainfoEncoder;
import io.torrentine.internal.create.MetainfoFields;
import io.torrentine.internal.create.ParallelHasher;
import io.torrentine.internal.create.PieceHashes;
import io.torrentine.internal.create.PieceLayout;
import io.torrentine.internal.create.PieceLengths;
import io.torrentine.internal.create.ScannedSource;
import io.torrentine.internal.create.SourceScanner;
import io.torrentine.metainfo.TorrentCreationException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code .torrent} files from a file or a folder: v1 (BEP 3), v2 (BEP 52) or hybrid
 * (both, with BEP 47 pad files), with the info dictionary libtorrent 2.0 writes for the same
 * content and options, so both produce the same info-hashes.
 *
 * <pre>{@code
 * CreatedTorrent torrent = TorrentCreator.builder(Path.of("photos"))
 *         .addTracker("https://tracker.example/announce")
 *         .build()
 *         .create();
 * Files.write(Path.of("photos.torrent"), torrent.bytes());
 * }</pre>
 *
 * <p><b>Files.</b> A folder is walked in a fixed order: entries sorted by the bytes of their
 * UTF-8 names, path component by component (libtorrent's order). Hidden files and empty files
 * are included; empty files get no piece space and, in v2, no {@code pieces root}. Symbolic
 * links are followed, as libtorrent does by default: the target's content is stored under the
 * link's name, and a link that loops back into the tree is an error. Dangling links, pipes,
 * sockets and devices are skipped. Files the owner may execute get the BEP 47 attribute
 * {@code x}, as libtorrent writes it (see {@link Builder#executableAttribute(boolean)}). File
 * sizes are taken when the source is scanned; a file that changes size before it is hashed
 * fails the creation with {@link Reason#SOURCE_CHANGED}.
 *
 * <p><b>Threads.</b> {@link #create()} blocks the calling thread for as long as reading and
 * hashing take (seconds per gigabyte): never call it on an event loop; use
 * {@link #createAsync()} there. The calling thread hashes too, together with
 * {@link Builder#hashThreads(int) hashThreads} − 1 helpers, which run on the
 * {@link Builder#hashExecutor(Executor) executor} if one was given, else on daemon threads
 * started for the call. Files are read with positional reads into one reused buffer per thread;
 * memory use does not grow with file size beyond 52 bytes per piece of hashes.
 *
 * <p>An instance is immutable and thread-safe; each call scans and hashes the source afresh.
 */
public final class TorrentCreator {
    /** The {@code created by} value unless {@link Builder#createdBy(String)} changes it. */
    public static final String DEFAULT_CREATED_BY = "Torrentine/0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(TorrentCreator.class);

    private final Path source;
    private final TorrentVersion version;
    private final int pieceSize;
    private final List<List<String>> trackerTiers;
    private final List<String> webSeeds;
    private final boolean privateTorrent;
    private final String comment;
    private final String createdBy;
    private final boolean creationDateIncluded;
    private final Instant creationDate;
    private final int hashThreads;
    private final Executor hashExecutor;
    private final HashProgressListener progressListener;
    private final boolean executableAttribute;

    private TorrentCreator(Builder b) {
        this.source = b.source;
        this.version = b.version;
        this.pieceSize = b.pieceSize;
        this.trackerTiers = b.trackerTiers.stream().map(List::copyOf).toList();
        this.webSeeds = List.copyOf(b.webSeeds);
        this.privateTorrent = b.privateTorrent;
        this.comment = b.comment;
        this.createdBy = b.createdBy;
        this.creationDateIncluded = b.creationDateIncluded;
        this.creationDate = b.creationDate;
        this.hashThreads = b.hashThreads;
        this.hashExecutor = b.hashExecutor;
        this.progressListener = b.progressListener;
        this.executableAttribute = b.executableAttribute;
    }

    /**
     * Starts describing a torrent of a file or folder.
     *
     * @param source the file or folder; its name becomes the torrent's name
     * @return a builder with libtorrent 2.0's defaults: hybrid, automatic piece size
     */
    public static Builder builder(Path source) {
        return new Builder(source);
    }

    /**
     * The piece size libtorrent 2.0 chooses when given none ({@code create_torrent} with piece
     * size 0), which is also this creator's default: a power of two from 16 KiB to 16 MiB that
     * grows with the square root of the content size. For example 1 GiB gets 512 KiB pieces.
     *
     * @param totalBytes the total size of the files
     * @return the piece size in bytes
     */
    public static int automaticPieceSize(long totalBytes) {
        return PieceLengths.automatic(totalBytes);
    }

    /**
     * The file or folder this creator reads.
     *
     * @return the source path as given
     */
    public Path source() {
        return source;
    }

    /**
     * Which metadata the torrents will carry.
     *
     * @return the version
     */
    public TorrentVersion version() {
        return version;
    }

    /**
     * Scans and hashes the source and encodes the torrent. Blocks the calling thread until done;
     * must not be called on an event loop.
     *
     * @return the torrent
     * @throws TorrentCreationException if the source is missing, empty or unreadable, changes
     *     while it is hashed, exceeds the loaders' limits, if reading fails, or if the calling
     *     thread is interrupted (the interrupt flag is then set again)
     */
    public CreatedTorrent create() {
        return create(new AtomicBoolean());
    }

    /**
     * Creates the torrent off the calling thread: on the {@link Builder#hashExecutor(Executor)
     * hash executor} if one was given, else on a new daemon thread. Cancelling the future stops
     * the hashing threads at their next window of data.
     *
     * @return a future of the torrent, completed exceptionally with a
     *     {@link TorrentCreationException} for the reasons {@link #create()} gives
     */
    public CompletableFuture<CreatedTorrent> createAsync() {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<CreatedTorrent> future = new CompletableFuture<>();
        future.whenComplete((torrent, failure) -> {
            if (future.isCancelled()) {
                cancelled.set(true);
            }
        });
        Runnable task = () -> {
            try {
                future.complete(create(cancelled));
            } catch (CancellationException e) {
                future.cancel(false);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
        if (hashExecutor == null) {
            Thread thread = new Thread(task, "torrentine-create");
            thread.setDaemon(true);
            thread.start();
        } else {
            try {
                hashExecutor.execute(task);
            } catch (RejectedExecutionException e) {
                future.completeExceptionally(e);
            }
        }
        return future;
    }

    private CreatedTorrent create(AtomicBoolean cancelled) {
        long started = System.nanoTime();
        ScannedSource scanned = SourceScanner.scan(source);
        if (scanned.totalBytes() == 0) {
            throw new TorrentCreationException(Reason.SOURCE_EMPTY, source
                    + (scanned.singleFile() ? " is an empty file" : " holds no non-empty file"));
        }
        int pieceLength = pieceSize != 0 ? pieceSize : PieceLengths.automatic(scanned.totalBytes());
        PieceLayout layout = PieceLayout.of(scanned, pieceLength, version);
        PieceHashes hashes = ParallelHasher.hash(layout, version.hasV1(), version.hasV2(),
                hashThreads, hashExecutor, progressListener, cancelled);
        Long date = creationDateIncluded
                ? Long.valueOf((creationDate != null ? creationDate : Instant.now()).getEpochSecond())
                : null;
        MetainfoFields fields = new MetainfoFields(trackerTiers, webSeeds, comment, createdBy,
                date, privateTorrent, executableAttribute);
        EncodedTorrent encoded = MetainfoEncoder.encode(scanned, layout, hashes, version, fields);
        long elapsed = System.nanoTime() - started;
        LOG.debug("created {} torrent {} ({} files, {} bytes, {} pieces of {}) in {} ms",
                version, scanned.name(), scanned.files().size(), scanned.totalBytes(),
                layout.pieceCount(), pieceLength, elapsed / 1_000_000);
        return new CreatedTorrent(encoded.bytes(), encoded.infoHashes(), version, scanned.name(),
                pieceLength, layout.pieceCount(), scanned.totalBytes(), scanned.files().size());
    }

    /**
     * Options of a torrent to create. Not thread-safe; {@link #build()} checks them and
     * returns an immutable {@link TorrentCreator}.
     */
    public static final class Builder {
        private final Path source;
        private TorrentVersion version = TorrentVersion.HYBRID;
        private int pieceSize;
        private final List<List<String>> trackerTiers = new ArrayList<>();
        private final List<String> webSeeds = new ArrayList<>();
        private boolean privateTorrent;
        private String comment;
        private String createdBy = DEFAULT_CREATED_BY;
        private boolean creationDateIncluded = true;
        private Instant creationDate;
        private int hashThreads = Runtime.getRuntime().availableProcessors();
        private Executor hashExecutor;
        private HashProgressListener progressListener;
        private boolean executableAttribute = true;

        private Builder(Path source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Which metadata to write; {@link TorrentVersion#HYBRID} unless set, as libtorrent 2.x.
         *
         * @param version the version
         * @return this builder
         */
        public Builder version(TorrentVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * The piece size in bytes, or 0 (the default) for {@link #automaticPieceSize(long)}.
         * v2 and hybrid torrents need a power of two (BEP 52), v1 torrents a multiple of
         * 16 KiB; every size is between 16 KiB and 256 MiB. Checked by {@link #build()}.
         *
         * @param bytes the piece size, or 0 for automatic
         * @return this builder
         */
        public Builder pieceSize(int bytes) {
            this.pieceSize = bytes;
            return this;
        }

        /**
         * Adds a tracker in a tier of its own, after the tiers already added (BEP 12). The
         * first tracker becomes {@code announce}; with more than one, all of them are written
         * to {@code announce-list} too. A URL already added is ignored, as libtorrent does.
         *
         * @param url the announce URL, e.g. {@code udp://tracker.example:6969/announce}
         * @return this builder
         */
        public Builder addTracker(String url) {
            return addTrackerTier(List.of(url));
        }

        /**
         * Adds a tier of trackers that clients try in random order before the next tier
         * (BEP 12).
         *
         * @param urls the announce URLs of the tier
         * @return this builder
         */
        public Builder addTrackerTier(List<String> urls) {
            List<String> tier = List.copyOf(urls);
            if (!tier.isEmpty()) {
                trackerTiers.add(tier);
            }
            return this;
        }

        /**
         * Adds a web seed (BEP 19 {@code url-list}): an HTTP or FTP URL serving the same
         * content. A URL ending in {@code /} is completed with the torrent's name by clients.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder addWebSeed(String url) {
            webSeeds.add(Objects.requireNonNull(url, "url"));
            return this;
        }

        /**
         * Marks the torrent private (BEP 27 {@code private} = 1): clients then find peers only
         * through its trackers. Part of the info dictionary, so it changes the info-hashes.
         *
         * @param privateTorrent whether the torrent is private
         * @return this builder
         */
        public Builder privateTorrent(boolean privateTorrent) {
            this.privateTorrent = privateTorrent;
            return this;
        }

        /**
         * A free-text {@code comment}.
         *
         * @param comment the comment, or null or empty for none (the default)
         * @return this builder
         */
        public Builder comment(String comment) {
            this.comment = comment == null || comment.isEmpty() ? null : comment;
            return this;
        }

        /**
         * The {@code created by} value; {@value #DEFAULT_CREATED_BY} unless set.
         *
         * @param createdBy the program name, or null or empty to leave the key out
         * @return this builder
         */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy == null || createdBy.isEmpty() ? null : createdBy;
            return this;
        }

        /**
         * The {@code creation date}, written in whole seconds; the time of
         * {@link TorrentCreator#create()} unless set.
         *
         * @param date the date
         * @return this builder
         */
        public Builder creationDate(Instant date) {
            this.creationDate = Objects.requireNonNull(date, "date");
            this.creationDateIncluded = true;
            return this;
        }

        /**
         * Leaves {@code creation date} out, so that the same content and options give the
         * same bytes every time (reproducible output). The info-hashes never depend on it.
         *
         * @return this builder
         */
        public Builder omitCreationDate() {
            this.creationDateIncluded = false;
            this.creationDate = null;
            return this;
        }

        /**
         * Whether files the owner may execute get the BEP 47 attribute {@code x}; true unless
         * set, as libtorrent writes it. mktorrent never writes it: set false to get mktorrent's
         * v1 info-hash for the same files. Only POSIX file systems report the bit.
         *
         * @param enabled whether to write {@code attr} x
         * @return this builder
         */
        public Builder executableAttribute(boolean enabled) {
            this.executableAttribute = enabled;
            return this;
        }

        /**
         * How many threads hash, the calling thread included; the number of processors unless
         * set. Reading is positional, so threads never wait on each other's files.
         *
         * @param threads at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} is less than 1
         */
        public Builder hashThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("at least one hashing thread: " + threads);
            }
            this.hashThreads = threads;
            return this;
        }

        /**
         * Where the {@link #hashThreads(int) helper threads} and {@link #createAsync()} run,
         * instead of threads started per call. The creation never waits for the executor to
         * free a thread: the calling thread takes whatever work helpers have not started, so a
         * busy or single-threaded executor slows it down but cannot deadlock it.
         *
         * @param executor the executor, or null for threads of our own (the default)
         * @return this builder
         */
        public Builder hashExecutor(Executor executor) {
            this.hashExecutor = executor;
            return this;
        }

        /**
         * Told how many bytes have been hashed. See {@link HashProgressListener} for the
         * threads it is called on.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder progressListener(HashProgressListener listener) {
            this.progressListener = listener;
            return this;
        }

        /**
         * Checks the options.
         *
         * @return the creator
         * @throws TorrentCreationException with {@link Reason#INVALID_PIECE_SIZE} for a piece
         *     size the version does not allow, or {@link Reason#INVALID_URL} for a tracker or
         *     web seed that is not an absolute URL with a host
         */
        public TorrentCreator build() {
            if (pieceSize != 0) {
                PieceLengths.problem(pieceSize, version.hasV2()).ifPresent(problem -> {
                    throw new TorrentCreationException(Reason.INVALID_PIECE_SIZE, problem);
                });
            }
            Set<String> seen = new HashSet<>();
            List<List<String>> tiers = new ArrayList<>();
            for (List<String> tier : trackerTiers) {
                List<String> kept = new ArrayList<>();
                for (String url : tier) {
                    checkUrl("tracker", url);
                    if (seen.add(url)) {
                        kept.add(url);
                    }
                }
                if (!kept.isEmpty()) {
                    tiers.add(kept);
                }
            }
            trackerTiers.clear();
            trackerTiers.addAll(tiers);
            for (String url : webSeeds) {
                checkUrl("web seed", url);
            }
            return new TorrentCreator(this);
        }

        private static void checkUrl(String what, String url) {
            try {
                URI uri = new URI(Objects.requireNonNull(url, what));
                if (uri.getScheme() != null && uri.getHost() != null) {
                    return;
                }
            } catch (URISyntaxException e) {
                throw new TorrentCreationException(Reason.INVALID_URL,
                        what + " '" + url + "': " + e.getMessage(), e);
            }
            throw new TorrentCreationException(Reason.INVALID_URL,
                    what + " '" + url + "' is not an absolute URL with a host");
        }
    }
}
