package io.torrentine.session;

import io.torrentine.internal.resume.ResumeDataReader;
import io.torrentine.internal.resume.ResumeDataWriter;
import io.torrentine.metainfo.FileIndexRange;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.TorrentInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything needed to add a torrent to a session, as libtorrent's {@code add_torrent_params}:
 * the torrent's metadata (or, for a magnet link, only its info-hashes and hints for finding
 * it), where its files go, what to download, what is already there, and the statistics to
 * carry on from. Immutable and thread-safe; make one with {@link #fromTorrent},
 * {@link #fromMagnet}, a {@link #builder(TorrentInfo, Path) builder}, or from resume data.
 *
 * <p><b>Resume data.</b> {@link #toResumeData()} writes these parameters in libtorrent's resume
 * file format (bencode, {@code "file-format": "libtorrent resume file"}), and
 * {@link #fromResumeData(byte[])} reads that format back, from Torrentine or from libtorrent.
 * The raw {@code info} dictionary is included, so a torrent that came from a magnet link
 * resumes without fetching its metadata again. Both are pure functions of bytes: they do no
 * I/O and can run on any thread.
 *
 * <p><b>Progress.</b> {@link #havePieces()} holds only pieces that were both verified and
 * written to storage; {@link #unfinishedPieces()} holds, per partial piece, the 16 KiB blocks
 * already written. When the metadata is unknown (a magnet link) both are empty. Loaded from
 * resume data they are claims: the disk layer re-hashes a sample of the pieces before trusting
 * them.
 *
 * <p><b>Normalization.</b> Values are stored in one canonical form, so that a round trip
 * through resume data gives an equal object: empty and repeated tracker and web seed URLs are
 * dropped (the first is kept), empty tiers too; an empty name is no name; durations and
 * instants are truncated to whole seconds, and the epoch itself counts as "no time" (resume
 * data writes 0 for none); with metadata, the file priorities are padded to one per file with
 * {@link #DEFAULT_PRIORITY}.
 */
public final class AddTorrentParams {
    /** The priority of a file or piece that is not to be downloaded. */
    public static final int DONT_DOWNLOAD = 0;
    /** The priority files and pieces get unless told otherwise. */
    public static final int DEFAULT_PRIORITY = 4;
    /** The highest priority. */
    public static final int TOP_PRIORITY = 7;
    /** The size of a block, the unit of {@link #unfinishedPieces()}: 16 KiB (BEP 3). */
    public static final int BLOCK_SIZE = 16 * 1024;
    /**
     * The largest resume data {@link #fromResumeData(byte[])} reads: 64 MiB, room for the
     * largest metadata Torrentine loads (10 MiB) plus a byte per piece for the pieces had and
     * the piece priorities of the most pieces a torrent may have, and partial pieces and peers.
     */
    public static final int MAX_RESUME_DATA_SIZE = 64 << 20;
    /**
     * The most file priorities: 2<sup>20</sup>, enough for every file index a magnet link's
     * select-only list may name ({@link MagnetLink#MAX_FILE_INDEX}) and for the most files a
     * torrent may have.
     */
    public static final int MAX_FILE_PRIORITIES = 1 << 20;

    private final TorrentInfo torrent;
    private final InfoHashes infoHashes;
    private final String name;
    private final List<List<String>> trackers;
    private final List<String> webSeeds;
    private final List<PeerAddress> peers;
    private final Path savePath;
    private final List<Integer> filePriorities;
    private final byte[] piecePriorities;
    private final BitSet havePieces;
    private final SortedMap<Integer, Set<Integer>> unfinishedPieces;
    private final long totalUploaded;
    private final long totalDownloaded;
    private final Duration activeTime;
    private final Duration seedingTime;
    private final Instant addedTime;
    private final Instant completedTime;
    private final Set<TorrentFlag> flags;

    private AddTorrentParams(Builder b) {
        this.torrent = b.torrent;
        this.infoHashes = b.infoHashes;
        this.name = b.name;
        this.trackers = normalizeTiers(b.trackers);
        this.webSeeds = normalizeUrls(b.webSeeds);
        this.peers = List.copyOf(new LinkedHashSet<>(b.peers));
        this.savePath = b.savePath;
        this.filePriorities = normalizeFilePriorities(b.filePriorities, torrent);
        this.piecePriorities = checkPiecePriorities(b.piecePriorities, torrent);
        this.havePieces = (BitSet) b.havePieces.clone();
        this.unfinishedPieces = copyUnfinished(b.unfinishedPieces);
        this.totalUploaded = requireNonNegative(b.totalUploaded, "total uploaded");
        this.totalDownloaded = requireNonNegative(b.totalDownloaded, "total downloaded");
        this.activeTime = b.activeTime;
        this.seedingTime = b.seedingTime;
        this.addedTime = b.addedTime;
        this.completedTime = b.completedTime;
        this.flags = Collections.unmodifiableSet(b.flags.isEmpty()
                ? EnumSet.noneOf(TorrentFlag.class) : EnumSet.copyOf(b.flags));
        checkProgress();
    }

    /**
     * Parameters for a torrent whose metadata is known: its trackers and web seeds, every file
     * at the default priority, nothing downloaded yet.
     *
     * @param torrent the metadata
     * @param savePath the directory the torrent's files go under
     * @return the parameters
     */
    public static AddTorrentParams fromTorrent(TorrentInfo torrent, Path savePath) {
        return builder(torrent, savePath)
                .trackers(torrent.trackers())
                .webSeeds(torrent.webSeeds())
                .build();
    }

    /**
     * Parameters for a magnet link (BEP 9): its info-hashes, display name, trackers (each in a
     * tier of its own, as libtorrent reads them), web seeds and peers. A select-only list
     * (BEP 53) becomes file priorities as libtorrent makes them: {@link #DEFAULT_PRIORITY} for
     * the selected indices and {@link #DONT_DOWNLOAD} for the others up to the last selected
     * one; files after it keep the default once the metadata arrives.
     *
     * @param link the magnet link
     * @param savePath the directory the torrent's files go under
     * @return the parameters
     */
    public static AddTorrentParams fromMagnet(MagnetLink link, Path savePath) {
        Builder b = builder(link.infoHashes(), savePath)
                .name(link.displayName().orElse(null))
                .webSeeds(link.webSeeds())
                .peers(link.peers());
        List<List<String>> tiers = new ArrayList<>();
        for (String tracker : link.trackers()) {
            tiers.add(List.of(tracker));
        }
        b.trackers(tiers);
        if (!link.selectOnly().isEmpty()) {
            int last = link.selectOnly().get(link.selectOnly().size() - 1).last();
            Integer[] priorities = new Integer[last + 1];
            Arrays.fill(priorities, DONT_DOWNLOAD);
            for (FileIndexRange range : link.selectOnly()) {
                for (int i = range.first(); i <= range.last(); i++) {
                    priorities[i] = DEFAULT_PRIORITY;
                }
            }
            b.filePriorities(Arrays.asList(priorities));
        }
        return b.build();
    }

    /**
     * Starts parameters for a torrent whose metadata is known.
     *
     * @param torrent the metadata
     * @param savePath the directory the torrent's files go under
     * @return a builder with no trackers, web seeds or peers, default priorities, nothing
     *     downloaded, zero statistics and no flags
     */
    public static Builder builder(TorrentInfo torrent, Path savePath) {
        Builder b = new Builder(torrent.infoHashes(), savePath);
        b.torrent = torrent;
        return b;
    }

    /**
     * Starts parameters for a torrent known only by its info-hashes (its metadata will come
     * from peers, BEP 9).
     *
     * @param infoHashes the info-hashes
     * @param savePath the directory the torrent's files go under
     * @return a builder with no metadata, trackers, web seeds or peers, default priorities,
     *     zero statistics and no flags
     */
    public static Builder builder(InfoHashes infoHashes, Path savePath) {
        return new Builder(infoHashes, savePath);
    }

    /**
     * A builder that starts from these parameters, for changing some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(infoHashes, savePath);
        b.torrent = torrent;
        b.name = name;
        b.trackers = trackers;
        b.webSeeds = webSeeds;
        b.peers = peers;
        b.filePriorities = filePriorities;
        b.piecePriorities = piecePriorities();
        b.havePieces = (BitSet) havePieces.clone();
        b.unfinishedPieces.putAll(unfinishedPieces);
        b.totalUploaded = totalUploaded;
        b.totalDownloaded = totalDownloaded;
        b.activeTime = activeTime;
        b.seedingTime = seedingTime;
        b.addedTime = addedTime;
        b.completedTime = completedTime;
        b.flags.addAll(flags);
        return b;
    }

    /**
     * Reads resume data in libtorrent's format, written by {@link #toResumeData()} or by
     * libtorrent's {@code write_resume_data_buf}. The data must carry the torrent's metadata
     * ({@code info}) unless it names no pieces; see {@link #fromResumeData(byte[], TorrentInfo)}
     * for data without it. The v2 piece layers come from Torrentine's {@code piece layers} or
     * libtorrent's merkle trees ({@code trees}); a tree that does not hash to its file's root is
     * ignored, as libtorrent ignores it. Bounded: at most {@link #MAX_RESUME_DATA_SIZE} bytes, bencode depth
     * and item limits, and the default metainfo limits for the metadata.
     *
     * @param data the bencoded resume data
     * @return the parameters
     * @throws InvalidResumeDataException if the data is malformed, over a limit, or inconsistent
     *     (the metadata does not hash to the info-hash, a piece count differs, a block index is
     *     out of range); its reason says which
     */
    public static AddTorrentParams fromResumeData(byte[] data) {
        return ResumeDataReader.read(data, null);
    }

    /**
     * Reads resume data for a torrent whose metadata the application already has, such as
     * libtorrent resume data saved without the {@code info} dictionary. If the data carries v2
     * piece layers (BEP 52) that {@code torrent} lacks, as when its metadata came from peers for a
     * magnet link, {@link #torrent()} is a copy of {@code torrent} with those layers (each checked
     * against its file's root); otherwise it is {@code torrent} itself.
     *
     * @param data the bencoded resume data
     * @param torrent the metadata; it must have the info-hashes the data names, and equal the
     *     data's own {@code info} if it has one
     * @return the parameters
     * @throws InvalidResumeDataException if the data is malformed, over a limit, inconsistent,
     *     or names another torrent
     */
    public static AddTorrentParams fromResumeData(byte[] data, TorrentInfo torrent) {
        return ResumeDataReader.read(data, Objects.requireNonNull(torrent, "torrent"));
    }

    /**
     * Writes these parameters as resume data in libtorrent's format, which
     * {@link #fromResumeData(byte[])} and libtorrent's {@code read_resume_data} read back.
     *
     * @return the bencoded resume data
     */
    public byte[] toResumeData() {
        return ResumeDataWriter.toBytes(this);
    }

    /**
     * The torrent's metadata.
     *
     * @return the metadata, or empty for a magnet link whose metadata has not arrived
     */
    public Optional<TorrentInfo> torrent() {
        return Optional.ofNullable(torrent);
    }

    /**
     * The torrent's info-hashes: the metadata's when it is known (both for a hybrid torrent),
     * else the ones the magnet link or resume data named.
     *
     * @return the info-hashes
     */
    public InfoHashes infoHashes() {
        return infoHashes;
    }

    /**
     * The name to show until the metadata is known (a magnet link's {@code dn}).
     *
     * @return the name, or empty
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * The trackers in BEP 12 tiers, tried in order.
     *
     * @return an unmodifiable list of non-empty, unmodifiable tiers
     */
    public List<List<String>> trackers() {
        return trackers;
    }

    /**
     * The web seeds (BEP 19).
     *
     * @return an unmodifiable list of URLs
     */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /**
     * Peers to try first (a magnet link's {@code x.pe}, or peers saved in resume data).
     *
     * @return an unmodifiable list without duplicates
     */
    public List<PeerAddress> peers() {
        return peers;
    }

    /**
     * The directory the torrent's files go under.
     *
     * @return the save path
     */
    public Path savePath() {
        return savePath;
    }

    /**
     * The file priorities, {@link #DONT_DOWNLOAD} to {@link #TOP_PRIORITY}: with metadata, one
     * per file of {@code torrent().files()} (pad files included); without, as given, for the
     * first files (files beyond the list get {@link #DEFAULT_PRIORITY}).
     *
     * @return an unmodifiable list
     */
    public List<Integer> filePriorities() {
        return filePriorities;
    }

    /**
     * The priority of one file: its entry in {@link #filePriorities()}, or
     * {@link #DEFAULT_PRIORITY} beyond the list.
     *
     * @param fileIndex the file index
     * @return the priority, 0 to 7
     * @throws IndexOutOfBoundsException if the index is negative
     */
    public int filePriority(int fileIndex) {
        Objects.checkIndex(fileIndex, Integer.MAX_VALUE);
        return fileIndex < filePriorities.size() ? filePriorities.get(fileIndex) : DEFAULT_PRIORITY;
    }

    /**
     * The piece priorities, {@link #DONT_DOWNLOAD} to {@link #TOP_PRIORITY}, one per piece; they
     * override the priorities that follow from the files.
     *
     * @return an unmodifiable list, empty if none were set
     */
    public List<Integer> piecePriorities() {
        byte[] p = piecePriorities;
        return new AbstractList<>() {
            @Override
            public Integer get(int index) {
                return (int) p[index];
            }

            @Override
            public int size() {
                return p.length;
            }
        };
    }

    /**
     * The pieces that are verified and written to storage.
     *
     * @return a copy: bit {@code i} is set if piece {@code i} is had
     */
    public BitSet havePieces() {
        return (BitSet) havePieces.clone();
    }

    /**
     * Whether a piece is verified and written.
     *
     * @param piece the piece index
     * @return true if had
     * @throws IndexOutOfBoundsException if the index is negative
     */
    public boolean hasPiece(int piece) {
        Objects.checkIndex(piece, Integer.MAX_VALUE);
        return havePieces.get(piece);
    }

    /**
     * The number of pieces had.
     *
     * @return the count of {@link #havePieces()}
     */
    public int havePieceCount() {
        return havePieces.cardinality();
    }

    /**
     * The pieces had as a BEP 3 {@code bitfield}: piece 0 is the high bit of byte 0, spare bits
     * at the end are 0.
     *
     * @return ceil(pieces / 8) bytes, or none if the metadata is unknown
     */
    public byte[] havePiecesBitfield() {
        if (torrent == null) {
            return new byte[0];
        }
        byte[] bits = new byte[(torrent.pieceCount() + 7) / 8];
        for (int i = havePieces.nextSetBit(0); i >= 0; i = havePieces.nextSetBit(i + 1)) {
            bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return bits;
    }

    /**
     * Partial pieces: for each, the indices of the 16 KiB blocks already written to storage
     * (not yet verified: the piece is not complete).
     *
     * @return an unmodifiable map sorted by piece, of unmodifiable, sorted, non-empty sets
     */
    public Map<Integer, Set<Integer>> unfinishedPieces() {
        return unfinishedPieces;
    }

    /**
     * The payload bytes uploaded over the torrent's life.
     *
     * @return the byte count
     */
    public long totalUploaded() {
        return totalUploaded;
    }

    /**
     * The payload bytes downloaded over the torrent's life.
     *
     * @return the byte count
     */
    public long totalDownloaded() {
        return totalDownloaded;
    }

    /**
     * How long the torrent has been started (not paused) over its life.
     *
     * @return whole seconds
     */
    public Duration activeTime() {
        return activeTime;
    }

    /**
     * How long the torrent has been seeding (complete and started) over its life.
     *
     * @return whole seconds
     */
    public Duration seedingTime() {
        return seedingTime;
    }

    /**
     * When the torrent was first added.
     *
     * @return the time, in whole seconds, or empty if not known
     */
    public Optional<Instant> addedTime() {
        return Optional.ofNullable(addedTime);
    }

    /**
     * When the torrent finished downloading.
     *
     * @return the time, in whole seconds, or empty if it has not
     */
    public Optional<Instant> completedTime() {
        return Optional.ofNullable(completedTime);
    }

    /**
     * The flags set.
     *
     * @return an unmodifiable set
     */
    public Set<TorrentFlag> flags() {
        return flags;
    }

    /**
     * Whether a flag is set.
     *
     * @param flag the flag
     * @return true if set
     */
    public boolean hasFlag(TorrentFlag flag) {
        return flags.contains(flag);
    }

    private void checkProgress() {
        if (torrent == null) {
            if (!havePieces.isEmpty() || !unfinishedPieces.isEmpty()) {
                throw new IllegalArgumentException("pieces can be had only once the metadata is known");
            }
            return;
        }
        int pieces = torrent.pieceCount();
        if (havePieces.length() > pieces) {
            throw new IllegalArgumentException("piece " + (havePieces.length() - 1) + " is had, but the torrent has "
                    + pieces + " pieces");
        }
        for (Map.Entry<Integer, Set<Integer>> e : unfinishedPieces.entrySet()) {
            int piece = e.getKey();
            if (piece < 0 || piece >= pieces) {
                throw new IllegalArgumentException("partial piece " + piece + " of " + pieces);
            }
            if (havePieces.get(piece)) {
                throw new IllegalArgumentException("piece " + piece + " is both had and partial");
            }
            int blocks = blockCount(torrent, piece);
            int first = Collections.min(e.getValue());
            int last = Collections.max(e.getValue());
            if (first < 0 || last >= blocks) {
                throw new IllegalArgumentException("piece " + piece + " has " + blocks + " blocks, not a block "
                        + (first < 0 ? first : last));
            }
        }
    }

    /** The number of 16 KiB blocks in a piece, the last one shorter if the piece is. */
    private static int blockCount(TorrentInfo torrent, int piece) {
        return (torrent.pieceSize(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    private static List<List<String>> normalizeTiers(List<List<String>> tiers) {
        Set<String> seen = new LinkedHashSet<>();
        List<List<String>> out = new ArrayList<>();
        for (List<String> tier : tiers) {
            List<String> kept = new ArrayList<>();
            for (String url : tier) {
                checkText(Objects.requireNonNull(url, "tracker"), "tracker");
                if (!url.isEmpty() && seen.add(url)) {
                    kept.add(url);
                }
            }
            if (!kept.isEmpty()) {
                out.add(List.copyOf(kept));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> normalizeUrls(Collection<String> urls) {
        Set<String> kept = new LinkedHashSet<>();
        for (String url : urls) {
            checkText(Objects.requireNonNull(url, "web seed"), "web seed");
            if (!url.isEmpty()) {
                kept.add(url);
            }
        }
        return List.copyOf(kept);
    }

    private static List<Integer> normalizeFilePriorities(List<Integer> given, TorrentInfo torrent) {
        for (Integer p : given) {
            checkPriority(Objects.requireNonNull(p, "file priority"));
        }
        if (torrent == null) {
            if (given.size() > MAX_FILE_PRIORITIES) {
                throw new IllegalArgumentException(given.size() + " file priorities, over the limit of "
                        + MAX_FILE_PRIORITIES);
            }
            return List.copyOf(given);
        }
        int files = torrent.files().size();
        if (given.size() > files) {
            throw new IllegalArgumentException(given.size() + " file priorities for " + files + " files");
        }
        List<Integer> out = new ArrayList<>(files);
        out.addAll(given);
        while (out.size() < files) {
            out.add(DEFAULT_PRIORITY);
        }
        return List.copyOf(out);
    }

    private static byte[] checkPiecePriorities(List<Integer> given, TorrentInfo torrent) {
        if (given.isEmpty()) {
            return new byte[0];
        }
        if (torrent == null) {
            throw new IllegalArgumentException("piece priorities need the metadata");
        }
        if (given.size() != torrent.pieceCount()) {
            throw new IllegalArgumentException(given.size() + " piece priorities for " + torrent.pieceCount()
                    + " pieces");
        }
        byte[] out = new byte[given.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) checkPriority(Objects.requireNonNull(given.get(i), "piece priority"));
        }
        return out;
    }

    private static int checkPriority(int p) {
        if (p < DONT_DOWNLOAD || p > TOP_PRIORITY) {
            throw new IllegalArgumentException("a priority is 0 to 7, not " + p);
        }
        return p;
    }

    private static SortedMap<Integer, Set<Integer>> copyUnfinished(Map<Integer, Set<Integer>> given) {
        TreeMap<Integer, Set<Integer>> out = new TreeMap<>();
        for (Map.Entry<Integer, Set<Integer>> e : given.entrySet()) {
            out.put(e.getKey(), Collections.unmodifiableSortedSet(new TreeSet<>(e.getValue())));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static long requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " is negative: " + value);
        }
        return value;
    }

    private static String checkText(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " holds an unpaired UTF-16 surrogate, which UTF-8 cannot encode");
            }
        }
        return text;
    }

    /**
     * Equal when every value is equal; torrents compare by their info-hashes, which are the
     * hashes of their info dictionaries.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AddTorrentParams)) {
            return false;
        }
        AddTorrentParams other = (AddTorrentParams) o;
        return (torrent == null) == (other.torrent == null)
                && infoHashes.equals(other.infoHashes)
                && Objects.equals(name, other.name)
                && trackers.equals(other.trackers)
                && webSeeds.equals(other.webSeeds)
                && peers.equals(other.peers)
                && savePath.equals(other.savePath)
                && filePriorities.equals(other.filePriorities)
                && Arrays.equals(piecePriorities, other.piecePriorities)
                && havePieces.equals(other.havePieces)
                && unfinishedPieces.equals(other.unfinishedPieces)
                && totalUploaded == other.totalUploaded
                && totalDownloaded == other.totalDownloaded
                && activeTime.equals(other.activeTime)
                && seedingTime.equals(other.seedingTime)
                && Objects.equals(addedTime, other.addedTime)
                && Objects.equals(completedTime, other.completedTime)
                && flags.equals(other.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHashes, savePath, havePieces, filePriorities, totalDownloaded, flags);
    }

    /** Returns a summary for logs: info-hashes, save path, progress and flags. */
    @Override
    public String toString() {
        return "AddTorrentParams[" + infoHashes + ", " + (torrent == null ? "no metadata" : torrent.name())
                + ", save path " + savePath + ", " + havePieces.cardinality()
                + (torrent == null ? "" : "/" + torrent.pieceCount()) + " pieces, "
                + unfinishedPieces.size() + " partial, flags " + flags + "]";
    }

    /**
     * Collects the values of {@link AddTorrentParams}. Consistency with the metadata (piece and
     * file counts, block indices) is checked by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private TorrentInfo torrent;
        private InfoHashes infoHashes;
        private String name;
        private List<List<String>> trackers = List.of();
        private Collection<String> webSeeds = List.of();
        private Collection<PeerAddress> peers = List.of();
        private Path savePath;
        private List<Integer> filePriorities = List.of();
        private List<Integer> piecePriorities = List.of();
        private BitSet havePieces = new BitSet();
        private final TreeMap<Integer, Set<Integer>> unfinishedPieces = new TreeMap<>();
        private long totalUploaded;
        private long totalDownloaded;
        private Duration activeTime = Duration.ZERO;
        private Duration seedingTime = Duration.ZERO;
        private Instant addedTime;
        private Instant completedTime;
        private final Set<TorrentFlag> flags = EnumSet.noneOf(TorrentFlag.class);

        private Builder(InfoHashes infoHashes, Path savePath) {
            this.infoHashes = Objects.requireNonNull(infoHashes, "infoHashes");
            savePath(savePath);
        }

        /**
         * Sets the metadata, for example once a magnet link's has arrived. Its info-hashes
         * replace the builder's (a hybrid torrent's metadata adds the hash a link lacked).
         *
         * @param metadata the metadata
         * @return this builder
         * @throws IllegalArgumentException if the metadata has other info-hashes than the ones
         *     already set
         */
        public Builder torrent(TorrentInfo metadata) {
            InfoHashes actual = metadata.infoHashes();
            boolean v1Ok = infoHashes.v1().isEmpty() || infoHashes.v1().equals(actual.v1());
            boolean v2Ok = infoHashes.v2().isEmpty() || infoHashes.v2().equals(actual.v2());
            if (!v1Ok || !v2Ok) {
                throw new IllegalArgumentException("metadata of " + actual + " for a torrent of " + infoHashes);
            }
            this.torrent = metadata;
            this.infoHashes = actual;
            return this;
        }

        /**
         * Sets the name to show until the metadata is known.
         *
         * @param displayName the name, or null or empty for none
         * @return this builder
         * @throws IllegalArgumentException if it holds an unpaired UTF-16 surrogate
         */
        public Builder name(String displayName) {
            this.name = displayName == null || displayName.isEmpty() ? null : checkText(displayName, "name");
            return this;
        }

        /**
         * Replaces the trackers.
         *
         * @param tiers the tracker URLs in BEP 12 tiers
         * @return this builder
         */
        public Builder trackers(List<? extends List<String>> tiers) {
            List<List<String>> copy = new ArrayList<>();
            for (List<String> tier : tiers) {
                copy.add(new ArrayList<>(tier));
            }
            this.trackers = copy;
            return this;
        }

        /**
         * Replaces the web seeds (BEP 19).
         *
         * @param urls the URLs, in order
         * @return this builder
         */
        public Builder webSeeds(Collection<String> urls) {
            this.webSeeds = new ArrayList<>(urls);
            return this;
        }

        /**
         * Replaces the peers to try first.
         *
         * @param addresses the peer addresses, in order
         * @return this builder
         */
        public Builder peers(Collection<PeerAddress> addresses) {
            List<PeerAddress> copy = new ArrayList<>(addresses);
            copy.forEach(p -> Objects.requireNonNull(p, "peer"));
            this.peers = copy;
            return this;
        }

        /**
         * Sets the directory the torrent's files go under.
         *
         * @param path the save path
         * @return this builder
         * @throws IllegalArgumentException if the path is empty or holds an unpaired UTF-16
         *     surrogate
         */
        public Builder savePath(Path path) {
            String text = Objects.requireNonNull(path, "savePath").toString();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty save path");
            }
            checkText(text, "save path");
            this.savePath = path;
            return this;
        }

        /**
         * Sets the file priorities, 0 to 7, for the first files; the rest get
         * {@link #DEFAULT_PRIORITY}.
         *
         * @param priorities the priorities, at most one per file when the metadata is known
         * @return this builder
         */
        public Builder filePriorities(List<Integer> priorities) {
            this.filePriorities = new ArrayList<>(priorities);
            return this;
        }

        /**
         * Sets the piece priorities, 0 to 7.
         *
         * @param priorities one per piece, or empty for none; needs the metadata
         * @return this builder
         */
        public Builder piecePriorities(List<Integer> priorities) {
            this.piecePriorities = new ArrayList<>(priorities);
            return this;
        }

        /**
         * Sets the pieces that are verified and written.
         *
         * @param pieces bit {@code i} set for each piece had; copied
         * @return this builder
         */
        public Builder havePieces(BitSet pieces) {
            this.havePieces = (BitSet) pieces.clone();
            return this;
        }

        /**
         * Marks one piece as verified and written.
         *
         * @param piece the piece index
         * @return this builder
         * @throws IndexOutOfBoundsException if the index is negative
         */
        public Builder havePiece(int piece) {
            havePieces.set(piece);
            return this;
        }

        /**
         * Sets the written blocks of one partial piece.
         *
         * @param piece the piece index
         * @param blocks the indices of the 16 KiB blocks written; empty to forget the piece
         * @return this builder
         */
        public Builder unfinishedPiece(int piece, Collection<Integer> blocks) {
            if (blocks.isEmpty()) {
                unfinishedPieces.remove(piece);
            } else {
                TreeSet<Integer> copy = new TreeSet<>();
                for (Integer block : blocks) {
                    copy.add(Objects.requireNonNull(block, "block"));
                }
                unfinishedPieces.put(piece, copy);
            }
            return this;
        }

        /**
         * Replaces all partial pieces.
         *
         * @param pieces for each partial piece, the indices of its written blocks
         * @return this builder
         */
        public Builder unfinishedPieces(Map<Integer, ? extends Collection<Integer>> pieces) {
            unfinishedPieces.clear();
            pieces.forEach(this::unfinishedPiece);
            return this;
        }

        /**
         * Sets the payload bytes uploaded so far.
         *
         * @param bytes the byte count, at least 0
         * @return this builder
         */
        public Builder totalUploaded(long bytes) {
            this.totalUploaded = requireNonNegative(bytes, "total uploaded");
            return this;
        }

        /**
         * Sets the payload bytes downloaded so far.
         *
         * @param bytes the byte count, at least 0
         * @return this builder
         */
        public Builder totalDownloaded(long bytes) {
            this.totalDownloaded = requireNonNegative(bytes, "total downloaded");
            return this;
        }

        /**
         * Sets how long the torrent has been started; truncated to whole seconds.
         *
         * @param time the duration, not negative
         * @return this builder
         */
        public Builder activeTime(Duration time) {
            this.activeTime = seconds(time, "active time");
            return this;
        }

        /**
         * Sets how long the torrent has been seeding; truncated to whole seconds.
         *
         * @param time the duration, not negative
         * @return this builder
         */
        public Builder seedingTime(Duration time) {
            this.seedingTime = seconds(time, "seeding time");
            return this;
        }

        /**
         * Sets when the torrent was first added; truncated to whole seconds.
         *
         * @param time the time, not before the epoch; null or the epoch for none
         * @return this builder
         */
        public Builder addedTime(Instant time) {
            this.addedTime = epochSeconds(time, "added time");
            return this;
        }

        /**
         * Sets when the torrent finished downloading; truncated to whole seconds.
         *
         * @param time the time, not before the epoch; null or the epoch for none
         * @return this builder
         */
        public Builder completedTime(Instant time) {
            this.completedTime = epochSeconds(time, "completed time");
            return this;
        }

        /**
         * Sets or clears a flag.
         *
         * @param flag the flag
         * @param on whether it is set
         * @return this builder
         */
        public Builder flag(TorrentFlag flag, boolean on) {
            Objects.requireNonNull(flag, "flag");
            if (on) {
                flags.add(flag);
            } else {
                flags.remove(flag);
            }
            return this;
        }

        /**
         * Replaces the flags.
         *
         * @param set the flags to set; the others are cleared
         * @return this builder
         */
        public Builder flags(Set<TorrentFlag> set) {
            flags.clear();
            flags.addAll(set);
            return this;
        }

        /**
         * Makes the parameters.
         *
         * @return the parameters
         * @throws IllegalArgumentException if a value contradicts the metadata (more file
         *     priorities than files, or than {@link #MAX_FILE_PRIORITIES} without metadata, piece
         *     priorities not one per piece, a had or partial piece
         *     or a block out of range, a piece both had and partial), if pieces, partial pieces
         *     or piece priorities are given without metadata, or if a priority is not 0 to 7
         */
        public AddTorrentParams build() {
            return new AddTorrentParams(this);
        }

        private static Duration seconds(Duration time, String what) {
            if (time.isNegative()) {
                throw new IllegalArgumentException(what + " is negative: " + time);
            }
            return Duration.ofSeconds(time.getSeconds());
        }

        private static Instant epochSeconds(Instant time, String what) {
            if (time == null) {
                return null;
            }
            if (time.getEpochSecond() < 0) {
                throw new IllegalArgumentException(what + " is before the epoch: " + time);
            }
            return time.getEpochSecond() == 0 ? null : Instant.ofEpochSecond(time.getEpochSecond());
        }
    }
}
