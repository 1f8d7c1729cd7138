package io.torrentine.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a check of existing data ({@link StorageCheck}) found: which pieces are present and
 * match their hashes. Immutable.
 */
public final class CheckResult {
    private final int pieceCount;
    private final byte[] bitfield;
    private final int havePieces;
    private final long bytesChecked;
    private final Duration elapsed;

    /**
     * Creates a result.
     *
     * @param pieceCount the torrent's piece count
     * @param bitfield the pieces present, in BEP 3 bit order (piece 0 is the high bit of byte
     *     0), exactly {@code ceil(pieceCount / 8)} bytes with the spare bits clear; copied
     * @param bytesChecked the sizes of the pieces checked, added up
     * @param elapsed how long the check took
     * @throws IllegalArgumentException if the bitfield has the wrong length or a spare bit set
     */
    public CheckResult(int pieceCount, byte[] bitfield, long bytesChecked, Duration elapsed) {
        if (pieceCount < 0 || bitfield.length != (pieceCount + 7) / 8) {
            throw new IllegalArgumentException(bitfield.length + " bitfield bytes for " + pieceCount + " pieces");
        }
        int spare = bitfield.length * 8 - pieceCount;
        if (spare > 0 && (bitfield[bitfield.length - 1] & ((1 << spare) - 1)) != 0) {
            throw new IllegalArgumentException("a spare bit past piece " + (pieceCount - 1) + " is set");
        }
        this.pieceCount = pieceCount;
        this.bitfield = bitfield.clone();
        int have = 0;
        for (byte b : this.bitfield) {
            have += Integer.bitCount(b & 0xff);
        }
        this.havePieces = have;
        this.bytesChecked = bytesChecked;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * The torrent's piece count.
     *
     * @return the number of pieces
     */
    public int pieceCount() {
        return pieceCount;
    }

    /**
     * How many pieces are present and match their hashes.
     *
     * @return the number of pieces present
     */
    public int havePieces() {
        return havePieces;
    }

    /**
     * Whether one piece is present and matches its hash.
     *
     * @param piece the piece index
     * @return true if present
     * @throws IndexOutOfBoundsException if there is no such piece
     */
    public boolean hasPiece(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return (bitfield[piece >>> 3] & (0x80 >>> (piece & 7))) != 0;
    }

    /**
     * Whether every piece is present.
     *
     * @return true if the torrent is complete
     */
    public boolean isComplete() {
        return havePieces == pieceCount;
    }

    /**
     * The pieces present as a BEP 3 bitfield: piece 0 is the high bit of byte 0.
     *
     * @return a fresh copy of {@code ceil(pieceCount / 8)} bytes
     */
    public byte[] bitfield() {
        return bitfield.clone();
    }

    /**
     * The sizes of the pieces checked, added up: the torrent's size once every piece is checked.
     *
     * @return bytes
     */
    public long bytesChecked() {
        return bytesChecked;
    }

    /**
     * How long the check took.
     *
     * @return the wall-clock time from start to result
     */
    public Duration elapsed() {
        return elapsed;
    }

    /** Returns the counts, for logs. */
    @Override
    public String toString() {
        return "CheckResult[" + havePieces + "/" + pieceCount + " pieces, " + bytesChecked + " bytes checked in "
                + elapsed + "]";
    }
}
