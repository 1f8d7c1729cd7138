package io.torrentine.internal.disk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageParams;
import io.torrentine.testing.MemoryStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A real torrent made by {@link TorrentCreator} from random files, with the bytes of each piece
 * (pad ranges as zeros) so that tests can feed its blocks to the disk layer.
 */
final class TestTorrent {
    final TorrentInfo torrent;
    final FileLayout layout;
    private final byte[][] pieces;

    private TestTorrent(TorrentInfo torrent, byte[][] pieces) {
        this.torrent = torrent;
        this.layout = new FileLayout(torrent);
        this.pieces = pieces;
    }

    /**
     * Writes random files of the given sizes under {@code dir} and makes a torrent of them. More
     * than one file makes a folder torrent; one file a single-file torrent.
     */
    static TestTorrent create(Path dir, TorrentVersion version, int pieceSize, long seed, int... fileSizes) {
        try {
            Random random = new Random(seed);
            Path root = dir.resolve("content-" + seed);
            Files.createDirectories(root);
            for (int i = 0; i < fileSizes.length; i++) {
                byte[] bytes = new byte[fileSizes[i]];
                random.nextBytes(bytes);
                Files.write(root.resolve("f" + i), bytes);
            }
            Path source = fileSizes.length == 1 ? root.resolve("f0") : root;
            TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(source).version(version)
                    .pieceSize(pieceSize).build().create().bytes());
            FileLayout layout = new FileLayout(torrent);
            byte[][] pieces = new byte[layout.pieceCount()][];
            Path base = fileSizes.length == 1 ? root : dir.resolve("content-" + seed).getParent();
            for (int p = 0; p < pieces.length; p++) {
                pieces[p] = new byte[layout.pieceSize(p)];
                int at = 0;
                for (FileSlice s : layout.map(p, 0, layout.pieceSize(p))) {
                    if (!s.pad()) {
                        Path file = fileSizes.length == 1 ? root.resolve("f0")
                                : base.resolve(layout.file(s.fileIndex()).path());
                        byte[] content = Files.readAllBytes(file);
                        System.arraycopy(content, (int) s.fileOffset(), pieces[p], at, s.length());
                    }
                    at += s.length();
                }
            }
            return new TestTorrent(torrent, pieces);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a piece's bytes. */
    byte[] piece(int piece) {
        return pieces[piece].clone();
    }

    /** A copy of a range of a piece. */
    byte[] range(int piece, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(pieces[piece], offset, out, 0, length);
        return out;
    }

    /** A block as a network buffer would bring it: a tracked direct buffer the caller owns. */
    ByteBuf block(int piece, int block) {
        int offset = block * FileLayout.BLOCK_SIZE;
        int length = layout.blockSize(piece, block);
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(length);
        buf.writeBytes(pieces[piece], offset, length);
        return buf;
    }

    /** In-memory storage for this torrent. */
    MemoryStorage memoryStorage(Path savePath) {
        return new MemoryStorage(StorageParams.of(torrent, savePath));
    }
}
