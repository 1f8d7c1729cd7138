package io.torrentine.internal.disk;

import io.torrentine.spi.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** A storage that passes every call on, for tests that change one method. */
class ForwardingStorage implements TorrentStorage {
    private final TorrentStorage delegate;

    ForwardingStorage(TorrentStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void write(int piece, int offset, ByteBuffer data) {
        delegate.write(piece, offset, data);
    }

    @Override
    public int read(int piece, int offset, ByteBuffer destination) {
        return delegate.read(piece, offset, destination);
    }

    @Override
    public void setFilePriorities(List<Integer> priorities) {
        delegate.setFilePriorities(priorities);
    }

    @Override
    public void moveStorage(Path newSavePath) {
        delegate.moveStorage(newSavePath);
    }

    @Override
    public void renameFile(int fileIndex, String newRelativePath) {
        delegate.renameFile(fileIndex, newRelativePath);
    }

    @Override
    public void deleteFiles() {
        delegate.deleteFiles();
    }

    @Override
    public void releaseFiles() {
        delegate.releaseFiles();
    }

    @Override
    public Path savePath() {
        return delegate.savePath();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
