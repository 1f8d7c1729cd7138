package io.torrentine.internal.disk;

import io.netty.buffer.Unpooled;
import io.torrentine.internal.hash.PieceVerifier;
import io.torrentine.internal.resume.ResumeDataFile;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link CrashSafetyTest} kills: it "downloads" a torrent from a local copy of its
 * content through the real disk layer, pieces in random order, and after each piece that is
 * written and passes its hash check it saves resume data, as a session does. It prints one line
 * per saved piece so that the test knows when to kill it.
 *
 * <p>Arguments: torrent file, content directory (the save path the content lives under), save
 * path to download into, resume data file, random seed.
 */
public final class CrashingDownloader {

    private CrashingDownloader() {
    }

    public static void main(String[] args) throws Exception {
        TorrentInfo torrent = TorrentInfo.load(Path.of(args[0]));
        Path contentDir = Path.of(args[1]);
        Path saveDir = Path.of(args[2]);
        ResumeDataFile resume = new ResumeDataFile(Path.of(args[3]));
        long seed = Long.parseLong(args[4]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        FileLayout layout = new FileLayout(torrent);
        TorrentStorage source = StorageFactory.files().open(StorageParams.of(torrent, contentDir));
        try (DiskIoThreadPool pool = new DiskIoThreadPool(DiskIoConfig.defaults())) {
            TorrentDiskIo disk = pool.open(StorageFactory.files(), StorageParams.of(torrent, saveDir), Runnable::run).join();
            disk.initialize().join();
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < layout.pieceCount(); p++) {
                order.add(p);
            }
            Collections.shuffle(order, new Random(seed));
            BitSet have = new BitSet(layout.pieceCount());
            for (int piece : order) {
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int block = 0; block < layout.blockCount(piece); block++) {
                    int offset = block * FileLayout.BLOCK_SIZE;
                    ByteBuffer bytes = ByteBuffer.allocate(layout.blockSize(piece, block));
                    source.read(piece, offset, bytes);
                    writes.add(disk.write(piece, offset, Unpooled.wrappedBuffer(bytes.flip())));
                }
                if (disk.hash(piece).join() != PieceVerifier.Result.PASSED) {
                    throw new IllegalStateException("piece " + piece + " failed its hash check");
                }
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                // Only now is the piece both verified and written: only now may resume data claim it.
                have.set(piece);
                resume.write(AddTorrentParams.builder(torrent, saveDir).havePieces(have).build().toResumeData());
                out.println("saved " + have.cardinality());
            }
            disk.close().join();
        } finally {
            source.close();
        }
        out.println("finished");
    }
}
