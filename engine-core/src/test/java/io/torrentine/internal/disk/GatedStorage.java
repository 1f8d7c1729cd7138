package io.torrentine.internal.disk;

import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage wrapper for tests of the disk layer: it counts calls, reports each call as it starts
 * (so a test can wait until a job is inside the storage) and can hold writes, reads or fenced
 * operations at a gate until the test opens it: latches, never sleeps.
 */
final class GatedStorage implements TorrentStorage {
    private final TorrentStorage delegate;
    /** One line per call, added as the call starts: "write 3 16384", "read 0 0 100", "move". */
    final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    private final Gate writeGate = new Gate();
    private final Gate readGate = new Gate();
    private final Gate fenceGate = new Gate();
    private volatile RuntimeException nextWriteThrows;
    private volatile Error nextWriteError;

    GatedStorage(TorrentStorage delegate) {
        this.delegate = delegate;
    }

    /** Writes wait at the gate from now on. */
    void holdWrites() {
        writeGate.hold();
    }

    /** Lets {@code count} waiting or future writes through a held gate. */
    void allowWrites(int count) {
        writeGate.allow(count);
    }

    /** Opens the write gate for good. */
    void releaseWrites() {
        writeGate.open();
    }

    void holdReads() {
        readGate.hold();
    }

    void releaseReads() {
        readGate.open();
    }

    void holdFences() {
        fenceGate.hold();
    }

    void releaseFences() {
        fenceGate.open();
    }

    /** The next write throws this (a storage bug, not a StorageException). */
    void nextWriteThrows(RuntimeException e) {
        nextWriteThrows = e;
    }

    /** The next write throws this error. */
    void nextWriteError(Error e) {
        nextWriteError = e;
    }

    /** Waits until a call has started and returns its line. */
    String awaitStarted() {
        try {
            String line = started.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no storage call started within 30 s");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void write(int piece, int offset, ByteBuffer data) {
        started.add("write " + piece + " " + offset);
        writes.incrementAndGet();
        writeGate.pass();
        RuntimeException bug = nextWriteThrows;
        if (bug != null) {
            nextWriteThrows = null;
            throw bug;
        }
        Error error = nextWriteError;
        if (error != null) {
            nextWriteError = null;
            throw error;
        }
        delegate.write(piece, offset, data);
    }

    @Override
    public int read(int piece, int offset, ByteBuffer destination) {
        started.add("read " + piece + " " + offset + " " + destination.remaining());
        reads.incrementAndGet();
        readGate.pass();
        return delegate.read(piece, offset, destination);
    }

    @Override
    public void setFilePriorities(List<Integer> priorities) {
        fenced("priorities");
        delegate.setFilePriorities(priorities);
    }

    @Override
    public void moveStorage(Path newSavePath) {
        fenced("move");
        delegate.moveStorage(newSavePath);
    }

    @Override
    public void renameFile(int fileIndex, String newRelativePath) {
        fenced("rename");
        delegate.renameFile(fileIndex, newRelativePath);
    }

    @Override
    public void deleteFiles() {
        fenced("delete");
        delegate.deleteFiles();
    }

    @Override
    public void releaseFiles() {
        fenced("release");
        delegate.releaseFiles();
    }

    @Override
    public Path savePath() {
        return delegate.savePath();
    }

    @Override
    public void close() {
        started.add("close");
        closes.incrementAndGet();
        delegate.close();
    }

    private void fenced(String name) {
        started.add(name);
        fenceGate.pass();
    }

    /** A gate that is open, held shut, or lets a counted number of calls through. */
    private static final class Gate {
        private volatile Semaphore permits;

        void hold() {
            permits = new Semaphore(0);
        }

        void allow(int count) {
            permits.release(count);
        }

        void open() {
            Semaphore p = permits;
            permits = null;
            if (p != null) {
                p.release(1_000_000);
            }
        }

        void pass() {
            Semaphore p = permits;
            if (p == null) {
                return;
            }
            try {
                if (!p.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("a storage gate stayed shut for 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
