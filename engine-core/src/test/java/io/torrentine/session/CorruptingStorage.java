package io.torrentine.session;

import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage that serves corrupt blocks to peers: the first read of each piece (the check's) is
 * honest, so the session believes it is a seed; every later read (uploads, which read runs of
 * blocks) gets the first byte of each 16 KiB block flipped, so it lies to its peers.
 */
final class CorruptingStorage implements TorrentStorage {
    private final TorrentStorage inner;
    private final Set<Integer> checked = ConcurrentHashMap.newKeySet();

    private CorruptingStorage(TorrentStorage inner) {
        this.inner = inner;
    }

    static StorageFactory factory() {
        return params -> new CorruptingStorage(StorageFactory.files().open(params));
    }

    @Override
    public void initialize() {
        inner.initialize();
    }

    @Override
    public void write(int piece, int offset, ByteBuffer data) {
        inner.write(piece, offset, data);
    }

    @Override
    public int read(int piece, int offset, ByteBuffer destination) {
        int start = destination.position();
        int n = inner.read(piece, offset, destination);
        if (!checked.add(piece)) {
            for (int i = 0; i < n; i += 16 * 1024) {
                destination.put(start + i, (byte) (destination.get(start + i) ^ 0x5a));
            }
        }
        return n;
    }

    @Override
    public void setFilePriorities(List<Integer> priorities) {
        inner.setFilePriorities(priorities);
    }

    @Override
    public void moveStorage(Path newSavePath) {
        inner.moveStorage(newSavePath);
    }

    @Override
    public void renameFile(int fileIndex, String newRelativePath) {
        inner.renameFile(fileIndex, newRelativePath);
    }

    @Override
    public void deleteFiles() {
        inner.deleteFiles();
    }

    @Override
    public void releaseFiles() {
        inner.releaseFiles();
    }

    @Override
    public Path savePath() {
        return inner.savePath();
    }

    @Override
    public void close() {
        inner.close();
    }
}
