package io.torrentine.internal.peer.extension;

import io.torrentine.metainfo.TorrentInfo;
import java.util.Arrays;

/** Answers BEP 9 ut_metadata requests from metadata we already have. */
public final class MetadataProvider {
    private final byte[] metadata;

    /**
     * Serves a torrent's info dictionary.
     *
     * @param torrent the torrent; its exact info dictionary bytes are served
     */
    public MetadataProvider(TorrentInfo torrent) {
        this.metadata = torrent.infoDictionary();
    }

    /**
     * The size to announce as {@code metadata_size} in the extension handshake.
     *
     * @return the info dictionary size
     */
    public int metadataSize() {
        return metadata.length;
    }

    /**
     * Answers a request: the piece, or a reject for a piece that does not exist (BEP 9).
     *
     * @param request the request
     * @return a {@link UtMetadataMessage.Data} or a {@link UtMetadataMessage.Reject}
     */
    public UtMetadataMessage respond(UtMetadataMessage.Request request) {
        int piece = request.piece();
        if (piece >= UtMetadataMessage.pieceCount(metadata.length)) {
            return new UtMetadataMessage.Reject(piece);
        }
        int from = piece * UtMetadataMessage.PIECE_SIZE;
        int to = from + UtMetadataMessage.pieceSize(piece, metadata.length);
        return new UtMetadataMessage.Data(piece, metadata.length, Arrays.copyOfRange(metadata, from, to));
    }
}
