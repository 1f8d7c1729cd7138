package io.torrentine.session;

import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A storage that serves corrupt blocks to peers: reads of one block or less (what uploads ask
 * for) get their first byte flipped, while whole-piece reads (what checking asks for) are honest,
 * so the session believes it is a seed and lies to its peers.
 */
final class CorruptingStorage implements TorrentStorage {
    private final TorrentStorage inner;

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
        if (n > 0 && n <= 16 * 1024) {
            destination.put(start, (byte) (destination.get(start) ^ 0x5a));
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
