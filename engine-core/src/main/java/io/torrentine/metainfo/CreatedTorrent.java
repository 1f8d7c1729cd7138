package io.torrentine.metainfo;

import java.util.Objects;

/**
 * A torrent made by {@link TorrentCreator}: the bytes of the {@code .torrent} file and what
 * identifies it. Immutable.
 */
public final class CreatedTorrent {
    private final byte[] bytes;
    private final InfoHashes infoHashes;
    private final TorrentVersion version;
    private final String name;
    private final int pieceLength;
    private final int pieceCount;
    private final long totalSize;
    private final int fileCount;

    CreatedTorrent(byte[] bytes, InfoHashes infoHashes, TorrentVersion version, String name,
                   int pieceLength, int pieceCount, long totalSize, int fileCount) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.infoHashes = Objects.requireNonNull(infoHashes, "infoHashes");
        this.version = Objects.requireNonNull(version, "version");
        this.name = Objects.requireNonNull(name, "name");
        this.pieceLength = pieceLength;
        this.pieceCount = pieceCount;
        this.totalSize = totalSize;
        this.fileCount = fileCount;
    }

    /**
     * The bencoded {@code .torrent} file.
     *
     * @return a fresh copy of the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The info-hashes: SHA-1 and/or SHA-256 of the exact bytes of the {@code info} dictionary
     * in {@link #bytes()}, as the torrent's version calls for.
     *
     * @return the info-hashes
     */
    public InfoHashes infoHashes() {
        return infoHashes;
    }

    /**
     * Which metadata the torrent carries.
     *
     * @return the version
     */
    public TorrentVersion version() {
        return version;
    }

    /**
     * The torrent's name: the source file or folder name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The piece length in bytes.
     *
     * @return the piece length
     */
    public int pieceLength() {
        return pieceLength;
    }

    /**
     * The number of pieces in the torrent's piece space.
     *
     * @return the piece count
     */
    public int pieceCount() {
        return pieceCount;
    }

    /**
     * The total size of the files, pad files excluded.
     *
     * @return the size in bytes
     */
    public long totalSize() {
        return totalSize;
    }

    /**
     * The number of files, empty ones included and pad files excluded.
     *
     * @return the file count
     */
    public int fileCount() {
        return fileCount;
    }

    /** Returns the name, hashes and shape, for logs. */
    @Override
    public String toString() {
        return "CreatedTorrent[" + name + ", " + version + ", " + infoHashes + ", " + fileCount
                + " files, " + totalSize + " bytes, " + pieceCount + " pieces of " + pieceLength
                + "]";
    }
}
