package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.internal.disk.FileLayout;
import io.torrentine.internal.resume.ResumeDataVerifier.Outcome;
import io.torrentine.internal.resume.ResumeDataVerifier.Result;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageParams;
import io.torrentine.testing.MemoryStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Loaded resume data is trusted only when a sample of its claimed pieces re-hashes from storage
 * (BEP 3 SHA-1, BEP 52 merkle); a claimed piece that is missing, short or corrupt means a full
 * check.
 */
class ResumeDataVerifierTest {
    private final ExecutorService disk = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        disk.shutdown();
        assertThat(disk.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private ResumeDataVerifier verifier(long seed) {
        return new ResumeDataVerifier(disk, 2, new Random(seed));
    }

    private static AddTorrentParams claimingAll(TorrentInfo torrent) {
        BitSet all = new BitSet();
        all.set(0, torrent.pieceCount());
        return AddTorrentParams.builder(torrent, Path.of("/unused")).havePieces(all).build();
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void honestResumeDataIsTrusted(TorrentVersion version) throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, version);
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(torrent, dir);
        Result result = verifier(1).verify(claimingAll(torrent), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.TRUSTED);
        assertThat(result.needsFullCheck()).isFalse();
        FileLayout layout = new FileLayout(torrent);
        for (int f = 0; f < layout.fileCount(); f++) {
            int[] range = layout.pieceRange(f);
            if (!layout.file(f).pad() && range[1] >= range[0]) {
                assertThat(result.sampled()).as("the last piece of file %d", f).contains(range[1]);
            }
        }
        long files = torrent.files().stream().filter(e -> !e.pad() && e.size() > 0).count();
        assertThat(result.sampled()).doesNotHaveDuplicates().isSorted()
                .hasSizeLessThanOrEqualTo((int) files + ResumeDataVerifier.RANDOM_SAMPLE);
    }

    @Test
    void aClaimedPieceThatIsNotThereFallsBack() throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.V1);
        FileLayout layout = new FileLayout(torrent);
        MemoryStorage storage = new MemoryStorage(StorageParams.of(torrent, dir));
        // Only the first file's pieces were written, but the resume data claims every piece.
        int[] first = layout.pieceRange(0);
        for (int p = first[0]; p < first[1]; p++) {
            storage.write(p, 0, ResumeFixtures.piece(layout, dir, p));
        }
        Result result = verifier(2).verify(claimingAll(torrent), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.needsFullCheck()).isTrue();
        assertThat(result.outcome()).isIn(Outcome.SHORT_READ, Outcome.HASH_MISMATCH);
        assertThat(result.badPiece()).isPresent();
    }

    @Test
    void anEmptyStorageFallsBackOnAShortRead() throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.V1);
        MemoryStorage storage = new MemoryStorage(StorageParams.of(torrent, dir));
        Result result = verifier(3).verify(claimingAll(torrent), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.SHORT_READ);
    }

    @ParameterizedTest
    @EnumSource(TorrentVersion.class)
    void aCorruptLastPieceOfAFileFallsBack(TorrentVersion version) throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, version);
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(torrent, dir);
        FileLayout layout = new FileLayout(torrent);
        int victim = layout.pieceRange(0)[1];
        ByteBuffer bad = ResumeFixtures.piece(layout, dir, victim);
        bad.put(0, (byte) (bad.get(0) ^ 0x01));
        storage.write(victim, 0, bad);
        Result result = verifier(4).verify(claimingAll(torrent), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
        assertThat(result.badPiece()).hasValue(victim);
    }

    @Test
    void corruptionInsideAFileIsFoundByTheRandomSample() throws Exception {
        // One file of 12 pieces; 9 of them claimed: its last claimed piece plus 8 random ones
        // cover all 9, so the corrupt piece in the middle is always sampled.
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.V1, 12 * ResumeFixtures.PIECE);
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(torrent, dir);
        FileLayout layout = new FileLayout(torrent);
        ByteBuffer bad = ResumeFixtures.piece(layout, dir, 4);
        bad.put(100, (byte) (bad.get(100) ^ 0x80));
        storage.write(4, 0, bad);
        BitSet claimed = new BitSet();
        claimed.set(0, 9);
        AddTorrentParams params = AddTorrentParams.builder(torrent, dir).havePieces(claimed).build();
        for (long seed = 0; seed < 5; seed++) {
            Result result = verifier(seed).verify(params, storage).get(30, TimeUnit.SECONDS);
            assertThat(result.sampled()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(result.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
            assertThat(result.badPiece()).hasValue(4);
        }
    }

    @Test
    void theRandomSampleIsBoundedAndOnlyOfClaimedPieces() {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.V1, 100 * ResumeFixtures.PIECE);
        BitSet claimed = new BitSet();
        for (int p = 0; p < 100; p += 3) {
            claimed.set(p);
        }
        List<Integer> sample = verifier(5).sample(new FileLayout(torrent), claimed);
        assertThat(sample).hasSize(1 + ResumeDataVerifier.RANDOM_SAMPLE).contains(99).allMatch(claimed::get);
    }

    @Test
    void aReadErrorFallsBack() throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.V1);
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(torrent, dir);
        storage.failNextReads(100, StorageException.Reason.PERMISSION_DENIED);
        Result result = verifier(6).verify(claimingAll(torrent), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.READ_FAILED);
        assertThat(result.error()).hasValueSatisfying(
                e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.PERMISSION_DENIED));
    }

    @Test
    void nothingClaimedIsTrustedWithoutReading() throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.V1);
        MemoryStorage storage = new MemoryStorage(StorageParams.of(torrent, dir));
        storage.failNextReads(100, StorageException.Reason.IO_ERROR);
        Result result = verifier(7).verify(AddTorrentParams.fromTorrent(torrent, dir), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.TRUSTED);
        assertThat(result.sampled()).isEmpty();
        Result magnet = verifier(7).verify(AddTorrentParams.builder(torrent.infoHashes(), dir).build(), storage)
                .get(30, TimeUnit.SECONDS);
        assertThat(magnet.outcome()).isEqualTo(Outcome.TRUSTED);
    }

    @Test
    void aV2PieceWithoutItsLayerCannotBeTrusted() throws Exception {
        TorrentInfo full = ResumeFixtures.torrent(dir, TorrentVersion.V2);
        // The metadata alone, as from a magnet link (BEP 9): no piece layers (BEP 52).
        TorrentInfo bare = TorrentInfo.fromInfoDictionary(full.infoDictionary(), full.infoHashes());
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(full, dir);
        Result result = verifier(8).verify(claimingAll(bare), storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.UNVERIFIABLE);
    }

    @Test
    void honestResumeDataStillPassesAfterARoundTrip() throws Exception {
        TorrentInfo torrent = ResumeFixtures.torrent(dir, TorrentVersion.HYBRID);
        MemoryStorage storage = ResumeFixtures.storageWithAllPieces(torrent, dir);
        AddTorrentParams loaded = AddTorrentParams.fromResumeData(claimingAll(torrent).toResumeData());
        Result result = verifier(9).verify(loaded, storage).get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.TRUSTED);
    }
}
