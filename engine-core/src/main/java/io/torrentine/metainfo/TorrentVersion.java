package io.torrentine.metainfo;

/**
 * Which metadata a created torrent carries: BEP 3 (v1), BEP 52 (v2), or both (hybrid).
 */
public enum TorrentVersion {
    /**
     * BEP 3 only: SHA-1 piece hashes over the files laid end to end, no pad files. Readable by
     * every client; identified by a SHA-1 info-hash.
     */
    V1,
    /**
     * BEP 52 only: a SHA-256 merkle tree per file ({@code file tree}, {@code piece layers},
     * {@code meta version} 2). Identified by a SHA-256 info-hash; older clients cannot read it.
     */
    V2,
    /**
     * Both v1 and v2 metadata in one info dictionary (libtorrent 2.x's default). The v1 file
     * list gets BEP 47 pad files so that every file starts on a piece boundary, which makes the
     * v1 and v2 piece spaces identical; both info-hashes identify the same swarm.
     */
    HYBRID;

    /**
     * Whether the torrent carries v1 ({@code pieces}) metadata.
     *
     * @return true for {@link #V1} and {@link #HYBRID}
     */
    public boolean hasV1() {
        return this != V2;
    }

    /**
     * Whether the torrent carries v2 ({@code file tree}) metadata.
     *
     * @return true for {@link #V2} and {@link #HYBRID}
     */
    public boolean hasV2() {
        return this != V1;
    }
}
