package io.torrentine.internal.create;

import java.util.Optional;

/** Piece sizes: libtorrent 2.0's automatic choice, and the sizes that are allowed. */
public final class PieceLengths {
    /** The BEP 52 block (merkle leaf) size, and the smallest piece. */
    public static final int BLOCK_SIZE = 16 * 1024;
    /** The largest piece we create, as mktorrent allows (2^28); libtorrent loads it. */
    public static final int MAX_PIECE_LENGTH = 256 * 1024 * 1024;

    /*
     * libtorrent 2.0 (create_torrent with piece_size 0) picks 16 KiB << i, where i is the
     * number of these thresholds below the total size. They come from aiming at a piece list of
     * 2 * sqrt(total size) bytes of 20-byte hashes; beyond the last one it is 16 MiB.
     */
    private static final long[] AUTOMATIC_THRESHOLDS = {
        2_684_355L, 10_737_418L, 42_949_673L, 171_798_692L, 687_194_767L,
        2_748_779_069L, 10_995_116_278L, 43_980_465_111L, 175_921_860_444L, 703_687_441_777L,
    };

    private PieceLengths() {
    }

    /**
     * The piece length libtorrent 2.0 chooses for this much content.
     *
     * @param totalBytes the total size of the files
     * @return a power of two from 16 KiB to 16 MiB
     */
    public static int automatic(long totalBytes) {
        int shift = 0;
        for (long threshold : AUTOMATIC_THRESHOLDS) {
            if (threshold >= totalBytes) {
                break;
            }
            shift++;
        }
        return BLOCK_SIZE << shift;
    }

    /**
     * Why a piece length is not allowed, if it is not.
     *
     * @param pieceLength the requested length
     * @param needsPowerOfTwo whether the torrent has v2 metadata (BEP 52 wants a power of two)
     * @return a description of the problem, or empty if the length is fine
     */
    public static Optional<String> problem(int pieceLength, boolean needsPowerOfTwo) {
        if (pieceLength < BLOCK_SIZE || pieceLength > MAX_PIECE_LENGTH) {
            return Optional.of("piece size " + pieceLength + " is outside 16 KiB to 256 MiB");
        }
        if (needsPowerOfTwo && Integer.bitCount(pieceLength) != 1) {
            return Optional.of("piece size " + pieceLength
                    + " is not a power of two, which v2 and hybrid torrents need (BEP 52)");
        }
        if (pieceLength % BLOCK_SIZE != 0) {
            return Optional.of("piece size " + pieceLength + " is not a multiple of 16 KiB");
        }
        return Optional.empty();
    }
}
