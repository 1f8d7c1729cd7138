package io.torrentine.internal.torrent;

import io.torrentine.internal.peer.extension.ExtensionLimits;
import io.torrentine.internal.peer.extension.ExtensionProtocolException;
import io.torrentine.internal.peer.extension.MetadataAssembler;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.TorrentInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches a magnet link's info dictionary from peers with BEP 9 ut_metadata: the size comes
 * from the first peer's {@code metadata_size}; each missing piece is asked of one peer at a time
 * and asked again elsewhere after a timeout or a reject; the assembled dictionary is used only
 * once it hashes to the info-hash. Event loop only.
 */
final class MetadataFetcher {
    /** Who was asked for a metadata piece, and when. */
    private record Asked(Peer peer, long atNanos) {
    }

    private final InfoHashes infoHashes;
    private final ExtensionLimits limits;
    private final long timeoutNanos;
    private final Map<Integer, Asked> asked = new HashMap<>();
    private MetadataAssembler assembler;

    MetadataFetcher(InfoHashes infoHashes, ExtensionLimits limits, long timeoutNanos) {
        this.infoHashes = Objects.requireNonNull(infoHashes);
        this.limits = Objects.requireNonNull(limits);
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * A peer announced the metadata size. The first plausible size is taken; a peer announcing
     * another one is not asked.
     *
     * @return whether the peer can be asked for pieces
     */
    boolean sizeAnnounced(long size) {
        if (assembler == null) {
            if (size <= 0 || size > limits.maxMetadataSize()) {
                return false;
            }
            try {
                assembler = new MetadataAssembler(infoHashes, (int) size, limits);
            } catch (ExtensionProtocolException e) {
                return false;
            }
        }
        return assembler.totalSize() == size;
    }

    /**
     * The pieces to ask this peer for now: missing pieces nobody is asked for, or whose request
     * timed out.
     */
    List<Integer> piecesToAsk(Peer peer, long nowNanos, int max) {
        List<Integer> out = new ArrayList<>();
        if (assembler == null) {
            return out;
        }
        for (int piece = 0; piece < assembler.pieceCount() && out.size() < max; piece++) {
            if (assembler.has(piece)) {
                continue;
            }
            Asked a = asked.get(piece);
            if (a == null || nowNanos - a.atNanos() >= timeoutNanos || a.peer().closed) {
                asked.put(piece, new Asked(peer, nowNanos));
                out.add(piece);
            }
        }
        return out;
    }

    /** The peer refused a piece: someone else is asked next time. */
    void rejected(Peer peer, int piece) {
        Asked a = asked.get(piece);
        if (a != null && a.peer() == peer) {
            asked.remove(piece);
        }
    }

    /** A peer went away: its pieces are free to ask elsewhere. */
    void peerGone(Peer peer) {
        asked.values().removeIf(a -> a.peer() == peer);
    }

    /**
     * A piece arrived.
     *
     * @return the torrent once every piece is in and it hashes to the info-hash
     * @throws ExtensionProtocolException if the piece is malformed, or the whole does not hash
     *     to the info-hash (then every piece is dropped and fetched again)
     */
    Optional<TorrentInfo> received(UtMetadataMessage.Data data) {
        if (assembler == null) {
            return Optional.empty();
        }
        asked.remove(data.piece());
        try {
            return assembler.add(data);
        } catch (ExtensionProtocolException e) {
            if (e.reason() == ExtensionProtocolException.Reason.METADATA_HASH_MISMATCH
                    || e.reason() == ExtensionProtocolException.Reason.METADATA_INVALID) {
                asked.clear();
            }
            throw e;
        }
    }
}
