package io.torrentine.internal.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.disk.FileSlice;
import io.torrentine.internal.hash.PieceVerifier.Result;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pieces of torrents made by our creator verify; a flipped byte anywhere fails them (BEP 3, BEP 52). */
class PieceVerifierTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void everyPieceOfACreatedTorrentPassesAndACorruptOneFails(TorrentVersion version) throws IOException {
        Path root = dir.resolve("content");
        Random random = new Random(7);
        int[] sizes = {200_000, 1, 0, PIECE, 40_000, 16_384 * 3 + 5};
        for (int i = 0; i < sizes.length; i++) {
            byte[] bytes = new byte[sizes[i]];
            random.nextBytes(bytes);
            Files.createDirectories(root);
            Files.write(root.resolve("f" + i), bytes);
        }
        TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(root).version(version)
                .pieceSize(PIECE).build().create().bytes());
        FileLayout layout = new FileLayout(torrent);
        PieceVerifier verifier = new PieceVerifier(layout);
        for (int piece = 0; piece < layout.pieceCount(); piece++) {
            ByteBuffer data = read(layout, dir, piece);
            assertThat(verifier.verify(piece, data)).as("piece %d", piece).isEqualTo(Result.PASSED);
            assertThat(data.position()).isZero();
            int victim = firstContentByte(layout, piece);
            if (victim >= 0) {
                data.put(victim, (byte) (data.get(victim) ^ 1));
                assertThat(verifier.verify(piece, data)).as("corrupt piece %d", piece).isEqualTo(Result.FAILED);
            }
        }
    }

    /** The piece's bytes read from the files under {@code saveDir}, pad ranges as zeros. */
    static ByteBuffer read(FileLayout layout, Path saveDir, int piece) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
        for (FileSlice s : layout.map(piece, 0, layout.pieceSize(piece))) {
            if (s.pad()) {
                data.position(data.position() + s.length());
                continue;
            }
            byte[] file = Files.readAllBytes(saveDir.resolve(layout.file(s.fileIndex()).path()));
            data.put(file, (int) s.fileOffset(), s.length());
        }
        return data.flip();
    }

    private static int firstContentByte(FileLayout layout, int piece) {
        int offset = 0;
        for (FileSlice s : layout.map(piece, 0, layout.pieceSize(piece))) {
            if (!s.pad()) {
                return offset + s.length() - 1;
            }
            offset += s.length();
        }
        return -1;
    }
}
