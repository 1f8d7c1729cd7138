package io.torrentine.internal.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.ArrayList;
import java.util.List;
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

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void aPieceCutIntoPartsAnywhereVerifiesLikeTheWholePiece(TorrentVersion version) throws IOException {
        Path root = dir.resolve("content");
        Random random = new Random(11);
        int[] sizes = {150_000, 20_000, 16_384 * 2};
        Files.createDirectories(root);
        for (int i = 0; i < sizes.length; i++) {
            byte[] bytes = new byte[sizes[i]];
            random.nextBytes(bytes);
            Files.write(root.resolve("f" + i), bytes);
        }
        TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(root).version(version)
                .pieceSize(PIECE).build().create().bytes());
        FileLayout layout = new FileLayout(torrent);
        PieceVerifier verifier = new PieceVerifier(layout);
        for (int piece = 0; piece < layout.pieceCount(); piece++) {
            ByteBuffer whole = read(layout, dir, piece);
            List<ByteBuffer> parts = cut(whole, random);
            assertThat(verifier.verify(piece, parts)).as("piece %d in %d parts", piece, parts.size())
                    .isEqualTo(Result.PASSED);
            assertThat(parts).allSatisfy(part -> assertThat(part.position()).isEqualTo(7));
            int victim = firstContentByte(layout, piece);
            if (victim >= 0) {
                whole.put(victim, (byte) (whole.get(victim) ^ 1));
                assertThat(verifier.verify(piece, cut(whole, random))).isEqualTo(Result.FAILED);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void partsOfTheWrongTotalLengthAreRefused(TorrentVersion version) throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, new byte[PIECE + 5]);
        TorrentInfo torrent = TorrentInfo.parse(TorrentCreator.builder(file).version(version)
                .pieceSize(PIECE).build().create().bytes());
        PieceVerifier verifier = new PieceVerifier(new FileLayout(torrent));
        assertThatThrownBy(() -> verifier.verify(0, List.of(ByteBuffer.allocate(PIECE - 1), ByteBuffer.allocate(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Cuts a buffer into views of random lengths (some empty), each with its own position. */
    private static List<ByteBuffer> cut(ByteBuffer whole, Random random) {
        List<ByteBuffer> parts = new ArrayList<>();
        int at = 0;
        while (at < whole.limit()) {
            int length = Math.min(whole.limit() - at, random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(20_000));
            // Each view starts at a non-zero position inside a larger buffer, to catch offset mistakes.
            ByteBuffer host = ByteBuffer.allocate(length + 7);
            host.position(7);
            host.put(whole.duplicate().position(at).limit(at + length));
            parts.add(host.limit(7 + length).position(7));
            at += length;
        }
        return parts;
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
