package io.torrentine.testing;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.FileSlice;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TorrentStorage} that keeps each file in memory, for tests of the layers above the
 * storage. Files hold only what was written (a read past that is short, like a short file on
 * disk); pad ranges are never stored and read as zeros. Faults can be injected: the next
 * {@code n} writes or reads throw a {@link StorageException} of a given reason.
 */
public final class MemoryStorage implements TorrentStorage {
    private final FileLayout layout;
    private final byte[][] files;
    private final int[] written;
    private volatile Path savePath;
    private volatile List<Integer> priorities;
    private volatile boolean closed;
    private final AtomicInteger failWrites = new AtomicInteger();
    private final AtomicInteger failReads = new AtomicInteger();
    private volatile StorageException.Reason faultReason = StorageException.Reason.IO_ERROR;
    private final AtomicInteger writeCalls = new AtomicInteger();

    /** Storage for the torrent of {@code params}. */
    public MemoryStorage(StorageParams params) {
        this.layout = new FileLayout(params.torrent());
        this.files = new byte[layout.fileCount()][];
        this.written = new int[layout.fileCount()];
        this.savePath = params.savePath();
        this.priorities = params.filePriorities();
        for (int i = 0; i < files.length; i++) {
            files[i] = new byte[Math.toIntExact(layout.file(i).size())];
        }
    }

    /** Makes the next {@code count} writes fail with {@code reason}. */
    public void failNextWrites(int count, StorageException.Reason reason) {
        faultReason = reason;
        failWrites.set(count);
    }

    /** Makes the next {@code count} reads fail with {@code reason}. */
    public void failNextReads(int count, StorageException.Reason reason) {
        faultReason = reason;
        failReads.set(count);
    }

    /** How many times {@link #write} was called. */
    public int writeCalls() {
        return writeCalls.get();
    }

    /** A copy of one file's bytes as stored (zeros where nothing was written). */
    public synchronized byte[] fileBytes(int fileIndex) {
        return files[fileIndex].clone();
    }

    /** The priorities last applied. */
    public List<Integer> priorities() {
        return priorities;
    }

    @Override
    public void write(int piece, int offset, ByteBuffer data) {
        checkOpen();
        writeCalls.incrementAndGet();
        if (failWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StorageException(faultReason, StorageException.Operation.WRITE, -1, null, null);
        }
        synchronized (this) {
            for (FileSlice s : layout.map(piece, offset, data.remaining())) {
                if (s.pad()) {
                    data.position(data.position() + s.length());
                } else {
                    data.get(files[s.fileIndex()], (int) s.fileOffset(), s.length());
                    written[s.fileIndex()] = (int) Math.max(written[s.fileIndex()], s.fileOffset() + s.length());
                }
            }
        }
    }

    @Override
    public int read(int piece, int offset, ByteBuffer destination) {
        checkOpen();
        if (failReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StorageException(faultReason, StorageException.Operation.READ, -1, null, null);
        }
        int total = 0;
        synchronized (this) {
            for (FileSlice s : layout.map(piece, offset, destination.remaining())) {
                if (s.pad()) {
                    destination.put(new byte[s.length()]);
                } else {
                    int available = (int) Math.max(0, Math.min(s.length(), written[s.fileIndex()] - s.fileOffset()));
                    destination.put(files[s.fileIndex()], (int) s.fileOffset(), available);
                    if (available < s.length()) {
                        return total + available;
                    }
                }
                total += s.length();
            }
        }
        return total;
    }

    @Override
    public void setFilePriorities(List<Integer> newPriorities) {
        checkOpen();
        priorities = List.copyOf(new ArrayList<>(newPriorities));
    }

    @Override
    public void moveStorage(Path newSavePath) {
        checkOpen();
        savePath = newSavePath;
    }

    @Override
    public void renameFile(int fileIndex, String newRelativePath) {
        checkOpen();
    }

    @Override
    public synchronized void deleteFiles() {
        checkOpen();
        for (int i = 0; i < files.length; i++) {
            files[i] = new byte[files[i].length];
            written[i] = 0;
        }
    }

    @Override
    public void releaseFiles() {
        checkOpen();
    }

    @Override
    public Path savePath() {
        return savePath;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException(StorageException.Reason.CLOSED, StorageException.Operation.WRITE, -1, null, null);
        }
    }
}
