package io.torrentine.internal.peer.extension;

import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.TorrentInfo;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Collects the 16 KiB pieces of a torrent's metadata received through BEP 9 ut_metadata, and
 * checks the whole against the info-hashes before anyone uses it. Memory is allocated per piece
 * as it arrives, never for a size a peer merely claims. Not thread-safe: used on the torrent's
 * event loop.
 */
public final class MetadataAssembler {
    private final InfoHashes expected;
    private final int totalSize;
    private final byte[][] pieces;
    private int received;

    /**
     * Starts assembling metadata of a size learnt from a peer's {@code metadata_size}.
     *
     * @param expected the info-hashes the metadata must hash to
     * @param totalSize the metadata size
     * @param limits the bounds ({@link ExtensionLimits#maxMetadataSize()})
     * @throws ExtensionProtocolException with {@code METADATA_TOO_LARGE} if the size is over the
     *     limit, {@code INVALID_FIELD} if it is not positive
     */
    public MetadataAssembler(InfoHashes expected, int totalSize, ExtensionLimits limits) {
        this.expected = Objects.requireNonNull(expected);
        if (totalSize <= 0) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.INVALID_FIELD,
                    "metadata size " + totalSize);
        }
        if (totalSize > limits.maxMetadataSize()) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.METADATA_TOO_LARGE,
                    "metadata size " + totalSize + ", limit " + limits.maxMetadataSize());
        }
        this.totalSize = totalSize;
        this.pieces = new byte[UtMetadataMessage.pieceCount(totalSize)][];
    }

    /**
     * The metadata size.
     *
     * @return the size in bytes
     */
    public int totalSize() {
        return totalSize;
    }

    /**
     * How many pieces the metadata has.
     *
     * @return the piece count
     */
    public int pieceCount() {
        return pieces.length;
    }

    /**
     * The lowest piece not yet received, to request next.
     *
     * @return the index, or empty when every piece is in
     */
    public OptionalInt nextMissing() {
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i] == null) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Adds a data message. A piece already held is ignored. When the last piece arrives the
     * metadata is checked; on failure every piece is dropped (as by {@link #reset()}) so that
     * other peers can be asked, and the exception tells which.
     *
     * @param data the data message
     * @return the checked metadata once complete, otherwise empty
     * @throws ExtensionProtocolException {@code METADATA_TOO_LARGE} or {@code INVALID_FIELD} if
     *     its total size differs from ours, {@code PIECE_OUT_OF_RANGE}, {@code WRONG_PIECE_SIZE},
     *     {@code METADATA_HASH_MISMATCH} or {@code METADATA_INVALID}
     */
    public Optional<TorrentInfo> add(UtMetadataMessage.Data data) {
        if (data.totalSize() != totalSize) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.INVALID_FIELD,
                    "total_size " + data.totalSize() + ", expected " + totalSize);
        }
        int piece = data.piece();
        if (piece >= pieces.length) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.PIECE_OUT_OF_RANGE,
                    "piece " + piece + " of " + pieces.length);
        }
        int size = UtMetadataMessage.pieceSize(piece, totalSize);
        if (data.block().length != size) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.WRONG_PIECE_SIZE,
                    "piece " + piece + " of " + data.block().length + " bytes, expected " + size);
        }
        if (pieces[piece] != null) {
            return Optional.empty();
        }
        pieces[piece] = data.block().clone();
        received++;
        if (received < pieces.length) {
            return Optional.empty();
        }
        byte[] all = new byte[totalSize];
        for (int i = 0; i < pieces.length; i++) {
            System.arraycopy(pieces[i], 0, all, i * UtMetadataMessage.PIECE_SIZE, pieces[i].length);
        }
        try {
            return Optional.of(TorrentInfo.fromInfoDictionary(all, expected));
        } catch (InvalidMetainfoException e) {
            reset();
            boolean mismatch = e.reason() == InvalidMetainfoException.Reason.INFO_HASH_MISMATCH;
            throw new ExtensionProtocolException(mismatch
                    ? ExtensionProtocolException.Reason.METADATA_HASH_MISMATCH
                    : ExtensionProtocolException.Reason.METADATA_INVALID, e.getMessage(), e);
        }
    }

    /**
     * Whether a piece has been received.
     *
     * @param piece the piece index
     * @return whether it is in
     */
    public boolean has(int piece) {
        return pieces[piece] != null;
    }

    /** Drops every piece received, to start again with other peers. */
    public void reset() {
        Arrays.fill(pieces, null);
        received = 0;
    }
}
