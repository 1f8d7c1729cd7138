package io.torrentine.internal.peer;

import io.netty.buffer.Unpooled;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.MetadataProvider;
import io.torrentine.internal.peer.extension.UtMetadataCodec;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.PeerMessage;
import io.torrentine.metainfo.TorrentInfo;
import java.util.Arrays;

/**
 * A seed for tests, serving a file held in memory: have-all (BEP 6), the metadata by BEP 9
 * ut_metadata from {@link MetadataProvider}, unchoke on interest, and a {@code piece} for each
 * {@code request} (BEP 3).
 */
class SeedingListener extends RecordingListener {
    private final byte[] data;
    private final TorrentInfo info;
    private final MetadataProvider provider;

    SeedingListener(byte[] data, TorrentInfo info) {
        this.data = data;
        this.info = info;
        this.provider = new MetadataProvider(info);
        this.announcement = PeerMessage.HaveAll.INSTANCE;
    }

    @Override
    public void onMetadataMessage(PeerConnection connection, UtMetadataMessage message) {
        super.onMetadataMessage(connection, message);
        if (message instanceof UtMetadataMessage.Request r) {
            connection.sendExtended(ExtensionHandshake.UT_METADATA, UtMetadataCodec.encode(provider.respond(r)));
        }
    }

    @Override
    public void onMessage(PeerConnection connection, PeerMessage message) {
        super.onMessage(connection, message);
        if (message instanceof PeerMessage.Interested) {
            connection.send(PeerMessage.Unchoke.INSTANCE);
        } else if (message instanceof PeerMessage.Request r) {
            int from = (int) ((long) r.index() * info.pieceLength() + r.begin());
            connection.send(new PeerMessage.Piece(r.index(), r.begin(),
                    Unpooled.wrappedBuffer(Arrays.copyOfRange(data, from, from + r.length()))));
        }
    }
}
