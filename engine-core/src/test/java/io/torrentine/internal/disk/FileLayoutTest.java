package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.metainfo.TorrentInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileLayoutTest {
    private static final int PIECE = 32 * 1024;

    /** A v1 torrent of files with these sizes; a negative size marks a pad file. */
    static TorrentInfo torrent(int pieceLength, long... sizes) {
        List<BValue> files = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            long size = Math.abs(sizes[i]);
            BDictionary.Builder f = BDictionary.builder().put("length", size)
                    .put("path", BList.of(BString.of("f" + i)));
            if (sizes[i] < 0) {
                f.put("attr", "p");
            }
            files.add(f.build());
            total += size;
        }
        int pieces = (int) ((total + pieceLength - 1) / pieceLength);
        BDictionary info = BDictionary.builder().put("name", "t").put("piece length", pieceLength)
                .put("pieces", new byte[pieces * 20]).put("files", BList.of(files)).build();
        return TorrentInfo.parse(BencodeEncoder.encode(BDictionary.builder().put("info", info).build()));
    }

    @Test
    void aPieceAcrossManySmallFilesMapsToEachInOrder() {
        FileLayout layout = new FileLayout(torrent(PIECE, 10_000, 5, 0, 30_000, 100));
        assertThat(layout.map(0, 0, PIECE)).containsExactly(
                new FileSlice(0, 0, 10_000, false),
                new FileSlice(1, 0, 5, false),
                new FileSlice(3, 0, PIECE - 10_005, false));
        assertThat(layout.map(1, 0, layout.pieceSize(1))).containsExactly(
                new FileSlice(3, PIECE - 10_005, 30_000 - (PIECE - 10_005), false),
                new FileSlice(4, 0, 100, false));
    }

    @Test
    void theLastPieceAndBlockAreShort() {
        FileLayout layout = new FileLayout(torrent(PIECE, 70_000));
        assertThat(layout.pieceCount()).isEqualTo(3);
        assertThat(layout.pieceSize(2)).isEqualTo(70_000 - 2 * PIECE);
        assertThat(layout.blockCount(2)).isEqualTo(1);
        assertThat(layout.blockSize(2, 0)).isEqualTo(70_000 - 2 * PIECE);
        assertThat(layout.blockCount(0)).isEqualTo(2);
        assertThat(layout.blockSize(0, 1)).isEqualTo(FileLayout.BLOCK_SIZE);
        assertThatThrownBy(() -> layout.map(2, 0, 70_000 - 2 * PIECE + 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void padFilesAreMarkedAndZeroLengthFilesNeverAppear() {
        FileLayout layout = new FileLayout(torrent(PIECE, 0, 1000, -(PIECE - 1000), 0, 0, 500));
        assertThat(layout.map(0, 500, PIECE - 500)).containsExactly(
                new FileSlice(1, 500, 500, false),
                new FileSlice(2, 0, PIECE - 1000, true));
        assertThat(layout.map(1, 0, 500)).containsExactly(new FileSlice(5, 0, 500, false));
        assertThat(layout.pieceRange(0)).containsExactly(0, -1);
        assertThat(layout.pieceRange(5)).containsExactly(1, 1);
    }

    @Test
    void blocksOfAPieceCoverItExactly() {
        FileLayout layout = new FileLayout(torrent(PIECE, 3, 16_384, 99_999, 7));
        for (int piece = 0; piece < layout.pieceCount(); piece++) {
            long covered = 0;
            for (int block = 0; block < layout.blockCount(piece); block++) {
                int size = layout.blockSize(piece, block);
                covered += layout.map(piece, block * FileLayout.BLOCK_SIZE, size).stream()
                        .mapToInt(FileSlice::length).sum();
            }
            assertThat(covered).isEqualTo(layout.pieceSize(piece));
        }
    }
}
