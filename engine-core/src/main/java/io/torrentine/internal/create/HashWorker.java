package io.torrentine.internal.create;

import io.torrentine.internal.hash.Merkle;

import io.torrentine.metainfo.TorrentCreationException;
import io.torrentine.metainfo.TorrentCreationException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One hashing thread's loop: takes batches of consecutive pieces, reads them window by window
 * into one reused buffer with positional reads, and hashes each window as it arrives. Pad
 * regions are zeros in the buffer: v1 hashes them (BEP 47), v2 never does (its leaves stop at
 * the end of the file and the tree is padded with zero hashes instead, BEP 52).
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class HashWorker implements AutoCloseable {
    /** The most bytes read and hashed at a time (a multiple of the 16 KiB block). */
    static final int WINDOW_BYTES = 1024 * 1024;

    private static final int BLOCK = PieceLengths.BLOCK_SIZE;
    private static final byte[] ZERO_NODE = new byte[Merkle.HASH_LENGTH];
    private static final byte[] ZEROS = new byte[BLOCK];

    private final HashRun run;
    private final PieceLayout layout;
    private final int pieceLength;
    /** Direct, so a read copies once (page cache to buffer) and the digests read from it. */
    private final ByteBuffer buffer;
    private final int capacity;
    private final MessageDigest sha1;
    private final MessageDigest sha256;
    private final byte[] leaves;

    private int openFile = -1;
    private FileChannel channel;

    /** The file data in the current piece (v2): its length and the length of its file. */
    private long pieceDataLength;
    private long pieceFileLength;

    HashWorker(HashRun run) {
        this.run = run;
        this.layout = run.layout;
        this.pieceLength = layout.pieceLength();
        // Windows hold whole pieces when pieces are small, so a window never splits a piece
        // except where a piece is larger than a window.
        int window = pieceLength <= WINDOW_BYTES
                ? (WINDOW_BYTES / pieceLength) * pieceLength : WINDOW_BYTES;
        long span = layout.hashedEnd();
        this.capacity = (int) Math.min(window, Math.max(span, 1));
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.sha1 = run.v1 != null ? Digests.sha1() : null;
        this.sha256 = run.v2 != null ? Digests.sha256() : null;
        this.leaves = run.v2 != null ? new byte[pieceLength / BLOCK * Merkle.HASH_LENGTH] : null;
    }

    /** Hashes batches until none are left or the run stops. */
    void hashBatches() {
        for (int batch = run.takeBatch(); batch >= 0; batch = run.takeBatch()) {
            if (hashBatch(batch)) {
                run.batchFinished();
            }
        }
    }

    /** Hashes one batch; false if the run stopped before it was done. */
    private boolean hashBatch(int batch) {
        int piece = batch * run.piecesPerBatch;
        int endPiece = Math.min(piece + run.piecesPerBatch, layout.pieceCount());
        long position = (long) piece * pieceLength;
        long end = Math.min((long) endPiece * pieceLength, layout.hashedEnd());
        beginPiece(piece);
        while (position < end) {
            if (run.isStopped()) {
                return false;
            }
            long windowEnd = Math.min(end, position + capacity);
            if (pieceLength > capacity) {
                windowEnd = Math.min(windowEnd, (position / pieceLength + 1) * pieceLength);
            }
            int length = (int) (windowEnd - position);
            long dataBytes = fill(position, length);
            int cursor = 0;
            while (cursor < length) {
                long pieceStart = (long) piece * pieceLength;
                long pieceEnd = Math.min(pieceStart + pieceLength, layout.hashedEnd());
                int take = (int) Math.min(length - cursor, pieceEnd - (position + cursor));
                if (sha256 == null) {
                    update(sha1, cursor, take);
                } else {
                    hashBlocks(position + cursor - pieceStart, cursor, take);
                }
                cursor += take;
                if (position + cursor == pieceEnd) {
                    finishPiece(piece);
                    piece++;
                    if (piece < endPiece) {
                        beginPiece(piece);
                    }
                }
            }
            position = windowEnd;
            run.progress(dataBytes);
        }
        return true;
    }

    private void beginPiece(int piece) {
        if (sha256 == null) {
            return;
        }
        // In a piece-aligned layout every piece starts inside the data of exactly one file.
        long pieceStart = (long) piece * pieceLength;
        int file = layout.dataFile(layout.dataFileAtOrBefore(pieceStart));
        long fileEnd = layout.offset(file) + layout.files().get(file).length();
        pieceDataLength = Math.min(pieceLength, fileEnd - pieceStart);
        pieceFileLength = layout.files().get(file).length();
    }

    /**
     * Hashes {@code [offsetInPiece, +length)} of the current piece block by block: each 16 KiB
     * goes through SHA-1 (if v1) and, where it is file data, becomes a v2 leaf while it is
     * still in the CPU cache.
     */
    private void hashBlocks(long offsetInPiece, int bufferOffset, int length) {
        try {
            for (int done = 0; done < length; done += BLOCK) {
                int blockLength = Math.min(BLOCK, length - done);
                if (sha1 != null) {
                    update(sha1, bufferOffset + done, blockLength);
                }
                long block = offsetInPiece + done;
                if (block < pieceDataLength) {
                    int leafLength = (int) Math.min(blockLength, pieceDataLength - block);
                    update(sha256, bufferOffset + done, leafLength);
                    sha256.digest(leaves, (int) (block / BLOCK) * Merkle.HASH_LENGTH,
                            Merkle.HASH_LENGTH);
                }
            }
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }

    private void update(MessageDigest digest, int from, int length) {
        buffer.clear();
        buffer.position(from);
        buffer.limit(from + length);
        digest.update(buffer);
    }

    private void finishPiece(int piece) {
        try {
            if (sha1 != null) {
                sha1.digest(run.v1, piece * 20, 20);
            }
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 refused a 20-byte output buffer", e);
        }
        if (sha256 == null) {
            return;
        }
        int blocks = (int) ((pieceDataLength + BLOCK - 1) / BLOCK);
        // BEP 52: a file smaller than a piece is its own tree, padded to a power of two
        // blocks; a piece of a larger file is a full piece-sized subtree.
        int padded = pieceFileLength < pieceLength
                ? Merkle.paddedCount((int) ((pieceFileLength + BLOCK - 1) / BLOCK))
                : pieceLength / BLOCK;
        Arrays.fill(leaves, blocks * Merkle.HASH_LENGTH, padded * Merkle.HASH_LENGTH, (byte) 0);
        byte[] root = Merkle.rootInPlace(leaves, blocks, padded, ZERO_NODE, sha256);
        System.arraycopy(root, 0, run.v2, piece * Merkle.HASH_LENGTH, Merkle.HASH_LENGTH);
    }

    /**
     * Puts piece-space bytes {@code [position, +length)} into the buffer: file data where files
     * are, zeros in the gaps (pad files).
     *
     * @return how many of the bytes are file data
     */
    private long fill(long position, int length) {
        long windowEnd = position + length;
        int filled = 0;
        long dataBytes = 0;
        for (int n = Math.max(0, layout.dataFileAtOrBefore(position));
                n < layout.dataFileCount(); n++) {
            int file = layout.dataFile(n);
            long start = layout.offset(file);
            long fileEnd = start + layout.files().get(file).length();
            if (start >= windowEnd) {
                break;
            }
            if (fileEnd <= position) {
                continue;
            }
            long from = Math.max(start, position);
            long to = Math.min(fileEnd, windowEnd);
            int at = (int) (from - position);
            zero(filled, at);
            read(file, from - start, at, (int) (to - from));
            filled = (int) (to - position);
            dataBytes += to - from;
        }
        zero(filled, length);
        return dataBytes;
    }

    private void zero(int from, int to) {
        buffer.clear();
        buffer.position(from);
        while (buffer.position() < to) {
            buffer.put(ZEROS, 0, Math.min(ZEROS.length, to - buffer.position()));
        }
    }

    private void read(int file, long fileOffset, int bufferOffset, int length) {
        SourceFile source = layout.files().get(file);
        try {
            FileChannel in = channel(file);
            ByteBuffer target = buffer.clear().position(bufferOffset).limit(bufferOffset + length);
            long at = fileOffset;
            while (target.hasRemaining()) {
                int read = in.read(target, at);
                if (read < 0) {
                    throw new TorrentCreationException(Reason.SOURCE_CHANGED,
                            source.path() + " became shorter while it was hashed");
                }
                at += read;
            }
        } catch (ClosedByInterruptException e) {
            throw new TorrentCreationException(Reason.INTERRUPTED,
                    "interrupted while reading " + source.path(), e);
        } catch (IOException e) {
            throw SourceScanner.failure(source.path(), e);
        }
    }

    private FileChannel channel(int file) throws IOException {
        if (file != openFile) {
            close();
            SourceFile source = layout.files().get(file);
            channel = FileChannel.open(source.path(), StandardOpenOption.READ);
            openFile = file;
            long size = channel.size();
            if (size != source.length()) {
                throw new TorrentCreationException(Reason.SOURCE_CHANGED, source.path()
                        + " was " + source.length() + " bytes when scanned and is now " + size);
            }
        }
        return channel;
    }

    /** Closes the open file, if any. */
    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through it; a failed close of a read-only file loses nothing.
            }
            channel = null;
            openFile = -1;
        }
    }
}
