package io.torrentine.internal.resume;

/**
 * The keys of libtorrent's resume file format that Torrentine reads and writes, spelled as
 * libtorrent's {@code write_resume_data.cpp} spells them, plus two of Torrentine's own that
 * libtorrent ignores ({@link #PIECE_LAYERS}, {@link #PEER_NAMES}).
 */
final class ResumeKeys {
    static final String FILE_FORMAT = "file-format";
    static final String FILE_FORMAT_VALUE = "libtorrent resume file";
    static final String FILE_VERSION = "file-version";
    static final long FILE_VERSION_VALUE = 1;
    static final String INFO_HASH = "info-hash";
    static final String INFO_HASH2 = "info-hash2";
    static final String INFO = "info";
    static final String COMMENT = "comment";
    static final String CREATED_BY = "created by";
    static final String CREATION_DATE = "creation date";
    static final String NAME = "name";
    static final String SAVE_PATH = "save_path";
    static final String TRACKERS = "trackers";
    static final String URL_LIST = "url-list";
    static final String PEERS = "peers";
    static final String PEERS6 = "peers6";
    static final String FILE_PRIORITY = "file_priority";
    static final String PIECE_PRIORITY = "piece_priority";
    static final String PIECES = "pieces";
    static final String UNFINISHED = "unfinished";
    static final String UNFINISHED_PIECE = "piece";
    static final String UNFINISHED_BITMASK = "bitmask";
    static final String TOTAL_UPLOADED = "total_uploaded";
    static final String TOTAL_DOWNLOADED = "total_downloaded";
    static final String ACTIVE_TIME = "active_time";
    static final String SEEDING_TIME = "seeding_time";
    static final String ADDED_TIME = "added_time";
    static final String COMPLETED_TIME = "completed_time";
    static final String PAUSED = "paused";
    static final String SEQUENTIAL_DOWNLOAD = "sequential_download";
    /**
     * The v2 piece layers (BEP 52), as in a .torrent file. libtorrent ignores this key and keeps
     * its merkle trees under {@link #TREES}; Torrentine writes both (docs/resume-data.md says why).
     */
    static final String PIECE_LAYERS = "piece layers";
    /** libtorrent's v2 merkle trees, one dictionary per file ({@link LibtorrentTrees}). */
    static final String TREES = "trees";
    /** In a {@link #TREES} entry: the nodes present, 32 bytes each. */
    static final String TREE_HASHES = "hashes";
    /** In a {@link #TREES} entry: one {@code '0'}/{@code '1'} per node of the whole tree. */
    static final String TREE_MASK = "mask";
    /** In a {@link #TREES} entry: one {@code '0'}/{@code '1'} per 16 KiB block, verified or not. */
    static final String TREE_VERIFIED = "verified";
    /** Peers given by host name ({@code host:port}), which the compact forms cannot hold. */
    static final String PEER_NAMES = "torrentine_peer_names";

    /** In {@code pieces}, one byte per piece: this bit means "had" (verified and written). */
    static final int PIECE_HAVE_BIT = 1;

    private ResumeKeys() {
    }
}
