package io.torrentine.metainfo;

import io.torrentine.internal.metainfo.FileNameRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of a torrent (BEP 3), v1, v2 or hybrid (BEP 52): what a .torrent file says, or
 * what peers sent for a magnet link (BEP 9).
 *
 * <p>Loading is bounded by {@link MetainfoLimits} and follows libtorrent: the same files are
 * accepted and refused, file paths are sanitized and made unique, and the info-hashes are the
 * hashes of the exact bytes of the {@code info} dictionary. On Windows, file names also follow
 * libtorrent's Windows rules ({@code :*?"<>|} become {@code _}, trailing dots and spaces are
 * dropped, DOS device names such as {@code CON} get a {@code _}, duplicates are found ignoring
 * case), so the same torrent may have different {@link #files() file paths} on Windows than
 * elsewhere; its info-hashes are the same. Instances are immutable and thread-safe.
 *
 * <p>Memory: an instance keeps one private copy of the {@code info} dictionary's bytes, made while
 * parsing, and reads the v1 piece hashes from the {@code pieces} string inside it instead of
 * keeping a second copy of them. It keeps no reference to the array it was parsed from, so the
 * caller may reuse or change that array, and a torrent of 10,000 pieces costs one copy of its
 * 200 KB of hashes, not three.
 */
public final class TorrentInfo {
    private final byte[] infoBytes;
    private final InfoHashes infoHashes;
    private final String name;
    private final int pieceLength;
    private final int pieceCount;
    private final long totalSize;
    private final List<FileEntry> files;
    /** Where the v1 {@code pieces} string's bytes start in {@link #infoBytes}; -1 for v2-only. */
    private final int v1HashesOffset;
    private final Map<Sha256Hash, byte[]> pieceLayers;
    private final List<List<String>> trackers;
    private final List<String> webSeeds;
    private final List<String> httpSeeds;
    private final List<DhtNode> nodes;
    private final boolean isPrivate;
    private final Optional<Instant> creationDate;
    private final Optional<String> comment;
    private final Optional<String> createdBy;
    private final List<Sha1Hash> similarTorrents;
    private final List<String> collections;

    private TorrentInfo(Builder b) {
        this.infoBytes = b.infoBytes;
        this.infoHashes = b.infoHashes;
        this.name = b.name;
        this.pieceLength = b.pieceLength;
        this.pieceCount = b.pieceCount;
        this.totalSize = b.totalSize;
        this.files = b.files;
        this.v1HashesOffset = b.v1HashesOffset;
        this.pieceLayers = Map.copyOf(b.pieceLayers);
        this.trackers = b.trackers;
        this.webSeeds = b.webSeeds;
        this.httpSeeds = b.httpSeeds;
        this.nodes = b.nodes;
        this.isPrivate = b.isPrivate;
        this.creationDate = b.creationDate;
        this.comment = b.comment;
        this.createdBy = b.createdBy;
        this.similarTorrents = List.copyOf(new LinkedHashSet<>(b.similar));
        this.collections = List.copyOf(new LinkedHashSet<>(b.collections));
    }

    /**
     * Parses the bytes of a .torrent file with the default limits.
     *
     * @param torrentFile the whole file
     * @return the metadata
     * @throws InvalidMetainfoException if the file is malformed, inconsistent or over a limit
     */
    public static TorrentInfo parse(byte[] torrentFile) {
        return parse(torrentFile, MetainfoLimits.DEFAULT);
    }

    /**
     * Parses the bytes of a .torrent file.
     *
     * @param torrentFile the whole file
     * @param limits the bounds to enforce
     * @return the metadata
     * @throws InvalidMetainfoException if the file is malformed, inconsistent or over a limit
     */
    public static TorrentInfo parse(byte[] torrentFile, MetainfoLimits limits) {
        return parse(torrentFile, limits, FileNameRules.host());
    }

    /**
     * Parses the bytes of a .torrent file with the file-name rules of a given host, so that
     * tests run the Windows rules on any host.
     *
     * @param torrentFile the whole file
     * @param limits the bounds to enforce
     * @param rules the host's file-name rules
     * @return the metadata
     * @throws InvalidMetainfoException if the file is malformed, inconsistent or over a limit
     */
    static TorrentInfo parse(byte[] torrentFile, MetainfoLimits limits, FileNameRules rules) {
        return new TorrentInfoParser(limits, rules).parseTorrentFile(torrentFile);
    }

    /**
     * Reads and parses a .torrent file with the default limits. Blocks on file I/O: do not call
     * it on an event loop.
     *
     * @param path the file
     * @return the metadata
     * @throws IOException if the file cannot be read
     * @throws InvalidMetainfoException if the file is malformed, inconsistent or over a limit
     */
    public static TorrentInfo load(Path path) throws IOException {
        int max = MetainfoLimits.DEFAULT.bencode().maxInputSize();
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new InvalidMetainfoException(InvalidMetainfoException.Reason.FILE_TOO_LARGE,
                        path + " is larger than " + max + " bytes");
            }
            return parse(bytes);
        }
    }

    /**
     * Builds the metadata from an info dictionary alone, as received from peers for a magnet
     * link (BEP 9), after checking it against the info-hashes the magnet link named. Every hash
     * the magnet link names must match.
     *
     * @param infoDictionary the bencoded info dictionary
     * @param expected the info-hashes it must hash to
     * @return the metadata, without trackers or web seeds (those come from the magnet link)
     * @throws InvalidMetainfoException with {@link InvalidMetainfoException.Reason#INFO_HASH_MISMATCH}
     *     if the bytes hash to something else, or another reason if they are malformed
     */
    public static TorrentInfo fromInfoDictionary(byte[] infoDictionary, InfoHashes expected) {
        return fromInfoDictionary(infoDictionary, expected, FileNameRules.host());
    }

    /**
     * {@link #fromInfoDictionary(byte[], InfoHashes)} with the file-name rules of a given host.
     *
     * @param infoDictionary the bencoded info dictionary
     * @param expected the info-hashes it must hash to
     * @param rules the host's file-name rules
     * @return the metadata
     * @throws InvalidMetainfoException if the bytes hash to something else or are malformed
     */
    static TorrentInfo fromInfoDictionary(byte[] infoDictionary, InfoHashes expected, FileNameRules rules) {
        TorrentInfo info = new TorrentInfoParser(MetainfoLimits.DEFAULT, rules).parseInfoDictionary(infoDictionary);
        InfoHashes actual = info.infoHashes();
        boolean v1Ok = expected.v1().isEmpty() || expected.v1().equals(actual.v1());
        boolean v2Ok = expected.v2().isEmpty() || expected.v2().equals(actual.v2());
        if (!v1Ok || !v2Ok) {
            throw new InvalidMetainfoException(InvalidMetainfoException.Reason.INFO_HASH_MISMATCH,
                    "expected " + expected + ", got " + actual);
        }
        return info;
    }

    /**
     * The exact bytes of the bencoded info dictionary, the ones the info-hashes hash and
     * ut_metadata (BEP 9) serves.
     *
     * @return a fresh copy of the bytes
     */
    public byte[] infoDictionary() {
        return infoBytes.clone();
    }

    /**
     * The size of the info dictionary in bytes ({@code metadata_size} of BEP 9).
     *
     * @return the length of {@link #infoDictionary()}
     */
    public int infoDictionarySize() {
        return infoBytes.length;
    }

    /**
     * The info-hashes.
     *
     * @return the v1 hash, the v2 hash, or both
     */
    public InfoHashes infoHashes() {
        return infoHashes;
    }

    /**
     * The torrent's name, sanitized: the file name of a single-file torrent, the top directory
     * of a multi-file one, or the hex info-hash if the name sanitizes to nothing.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The nominal piece length in bytes.
     *
     * @return the piece length
     */
    public int pieceLength() {
        return pieceLength;
    }

    /**
     * The number of pieces.
     *
     * @return the piece count
     */
    public int pieceCount() {
        return pieceCount;
    }

    /**
     * The length of one piece: the piece length, except for the last piece.
     *
     * @param index the piece index
     * @return the length in bytes
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public int pieceSize(int index) {
        Objects.checkIndex(index, pieceCount);
        return index == pieceCount - 1 ? (int) (totalSize - (long) index * pieceLength) : pieceLength;
    }

    /**
     * The total length of the content in bytes, pad files included (as libtorrent counts it).
     *
     * @return the total size
     */
    public long totalSize() {
        return totalSize;
    }

    /**
     * The files, in torrent order, pad files included.
     *
     * @return an unmodifiable list
     */
    public List<FileEntry> files() {
        return files;
    }

    /**
     * Whether the torrent has v1 metadata (SHA-1 piece hashes).
     *
     * @return true for v1 and hybrid torrents
     */
    public boolean hasV1() {
        return v1HashesOffset >= 0;
    }

    /**
     * Whether the torrent has v2 metadata (per-file merkle trees).
     *
     * @return true for v2 and hybrid torrents
     */
    public boolean hasV2() {
        return infoHashes.hasV2();
    }

    /**
     * The v1 SHA-1 hash of one piece.
     *
     * @param index the piece index
     * @return the hash
     * @throws IllegalStateException if the torrent has no v1 metadata
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public Sha1Hash pieceHash(int index) {
        if (v1HashesOffset < 0) {
            throw new IllegalStateException("a v2-only torrent has no v1 piece hashes");
        }
        Objects.checkIndex(index, pieceCount);
        return Sha1Hash.of(infoBytes, v1HashesOffset + index * Sha1Hash.LENGTH);
    }

    /**
     * The verified v2 piece layer of a file (BEP 52): one SHA-256 hash per piece, concatenated.
     *
     * @param piecesRoot the file's merkle root
     * @return the layer, or empty if the torrent did not carry it (or the file fits one piece)
     */
    public Optional<byte[]> pieceLayer(Sha256Hash piecesRoot) {
        byte[] layer = pieceLayers.get(piecesRoot);
        return layer == null ? Optional.empty() : Optional.of(layer.clone());
    }

    /**
     * The trackers in BEP 12 tiers: {@code announce-list} if present, else {@code announce}.
     *
     * @return an unmodifiable list of tiers, each an unmodifiable list of URLs
     */
    public List<List<String>> trackers() {
        return trackers;
    }

    /**
     * The web seeds (BEP 19 {@code url-list}), normalized as libtorrent does.
     *
     * @return an unmodifiable list of URLs
     */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /**
     * The HTTP seeds (BEP 17 {@code httpseeds}).
     *
     * @return an unmodifiable list of URLs
     */
    public List<String> httpSeeds() {
        return httpSeeds;
    }

    /**
     * DHT nodes to bootstrap from (BEP 5 {@code nodes}).
     *
     * @return an unmodifiable list
     */
    public List<DhtNode> dhtNodes() {
        return nodes;
    }

    /**
     * Whether the torrent is private (BEP 27): only its trackers may be used to find peers.
     *
     * @return true if {@code private} is 1
     */
    public boolean isPrivate() {
        return isPrivate;
    }

    /**
     * When the torrent was created.
     *
     * @return the creation date, if given and positive
     */
    public Optional<Instant> creationDate() {
        return creationDate;
    }

    /**
     * The free-text comment.
     *
     * @return the comment, if any
     */
    public Optional<String> comment() {
        return comment;
    }

    /**
     * The program that created the torrent.
     *
     * @return the creator, if given
     */
    public Optional<String> createdBy() {
        return createdBy;
    }

    /**
     * Info-hashes of torrents that share files with this one (BEP 38 {@code similar}).
     *
     * @return an unmodifiable list without duplicates
     */
    public List<Sha1Hash> similarTorrents() {
        return similarTorrents;
    }

    /**
     * Collections this torrent belongs to (BEP 38 {@code collections}).
     *
     * @return an unmodifiable list without duplicates
     */
    public List<String> collections() {
        return collections;
    }

    @Override
    public String toString() {
        return "TorrentInfo[" + name + ", " + infoHashes + ", " + files.size() + " files, "
                + pieceCount + " x " + pieceLength + "]";
    }

    /** Collects the parser's results; package-private. */
    static final class Builder {
        byte[] infoBytes;
        InfoHashes infoHashes;
        String name;
        int pieceLength;
        int pieceCount;
        long totalSize;
        List<FileEntry> files = List.of();
        /** The offset of the {@code pieces} string's bytes in {@code infoBytes}, -1 if none. */
        int v1HashesOffset = -1;
        Map<Sha256Hash, byte[]> pieceLayers = new LinkedHashMap<>();
        List<List<String>> trackers = List.of();
        List<String> webSeeds = List.of();
        List<String> httpSeeds = List.of();
        List<DhtNode> nodes = List.of();
        boolean isPrivate;
        Optional<Instant> creationDate = Optional.empty();
        Optional<String> comment = Optional.empty();
        Optional<String> createdBy = Optional.empty();
        final List<Sha1Hash> similar = new ArrayList<>();
        final List<String> collections = new ArrayList<>();

        TorrentInfo build() {
            return new TorrentInfo(this);
        }
    }
}
