package io.torrentine.internal.disk;

import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Real content for storage tests: files of random bytes under {@code <parent>/<name>}, a torrent
 * of them made by our creator, and helpers that write a torrent's pieces through a storage
 * block by block and compare what landed on disk with the originals.
 */
final class Content {
    final Path parent;
    final Path root;
    final List<String> relativePaths;
    final TorrentInfo torrent;
    final FileLayout layout;

    private Content(Path parent, Path root, List<String> relativePaths, TorrentInfo torrent) {
        this.parent = parent;
        this.root = root;
        this.relativePaths = relativePaths;
        this.torrent = torrent;
        this.layout = new FileLayout(torrent);
    }

    /**
     * Makes files {@code <parent>/<name>/<path>} of random bytes and a torrent of the folder.
     *
     * @param parent where the folder goes (the originals' save path)
     * @param files pairs of relative path and size
     */
    static Content create(Path parent, String name, TorrentVersion version, int pieceSize, long seed, Object... files) {
        try {
            Random random = new Random(seed);
            Path root = parent.resolve(name);
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < files.length; i += 2) {
                Path file = root.resolve((String) files[i]);
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[(Integer) files[i + 1]];
                random.nextBytes(bytes);
                Files.write(file, bytes);
                paths.add(name + "/" + files[i]);
            }
            TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(root).version(version)
                    .pieceSize(pieceSize).hashThreads(1).build().create().bytes());
            return new Content(parent, root, paths, torrent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The piece's bytes, read from the originals (pad ranges as zeros). */
    ByteBuffer piece(int piece) {
        ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
        try {
            for (FileSlice s : layout.map(piece, 0, layout.pieceSize(piece))) {
                if (s.pad()) {
                    data.position(data.position() + s.length());
                    continue;
                }
                try (var channel = java.nio.channels.FileChannel.open(parent.resolve(layout.file(s.fileIndex()).path()))) {
                    ByteBuffer slice = data.slice().limit(s.length());
                    while (slice.hasRemaining()) {
                        if (channel.read(slice, s.fileOffset() + slice.position()) < 0) {
                            throw new IOException("original shorter than its torrent");
                        }
                    }
                    data.position(data.position() + s.length());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data.flip();
    }

    /** Writes every piece through the storage, one 16 KiB block per call, in a shuffled order. */
    void writeAll(TorrentStorage storage, long seed) {
        List<int[]> blocks = new ArrayList<>();
        for (int p = 0; p < layout.pieceCount(); p++) {
            for (int b = 0; b < layout.blockCount(p); b++) {
                blocks.add(new int[] {p, b});
            }
        }
        Collections.shuffle(blocks, new Random(seed));
        for (int[] pb : blocks) {
            writeBlock(storage, pb[0], pb[1]);
        }
    }

    /** Writes every block of one piece. */
    void writePiece(TorrentStorage storage, int piece) {
        for (int b = 0; b < layout.blockCount(piece); b++) {
            writeBlock(storage, piece, b);
        }
    }

    void writeBlock(TorrentStorage storage, int piece, int block) {
        ByteBuffer data = piece(piece);
        int offset = block * FileLayout.BLOCK_SIZE;
        data.position(offset).limit(offset + layout.blockSize(piece, block));
        storage.write(piece, offset, data);
        if (data.hasRemaining()) {
            throw new AssertionError("write left bytes in the buffer");
        }
    }

    /** Reads one whole piece through the storage; the buffer is flipped and may be short. */
    static ByteBuffer read(TorrentStorage storage, FileLayout layout, int piece) {
        ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
        storage.read(piece, 0, data);
        return data.flip();
    }

    /** The bytes of one original file, by its index in the torrent. */
    byte[] original(int fileIndex) {
        try {
            return Files.readAllBytes(parent.resolve(layout.file(fileIndex).path()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index of a file by its path relative to the originals' parent. */
    int indexOf(String path) {
        for (int i = 0; i < layout.fileCount(); i++) {
            if (layout.file(i).path().equals(path)) {
                return i;
            }
        }
        throw new AssertionError("no file " + path + " in " + torrent.files());
    }
}
