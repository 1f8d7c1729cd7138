package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import io.torrentine.testing.MemoryStorage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume data is trusted after a sample passes, and a lie falls back to a full check. */
class ResumedPiecesTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path dir;
    private TorrentInfo torrent;
    private MemoryStorage storage;
    private FileLayout layout;

    @BeforeEach
    void halfDownloaded() throws Exception {
        Path content = dir.resolve("c");
        Files.createDirectories(content);
        Random random = new Random(5);
        for (int i = 0; i < 3; i++) {
            byte[] bytes = new byte[100_000 + i * 7];
            random.nextBytes(bytes);
            Files.write(content.resolve("f" + i), bytes);
        }
        torrent = TorrentInfo.parse(TorrentCreator.builder(content).version(TorrentVersion.HYBRID)
                .pieceSize(PIECE).build().create().bytes());
        layout = new FileLayout(torrent);
        storage = new MemoryStorage(StorageParams.of(torrent, dir.resolve("save")));
        try (TorrentStorage source = StorageFactory.files().open(StorageParams.of(torrent, dir))) {
            for (int piece = 0; piece < layout.pieceCount(); piece += 2) {
                ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
                source.read(piece, 0, data);
                storage.write(piece, 0, data.flip());
            }
        }
    }

    private BitSet evenPieces() {
        BitSet even = new BitSet();
        for (int piece = 0; piece < layout.pieceCount(); piece += 2) {
            even.set(piece);
        }
        return even;
    }

    private ResumedPieces.Outcome resolve(BitSet claimed) throws Exception {
        AddTorrentParams params = AddTorrentParams.fromResumeData(
                AddTorrentParams.builder(torrent, dir.resolve("save")).havePieces(claimed).build().toResumeData(), torrent);
        return new ResumedPieces(Runnable::run, 2, new Random(1)).resolve(params, storage).get(30, TimeUnit.SECONDS);
    }

    @Test
    void honestResumeDataIsTrustedWithoutAFullCheck() throws Exception {
        ResumedPieces.Outcome outcome = resolve(evenPieces());
        assertThat(outcome.fullCheck()).isFalse();
        assertThat(outcome.have()).isEqualTo(evenPieces());
    }

    @Test
    void resumeDataClaimingAMissingPieceFallsBackToAFullCheck() throws Exception {
        BitSet lie = evenPieces();
        lie.set(0, layout.pieceCount());
        ResumedPieces.Outcome outcome = resolve(lie);
        assertThat(outcome.fullCheck()).isTrue();
        assertThat(outcome.sample().needsFullCheck()).isTrue();
        assertThat(outcome.have()).as("what is really there").isEqualTo(evenPieces());
    }
}
