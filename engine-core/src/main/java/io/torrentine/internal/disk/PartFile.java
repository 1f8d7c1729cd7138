package io.torrentine.internal.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Where the bytes of wanted pieces that fall into unwanted (priority 0) files are kept, so that
 * those files are never created (libtorrent's part file). One file per torrent, with room for
 * whole pieces: a piece that has bytes here owns a slot of one piece length, and its bytes sit
 * at their offset within the piece.
 *
 * <p>Layout: a header, then the slots. The header is the magic {@code TTPF}, a format version
 * (1), the piece length and the piece count (4-byte big-endian integers), then one 4-byte slot
 * number per piece, -1 for none; the slots start at the header's size rounded up to 4 KiB. The
 * index is written when a slot is taken or freed, so a storage reopened later finds the kept
 * bytes. Slots are reused lowest first; the file shrinks when its last slots are freed and is
 * deleted when it holds nothing.
 *
 * <p>Thread-safe (all methods lock the instance; part-file traffic is rare: only pieces that
 * straddle a wanted and an unwanted file).
 */
final class PartFile {
    private static final int MAGIC = 0x54545046; // "TTPF"
    private static final int VERSION = 1;
    private static final int FIXED_HEADER = 16;
    private static final int ALIGNMENT = 4096;
    private static final int NO_SLOT = -1;

    /** Reads and writes the part file through the handle pool, opening it as asked. */
    interface Io {
        /**
         * Takes a handle on the part file.
         *
         * @param write whether to open it for writing (creating it)
         * @return the handle
         * @throws IOException if it cannot be opened
         */
        FileHandlePool.Handle acquire(boolean write) throws IOException;

        /**
         * Closes the part file's handle so the file can be truncated, moved or deleted.
         *
         * @throws IOException if closing fails
         */
        void release() throws IOException;
    }

    private final int pieceLength;
    private final int pieceCount;
    private final long dataStart;
    private final Io io;
    private Path path;
    private int[] slots;
    private final BitSet used = new BitSet();

    /**
     * A part file (not created until the first write).
     *
     * @param path where it lives
     * @param pieceLength the torrent's piece length
     * @param pieceCount the torrent's piece count
     * @param io handles on the file
     */
    PartFile(Path path, int pieceLength, int pieceCount, Io io) {
        this.path = path;
        this.pieceLength = pieceLength;
        this.pieceCount = pieceCount;
        this.io = io;
        long header = FIXED_HEADER + 4L * pieceCount;
        this.dataStart = (header + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * The name a torrent's part file has in its save path.
     *
     * @param infoHashHex the torrent's info-hash as hex
     * @return {@code .<hex>.parts}
     */
    static String fileName(String infoHashHex) {
        return "." + infoHashHex + ".parts";
    }

    /**
     * Where the part file lives.
     *
     * @return its path
     */
    synchronized Path path() {
        return path;
    }

    /**
     * Tells the part file it was moved (by a storage move).
     *
     * @param newPath where it is now
     */
    synchronized void movedTo(Path newPath) {
        this.path = newPath;
    }

    /**
     * Whether a piece has bytes here.
     *
     * @param piece the piece index
     * @return true if it owns a slot
     * @throws IOException if the index cannot be read
     */
    synchronized boolean has(int piece) throws IOException {
        return slots()[piece] != NO_SLOT;
    }

    /**
     * How many pieces have bytes here.
     *
     * @return the slots in use
     * @throws IOException if the index cannot be read
     */
    synchronized int slotsInUse() throws IOException {
        slots();
        return used.cardinality();
    }

    /**
     * Writes bytes of a piece, taking a slot for it if it has none.
     *
     * @param piece the piece index
     * @param offset the offset within the piece
     * @param data the bytes, position to limit; the position is advanced
     * @throws IOException if writing fails
     */
    synchronized void write(int piece, int offset, ByteBuffer data) throws IOException {
        int[] index = slots();
        int slot = index[piece];
        try (FileHandlePool.Handle h = io.acquire(true)) {
            FileChannel channel = h.channel();
            if (slot == NO_SLOT) {
                slot = used.nextClearBit(0);
                if (used.isEmpty()) {
                    writeHeader(channel);
                }
                writeSlot(channel, piece, slot);
                index[piece] = slot;
                used.set(slot);
            }
            long position = dataStart + (long) slot * pieceLength + offset;
            while (data.hasRemaining()) {
                position += channel.write(data, position);
            }
        }
    }

    /**
     * Reads bytes of a piece.
     *
     * @param piece the piece index
     * @param offset the offset within the piece
     * @param destination where they go, position to limit; the position is advanced
     * @return the bytes read: 0 if the piece has no slot, fewer than asked if the file is short
     * @throws IOException if reading fails
     */
    synchronized int read(int piece, int offset, ByteBuffer destination) throws IOException {
        int slot = slots()[piece];
        if (slot == NO_SLOT) {
            return 0;
        }
        int total = 0;
        try (FileHandlePool.Handle h = io.acquire(false)) {
            long position = dataStart + (long) slot * pieceLength + offset;
            while (destination.hasRemaining()) {
                int n = h.channel().read(destination, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return total;
    }

    /**
     * Frees a piece's slot; the file shrinks if the slot was its last, and is deleted when no
     * slot is left.
     *
     * @param piece the piece index
     * @throws IOException if the index cannot be updated or the file shrunk or deleted
     */
    synchronized void free(int piece) throws IOException {
        int[] index = slots();
        int slot = index[piece];
        if (slot == NO_SLOT) {
            return;
        }
        index[piece] = NO_SLOT;
        used.clear(slot);
        if (used.isEmpty()) {
            delete();
            return;
        }
        try (FileHandlePool.Handle h = io.acquire(true)) {
            writeSlot(h.channel(), piece, NO_SLOT);
            long end = dataStart + (long) used.length() * pieceLength;
            if (h.channel().size() > end) {
                h.channel().truncate(end);
            }
        }
    }

    /**
     * Deletes the part file and forgets every slot.
     *
     * @throws IOException if it cannot be deleted
     */
    synchronized void delete() throws IOException {
        io.release();
        Files.deleteIfExists(path);
        slots = new int[pieceCount];
        Arrays.fill(slots, NO_SLOT);
        used.clear();
    }

    /**
     * Whether the part file exists on disk.
     *
     * @return true if it exists
     */
    synchronized boolean exists() {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The index, read from the file the first time (a storage reopened after a restart). */
    private int[] slots() throws IOException {
        if (slots != null) {
            return slots;
        }
        int[] index = new int[pieceCount];
        Arrays.fill(index, NO_SLOT);
        try (FileHandlePool.Handle h = io.acquire(false)) {
            FileChannel channel = h.channel();
            ByteBuffer header = ByteBuffer.allocate(Math.toIntExact(FIXED_HEADER + 4L * pieceCount));
            while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
                // Positional reads until the buffer is full or the file ends.
            }
            header.flip();
            if (header.remaining() < FIXED_HEADER || header.getInt() != MAGIC || header.getInt() != VERSION
                    || header.getInt() != pieceLength || header.getInt() != pieceCount
                    || header.remaining() < 4 * pieceCount) {
                throw new IOException("not a part file of this torrent: " + path);
            }
            BitSet taken = new BitSet();
            for (int piece = 0; piece < pieceCount; piece++) {
                int slot = header.getInt();
                if (slot < NO_SLOT || slot >= pieceCount || (slot >= 0 && taken.get(slot))) {
                    throw new IOException("corrupt part file index at piece " + piece + ": " + path);
                }
                index[piece] = slot;
                if (slot >= 0) {
                    taken.set(slot);
                }
            }
            used.or(taken);
        } catch (NoSuchFileException e) {
            // No part file yet: nothing kept.
        }
        slots = index;
        return index;
    }

    private void writeHeader(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Math.toIntExact(FIXED_HEADER + 4L * pieceCount));
        header.putInt(MAGIC).putInt(VERSION).putInt(pieceLength).putInt(pieceCount);
        for (int i = 0; i < pieceCount; i++) {
            header.putInt(NO_SLOT);
        }
        header.flip();
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
    }

    private static void writeSlot(FileChannel channel, int piece, int slot) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(4).putInt(slot).flip();
        long position = FIXED_HEADER + 4L * piece;
        while (entry.hasRemaining()) {
            position += channel.write(entry, position);
        }
    }
}
