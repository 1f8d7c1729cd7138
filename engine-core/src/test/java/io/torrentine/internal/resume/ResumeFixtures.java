package io.torrentine.internal.resume;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.FileSlice;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.spi.StorageParams;
import io.torrentine.testing.MemoryStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Real torrents made with our creator from random files, and storage holding their pieces. */
final class ResumeFixtures {
    /** Small pieces, so that a few hundred KiB make many pieces and files share pieces. */
    static final int PIECE = 32 * 1024;
    /** File sizes: several pieces, tiny, empty, exactly one piece, odd. */
    static final int[] SIZES = {200_000, 1, 0, PIECE, 40_000, 16_384 * 3 + 5};

    private ResumeFixtures() {
    }

    /** A multi-file torrent of {@link #SIZES} under {@code dir/content}. */
    static TorrentInfo torrent(Path dir, TorrentVersion version) {
        return torrent(dir, version, SIZES);
    }

    static TorrentInfo torrent(Path dir, TorrentVersion version, int... sizes) {
        try {
            Path root = dir.resolve("content");
            Files.createDirectories(root);
            Random random = new Random(7);
            for (int i = 0; i < sizes.length; i++) {
                byte[] bytes = new byte[sizes[i]];
                random.nextBytes(bytes);
                Files.write(root.resolve("f" + i), bytes);
            }
            return TorrentInfo.parse(TorrentCreator.builder(root).version(version).pieceSize(PIECE)
                    .addTracker("http://127.0.0.1:1/announce").addWebSeed("http://127.0.0.1:2/")
                    .comment("resume test").build().create().bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The piece's bytes as they are under {@code dir} (the parent of the torrent's files), pads as zeros. */
    static ByteBuffer piece(FileLayout layout, Path dir, int piece) {
        try {
            ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
            for (FileSlice s : layout.map(piece, 0, layout.pieceSize(piece))) {
                if (s.pad()) {
                    data.position(data.position() + s.length());
                    continue;
                }
                byte[] file = Files.readAllBytes(dir.resolve(layout.file(s.fileIndex()).path()));
                data.put(file, (int) s.fileOffset(), s.length());
            }
            return data.flip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In-memory storage holding every piece of the torrent made by {@link #torrent}. */
    static MemoryStorage storageWithAllPieces(TorrentInfo torrent, Path dir) {
        MemoryStorage storage = new MemoryStorage(StorageParams.of(torrent, dir));
        FileLayout layout = new FileLayout(torrent);
        for (int p = 0; p < layout.pieceCount(); p++) {
            storage.write(p, 0, piece(layout, dir, p));
        }
        return storage;
    }
}
