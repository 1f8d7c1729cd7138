package io.torrentine.internal.peer;

import io.netty.buffer.ByteBufUtil;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.ExtensionLimits;
import io.torrentine.internal.peer.extension.MetadataAssembler;
import io.torrentine.internal.peer.extension.UtMetadataCodec;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.TorrentInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A downloading peer for tests: fetches the metadata with BEP 9 ut_metadata (checked against the
 * info-hashes by {@link MetadataAssembler}), then sends interested and, once unchoked, requests
 * the given blocks. Runs on the connection's event loop.
 */
class FetchingListener extends RecordingListener {
    final CompletableFuture<TorrentInfo> metadataFuture = new CompletableFuture<>();
    final CompletableFuture<PeerConnection> unchoked = new CompletableFuture<>();
    final CompletableFuture<Map<PeerMessage.Request, byte[]>> blocksFuture = new CompletableFuture<>();
    private final Map<PeerMessage.Request, byte[]> blocks = new ConcurrentHashMap<>();
    private final InfoHashes infoHashes;
    private final List<PeerMessage.Request> wanted;
    private MetadataAssembler assembler;

    FetchingListener(InfoHashes infoHashes, List<PeerMessage.Request> wanted) {
        this.infoHashes = infoHashes;
        this.wanted = wanted;
    }

    @Override
    public void onExtensionHandshake(PeerConnection connection, ExtensionHandshake handshake) {
        super.onExtensionHandshake(connection, handshake);
        if (handshake.metadataSize().isEmpty()) {
            metadataFuture.completeExceptionally(new AssertionError("no metadata_size in " + handshake));
            return;
        }
        assembler = new MetadataAssembler(infoHashes, (int) handshake.metadataSize().getAsLong(), ExtensionLimits.DEFAULT);
        for (int i = 0; i < assembler.pieceCount(); i++) {
            connection.sendExtended(ExtensionHandshake.UT_METADATA,
                    UtMetadataCodec.encode(new UtMetadataMessage.Request(i)));
        }
    }

    @Override
    public void onMetadataMessage(PeerConnection connection, UtMetadataMessage message) {
        super.onMetadataMessage(connection, message);
        if (message instanceof UtMetadataMessage.Data d) {
            Optional<TorrentInfo> info = assembler.add(d);
            if (info.isPresent()) {
                metadataFuture.complete(info.get());
                connection.send(PeerMessage.Interested.INSTANCE);
            }
        } else if (message instanceof UtMetadataMessage.Reject) {
            metadataFuture.completeExceptionally(new AssertionError("metadata rejected: " + message));
        }
    }

    @Override
    public void onMessage(PeerConnection connection, PeerMessage message) {
        if (message instanceof PeerMessage.Piece p) {
            try {
                blocks.put(new PeerMessage.Request(p.index(), p.begin(), p.block().readableBytes()),
                        ByteBufUtil.getBytes(p.block()));
            } finally {
                p.release();
            }
            if (blocks.size() == wanted.size()) {
                blocksFuture.complete(Map.copyOf(blocks));
            }
            return;
        }
        super.onMessage(connection, message);
        if (message instanceof PeerMessage.Unchoke && unchoked.complete(connection)) {
            wanted.forEach(connection::send);
        }
    }

    @Override
    public void onRequestTimedOut(PeerConnection connection, PeerMessage.Request request) {
        super.onRequestTimedOut(connection, request);
        blocksFuture.completeExceptionally(new AssertionError("request timed out: " + request));
    }
}
