package io.torrentine.internal.peer;

import io.netty.channel.EventLoop;
import io.torrentine.internal.peer.wire.PeerWireDecoder;
import io.torrentine.metainfo.Sha1Hash;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a connection needs to know about the torrent it serves.
 *
 * @param infoHash the 20-byte info-hash sent and expected in the handshake (BEP 3; a v2 hash
 *     truncated, BEP 52)
 * @param pieceCount the piece count, or {@link PeerWireDecoder#UNKNOWN_PIECE_COUNT} before the
 *     metadata is known (BEP 9)
 * @param metadataSize the info dictionary size, announced as {@code metadata_size} (BEP 9) when
 *     we have the metadata
 * @param listener where the connection's events go
 * @param eventLoop the loop that owns the torrent's state, or null for "wherever the connection
 *     runs": an incoming connection on another loop is moved to this one once its handshake
 *     names the torrent (GUIDE.md, Threads), so that the listener is only ever called there
 */
public record PeerTorrent(Sha1Hash infoHash, int pieceCount, OptionalInt metadataSize,
                          PeerConnectionListener listener, EventLoop eventLoop) {
    /**
     * Checks the components.
     *
     * @param infoHash the info-hash
     * @param pieceCount the piece count or unknown
     * @param metadataSize the metadata size, if known
     * @param listener the listener
     * @param eventLoop the torrent's loop, or null
     */
    public PeerTorrent {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(metadataSize, "metadataSize");
        Objects.requireNonNull(listener, "listener");
        if (pieceCount < 0 && pieceCount != PeerWireDecoder.UNKNOWN_PIECE_COUNT) {
            throw new IllegalArgumentException("piece count " + pieceCount);
        }
    }

    /**
     * A torrent whose connections stay on the loop they were accepted or dialled on.
     *
     * @param infoHash the info-hash
     * @param pieceCount the piece count or unknown
     * @param metadataSize the metadata size, if known
     * @param listener the listener
     */
    public PeerTorrent(Sha1Hash infoHash, int pieceCount, OptionalInt metadataSize, PeerConnectionListener listener) {
        this(infoHash, pieceCount, metadataSize, listener, null);
    }
}
