package io.torrentine.internal.disk;

import io.torrentine.metainfo.FileEntry;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageException.Reason;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link TorrentStorage}: a torrent's files under its save path, as the torrent lays
 * them out.
 *
 * <ul>
 *   <li>Positional reads and writes ({@code FileChannel.read/write(buffer, position)}) through
 *       {@link FileLayout}, on handles from a shared {@link FileHandlePool}. Pad files (BEP 47)
 *       are never written and read as zeros.</li>
 *   <li>A file is created, sparse, by the first write that touches it, with its parent
 *       directories; reading a file that is missing or short returns a short count.
 *       {@link #initialize()} creates zero-length files and BEP 47 symlinks (only those whose
 *       target stays inside the save path).</li>
 *   <li>Every path is the file's sanitized path resolved against the save path, normalized and
 *       proven inside it, and no symbolic link on the way may lead out ({@link SavePath}).</li>
 *   <li>Bytes of wanted pieces that fall into a priority-0 file that does not exist go to the
 *       torrent's {@link PartFile}, and into the file when it becomes wanted (libtorrent's
 *       behaviour, including that a file set to priority 0 after it was created keeps being
 *       written in place).</li>
 *   <li>Failures become {@link StorageException}s with a reason ({@link StorageErrors}); a file
 *       this storage wrote that has gone missing is {@link Reason#FILE_NOT_FOUND}, one shorter
 *       than what was written {@link Reason#FILE_TRUNCATED}.</li>
 * </ul>
 *
 * <p>Thread-safe for concurrent reads and writes; the fenced operations ({@link #moveStorage},
 * {@link #renameFile}, {@link #deleteFiles}, {@link #releaseFiles}, {@link #setFilePriorities},
 * {@link #initialize}) must not run concurrently with anything else on the same storage.
 */
public final class DefaultTorrentStorage implements TorrentStorage {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultTorrentStorage.class);
    private static final int COPY_CHUNK = 1 << 20;
    private static final byte[] ZEROS = new byte[FileLayout.BLOCK_SIZE];
    private static final int PART_FILE = -1;

    private final FileLayout layout;
    private final FileHandlePool pool;
    private final String partFileName;
    private final PartFile partFile;
    /** The highest end offset written to each file, to tell a removed or truncated file. */
    private final AtomicLongArray written;
    /**
     * 1 once a read opened the file: from then on a read goes straight to the handle pool,
     * without the stat that spares a check of an empty save path its failed opens.
     */
    private final AtomicIntegerArray readOpened;
    private volatile SavePath savePath;
    /** Each file's path relative to the save path (changed by renames); replaced, never mutated. */
    private volatile String[] relativePaths;
    private volatile int[] priorities;
    /** Whether a file's bytes go to the part file; replaced, never mutated. */
    private volatile boolean[] inPartFile;
    private volatile boolean closed;

    /**
     * Opens the storage of one torrent; nothing is created on disk until needed.
     *
     * @param params the torrent, save path and file priorities
     * @param pool the pool of open files to use
     */
    public DefaultTorrentStorage(StorageParams params, FileHandlePool pool) {
        this.layout = new FileLayout(params.torrent());
        this.pool = Objects.requireNonNull(pool, "pool");
        this.savePath = new SavePath(params.savePath());
        int files = layout.fileCount();
        String[] paths = new String[files];
        for (int i = 0; i < files; i++) {
            paths[i] = layout.file(i).path();
        }
        this.relativePaths = paths;
        this.written = new AtomicLongArray(files);
        this.readOpened = new AtomicIntegerArray(files);
        this.priorities = params.filePriorities().stream().mapToInt(Integer::intValue).toArray();
        this.partFileName = PartFile.fileName(params.torrent().infoHashes().id().toHex());
        this.partFile = new PartFile(savePath.root().resolve(partFileName), layout.pieceLength(),
                layout.pieceCount(), new PartFileIo());
        boolean[] part = new boolean[files];
        for (int i = 0; i < files; i++) {
            part[i] = priorities[i] == StorageParams.DONT_DOWNLOAD && keptInPartFile(i);
        }
        this.inPartFile = part;
    }

    /**
     * The layout this storage maps pieces with.
     *
     * @return the layout
     */
    public FileLayout layout() {
        return layout;
    }

    /**
     * Where the part file lives (it exists only while it keeps bytes).
     *
     * @return its path under the current save path
     */
    public Path partFilePath() {
        return partFile.path();
    }

    @Override
    public void initialize() {
        checkOpen(Operation.OPEN);
        SavePath sp = savePath;
        int[] prio = priorities;
        for (int i = 0; i < layout.fileCount(); i++) {
            FileEntry file = layout.file(i);
            if (file.pad() || prio[i] == StorageParams.DONT_DOWNLOAD) {
                continue;
            }
            if (file.isSymlink()) {
                createSymlink(sp, i, file);
            } else if (file.size() == 0) {
                createEmptyFile(sp, i);
            }
        }
    }

    @Override
    public void write(int piece, int offset, ByteBuffer data) {
        checkOpen(Operation.WRITE);
        List<FileSlice> slices = layout.map(piece, offset, data.remaining());
        boolean[] part = inPartFile;
        int pieceOffset = offset;
        for (FileSlice s : slices) {
            int end = data.position() + s.length();
            if (!s.pad()) {
                ByteBuffer chunk = data.duplicate().limit(end);
                if (part[s.fileIndex()]) {
                    writePart(piece, pieceOffset, chunk, s.fileIndex());
                } else {
                    writeFile(s.fileIndex(), s.fileOffset(), chunk);
                }
            }
            data.position(end);
            pieceOffset += s.length();
        }
    }

    @Override
    public int read(int piece, int offset, ByteBuffer destination) {
        checkOpen(Operation.READ);
        List<FileSlice> slices = layout.map(piece, offset, destination.remaining());
        boolean[] part = inPartFile;
        int total = 0;
        int pieceOffset = offset;
        for (FileSlice s : slices) {
            int n;
            if (s.pad()) {
                fillZeros(destination, s.length());
                n = s.length();
            } else if (part[s.fileIndex()]) {
                n = readPart(piece, pieceOffset, destination, s.length(), s.fileIndex());
            } else {
                n = readFile(s, destination);
            }
            total += n;
            if (n < s.length()) {
                return total;
            }
            pieceOffset += s.length();
        }
        return total;
    }

    @Override
    public void setFilePriorities(List<Integer> newPriorities) {
        checkOpen(Operation.WRITE);
        if (newPriorities.size() != layout.fileCount()) {
            throw new IllegalArgumentException(newPriorities.size() + " priorities for " + layout.fileCount() + " files");
        }
        for (int p : newPriorities) {
            if (p < StorageParams.DONT_DOWNLOAD || p > StorageParams.TOP_PRIORITY) {
                throw new IllegalArgumentException("a file priority is 0 to 7, not " + p);
            }
        }
        int[] now = priorities.clone();
        boolean[] part = inPartFile.clone();
        boolean exported = false;
        try {
            for (int i = 0; i < now.length; i++) {
                int wanted = newPriorities.get(i);
                if (layout.file(i).pad()) {
                    now[i] = wanted;
                    continue;
                }
                if (now[i] == StorageParams.DONT_DOWNLOAD && wanted != StorageParams.DONT_DOWNLOAD && part[i]) {
                    exportFromPartFile(i);
                    part[i] = false;
                    exported = true;
                } else if (now[i] != StorageParams.DONT_DOWNLOAD && wanted == StorageParams.DONT_DOWNLOAD) {
                    // As libtorrent: a file already on disk keeps being written in place.
                    part[i] = keptInPartFile(i);
                }
                now[i] = wanted;
            }
        } finally {
            // Whatever succeeded is applied; a file whose export failed keeps priority 0.
            priorities = now;
            inPartFile = part;
        }
        if (exported) {
            freeUnusedSlots(part);
        }
    }

    @Override
    public void moveStorage(Path newSavePath) {
        checkOpen(Operation.MOVE);
        SavePath from = savePath;
        SavePath to = new SavePath(newSavePath);
        if (to.root().equals(from.root())) {
            return;
        }
        try {
            pool.releaseOwner(this);
        } catch (IOException e) {
            throw new StorageException(Reason.MOVE_FAILED, Operation.MOVE, -1, from.root(), e);
        }
        List<String> files = new ArrayList<>();
        String[] paths = relativePaths;
        for (int i = 0; i < paths.length; i++) {
            if (!layout.file(i).pad()) {
                files.add(paths[i]);
            }
        }
        files.add(partFileName);
        StorageMove.run(files, from, to);
        savePath = to;
        partFile.movedTo(to.root().resolve(partFileName));
    }

    @Override
    public void renameFile(int fileIndex, String newRelativePath) {
        checkOpen(Operation.RENAME);
        Objects.checkIndex(fileIndex, layout.fileCount());
        SavePath sp = savePath;
        Path target = sp.resolve(newRelativePath, fileIndex, Operation.RENAME);
        Path source = sp.resolve(relativePaths[fileIndex], fileIndex, Operation.RENAME);
        if (target.equals(source)) {
            return;
        }
        try {
            pool.release(new FileHandlePool.Key(this, fileIndex));
            if (attributesOrNull(source) != null) {
                sp.checkLinks(source, false, fileIndex, Operation.RENAME);
                sp.checkLinks(target, true, fileIndex, Operation.RENAME);
                if (attributesOrNull(target) != null) {
                    throw new FileAlreadyExistsException(target.toString(), null, "the new name exists");
                }
                StorageMove.moveOne(source, target);
            }
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.RENAME, fileIndex, source);
        }
        String[] paths = relativePaths.clone();
        paths[fileIndex] = String.join("/", pathNames(sp.root().relativize(target)));
        relativePaths = paths;
    }

    @Override
    public void deleteFiles() {
        checkOpen(Operation.DELETE);
        SavePath sp = savePath;
        List<Exception> failures = new ArrayList<>();
        try {
            pool.releaseOwner(this);
        } catch (IOException e) {
            failures.add(e);
        }
        List<Path> deleted = new ArrayList<>();
        String[] paths = relativePaths;
        for (int i = 0; i < paths.length; i++) {
            if (layout.file(i).pad()) {
                continue;
            }
            try {
                Path p = sp.resolve(paths[i], i, Operation.DELETE);
                deleted.add(p);
                BasicFileAttributes a = attributesOrNull(p);
                if (a == null || a.isDirectory()) {
                    continue;
                }
                sp.checkLinks(p, false, i, Operation.DELETE);
                Files.deleteIfExists(p);
            } catch (StorageException e) {
                if (e.reason() != Reason.PATH_OUTSIDE_SAVE_PATH) {
                    failures.add(e);
                } else {
                    LOG.warn("not deleting file {} of {}: its path leads out of the save path", i, sp.root());
                }
            } catch (IOException | RuntimeException e) {
                failures.add(StorageErrors.of(e, Operation.DELETE, i, null));
            }
        }
        try {
            partFile.delete();
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
        StorageMove.removeEmptyDirectories(deleted, sp.root());
        for (int i = 0; i < written.length(); i++) {
            written.set(i, 0);
        }
        if (!failures.isEmpty()) {
            StorageException first = StorageErrors.of(failures.get(0), Operation.DELETE, -1, sp.root());
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public void releaseFiles() {
        checkOpen(Operation.OPEN);
        try {
            pool.releaseOwner(this);
        } catch (IOException e) {
            throw StorageErrors.of(e, Operation.OPEN, -1, savePath.root());
        }
    }

    @Override
    public Path savePath() {
        return savePath.root();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pool.releaseOwner(this);
        } catch (IOException e) {
            throw StorageErrors.of(e, Operation.OPEN, -1, savePath.root());
        }
    }

    // ---- files ----

    private void writeFile(int file, long fileOffset, ByteBuffer chunk) {
        long end = fileOffset + chunk.remaining();
        try (FileHandlePool.Handle h = pool.acquire(new FileHandlePool.Key(this, file), true, w -> openFile(file, w))) {
            FileChannel channel = h.channel();
            long position = fileOffset;
            while (chunk.hasRemaining()) {
                position += channel.write(chunk, position);
            }
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.WRITE, file, pathForErrors(file));
        }
        written.accumulateAndGet(file, end, Math::max);
    }

    private int readFile(FileSlice s, ByteBuffer destination) {
        int file = s.fileIndex();
        try {
            if (written.get(file) == 0 && readOpened.get(file) == 0 && isAbsent(file)) {
                // A check of an empty save path reads every piece: a stat is far cheaper than a
                // failed open with its exception, once per piece.
                return 0;
            }
        } catch (NoSuchFileException e) {
            return 0; // no save path yet
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.READ, file, pathForErrors(file));
        }
        ByteBuffer target = destination.duplicate().limit(destination.position() + s.length());
        int n = 0;
        try (FileHandlePool.Handle h = pool.acquire(new FileHandlePool.Key(this, file), false, w -> openFile(file, w))) {
            readOpened.lazySet(file, 1);
            FileChannel channel = h.channel();
            while (target.hasRemaining()) {
                int r = channel.read(target, s.fileOffset() + n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (NoSuchFileException e) {
            if (written.get(file) > 0) {
                throw new StorageException(Reason.FILE_NOT_FOUND, Operation.READ, file, pathForErrors(file), e);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.READ, file, pathForErrors(file));
        }
        destination.position(destination.position() + n);
        if (n < s.length() && written.get(file) > s.fileOffset() + n) {
            throw new StorageException(Reason.FILE_TRUNCATED, Operation.READ, file, pathForErrors(file), null);
        }
        return n;
    }

    /**
     * Whether a file this storage never wrote is not there (false when that cannot be told).
     * {@link java.io.File#exists} asks the OS without building an exception for a missing file,
     * which {@code Files.exists} does on Java 17.
     */
    private boolean isAbsent(int file) throws IOException {
        SavePath sp = savePath;
        Path path;
        try {
            path = sp.resolve(relativePaths[file], file, Operation.READ);
        } catch (RuntimeException e) {
            return false; // the read itself reports what is wrong with the path
        }
        if (path.getFileSystem() != FileSystems.getDefault()) {
            return false;
        }
        // The same refusal as a read: a link out of the save path is reported, not read as empty.
        sp.checkLinks(path, false, file, Operation.READ);
        return !path.toFile().exists();
    }

    /** Opens a data file for the pool, after proving its path stays inside the save path. */
    private FileChannel openFile(int file, boolean write) throws IOException {
        SavePath sp = savePath;
        Operation operation = write ? Operation.WRITE : Operation.READ;
        Path path = sp.resolve(relativePaths[file], file, operation);
        if (!write) {
            sp.checkLinks(path, false, file, operation);
            return FileChannel.open(path, StandardOpenOption.READ);
        }
        sp.create();
        sp.checkLinks(path, true, file, operation);
        if (written.get(file) > 0 && attributesOrNull(path) == null) {
            // Written before, gone now: the bytes written are lost, which the caller must hear.
            // Forgetting them lets the next write (after a recheck) create the file anew.
            written.set(file, 0);
            throw new StorageException(Reason.FILE_NOT_FOUND, Operation.WRITE, file, path, null);
        }
        // No SPARSE hint or preallocation: on Linux a file written at an offset is sparse anyway.
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    }

    private void createEmptyFile(SavePath sp, int file) {
        Path path = sp.resolve(relativePaths[file], file, Operation.OPEN);
        try {
            sp.create();
            sp.checkLinks(path, true, file, Operation.OPEN);
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            // Never truncate what is there.
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.OPEN, file, path);
        }
    }

    /** Creates a BEP 47 symlink, relative so that it survives a move, if its target stays inside. */
    private void createSymlink(SavePath sp, int file, FileEntry entry) {
        Path link = sp.resolve(relativePaths[file], file, Operation.OPEN);
        Path target;
        try {
            target = sp.root().resolve(entry.symlinkTarget().orElseThrow()).normalize();
        } catch (InvalidPathException e) {
            LOG.warn("not creating symlink {}: its target is not a path: {}", link, e.getMessage());
            return;
        }
        if (!target.startsWith(sp.root())) {
            LOG.warn("not creating symlink {}: its target {} is outside the save path {}", link, target, sp.root());
            return;
        }
        try {
            if (attributesOrNull(link) != null) {
                return; // made earlier (its target may not exist yet), or something else is there
            }
            sp.create();
            sp.checkLinks(link, true, file, Operation.OPEN);
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (FileAlreadyExistsException e) {
            // Made meanwhile or earlier: keep it.
        } catch (IOException | UnsupportedOperationException e) {
            throw StorageErrors.of(e, Operation.OPEN, file, link);
        }
    }

    // ---- part file ----

    /** Whether a priority-0 file's bytes go to the part file: yes unless the file exists already. */
    private boolean keptInPartFile(int file) {
        FileEntry entry = layout.file(file);
        if (entry.pad() || entry.size() == 0) {
            return false;
        }
        try {
            Path path = savePath.resolve(relativePaths[file], file, Operation.OPEN);
            return attributesOrNull(path) == null;
        } catch (IOException | StorageException e) {
            return true; // unreadable or outside: keep its bytes out of that path
        }
    }

    private void writePart(int piece, int pieceOffset, ByteBuffer chunk, int file) {
        try {
            partFile.write(piece, pieceOffset, chunk);
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.WRITE, file, partFile.path());
        }
    }

    private int readPart(int piece, int pieceOffset, ByteBuffer destination, int length, int file) {
        ByteBuffer target = destination.duplicate().limit(destination.position() + length);
        int n;
        try {
            n = partFile.read(piece, pieceOffset, target);
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.READ, file, partFile.path());
        }
        destination.position(destination.position() + n);
        return n;
    }

    /** Copies a file's kept bytes from the part file into the file, which is created. */
    private void exportFromPartFile(int file) {
        int[] range = layout.pieceRange(file);
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(COPY_CHUNK, layout.pieceLength()));
        try {
            for (int piece = range[0]; piece <= range[1]; piece++) {
                if (!partFile.has(piece)) {
                    continue;
                }
                int pieceOffset = 0;
                for (FileSlice s : layout.map(piece, 0, layout.pieceSize(piece))) {
                    if (s.fileIndex() == file) {
                        for (int done = 0; done < s.length(); ) {
                            buffer.clear().limit(Math.min(buffer.capacity(), s.length() - done));
                            int n = partFile.read(piece, pieceOffset + done, buffer);
                            if (n <= 0) {
                                break;
                            }
                            buffer.flip();
                            writeFile(file, s.fileOffset() + done, buffer);
                            done += n;
                        }
                    }
                    pieceOffset += s.length();
                }
            }
        } catch (IOException e) {
            throw StorageErrors.of(e, Operation.WRITE, file, partFile.path());
        }
    }

    /** Frees the part-file slots of pieces that no longer have bytes of a kept file. */
    private void freeUnusedSlots(boolean[] part) {
        try {
            for (int piece = 0; piece < layout.pieceCount(); piece++) {
                if (!partFile.has(piece)) {
                    continue;
                }
                boolean needed = false;
                for (FileSlice s : layout.map(piece, 0, layout.pieceSize(piece))) {
                    needed |= !s.pad() && part[s.fileIndex()];
                }
                if (!needed) {
                    partFile.free(piece);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.of(e, Operation.WRITE, -1, partFile.path());
        }
    }

    /** The part file's handles, through the shared pool. */
    private final class PartFileIo implements PartFile.Io {
        private final FileHandlePool.Key key = new FileHandlePool.Key(DefaultTorrentStorage.this, PART_FILE);

        @Override
        public FileHandlePool.Handle acquire(boolean write) throws IOException {
            return pool.acquire(key, write, this::open);
        }

        @Override
        public void release() throws IOException {
            pool.release(key);
        }

        private FileChannel open(boolean write) throws IOException {
            SavePath sp = savePath;
            Operation operation = write ? Operation.WRITE : Operation.READ;
            Path path = sp.resolve(partFileName, PART_FILE, operation);
            if (write) {
                sp.create();
            }
            sp.checkLinks(path, false, PART_FILE, operation);
            return write
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        }
    }

    // ---- helpers ----

    private void checkOpen(Operation operation) {
        if (closed) {
            throw new StorageException(Reason.CLOSED, operation, -1, null, null);
        }
    }

    private Path pathForErrors(int file) {
        try {
            return savePath.root().resolve(relativePaths[file]);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static void fillZeros(ByteBuffer destination, int length) {
        for (int left = length; left > 0; ) {
            int n = Math.min(left, ZEROS.length);
            destination.put(ZEROS, 0, n);
            left -= n;
        }
    }

    private static List<String> pathNames(Path relative) {
        List<String> names = new ArrayList<>(relative.getNameCount());
        for (Path name : relative) {
            names.add(name.toString());
        }
        return names;
    }

    private static BasicFileAttributes attributesOrNull(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
