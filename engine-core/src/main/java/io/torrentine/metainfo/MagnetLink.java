package io.torrentine.metainfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A magnet link (BEP 9): the info-hashes of a torrent and optional hints for finding it
 * before its metadata is known, namely a display name, trackers, web seeds, peer addresses
 * and a select-only list of files (BEP 53). Immutable and thread-safe; two links are equal
 * when their canonical URIs ({@link #toUri()}) are equal.
 *
 * <p>{@link #parse(String)} reads links as they appear in the wild (hex or base32 v1 hashes,
 * v2 and hybrid links, libtorrent-style numbered parameters such as {@code tr.1}) and rejects
 * malformed ones with an {@link InvalidMagnetLinkException} carrying a reason. Parsing is
 * bounded: the URI length and the number of trackers, web seeds, peers and select-only
 * ranges are limited by the {@code MAX_*} constants. {@link #builder(InfoHashes)} makes links
 * from known values, for example to share a torrent that is already loaded.
 *
 * <p>Trackers, web seeds and peers keep the order in which they appear; duplicates are
 * dropped. The select-only list is kept as sorted, merged ranges.
 */
public final class MagnetLink {
    /** The longest magnet URI accepted, in chars, as given and in canonical form: 64 KiB. */
    public static final int MAX_URI_LENGTH = 64 * 1024;
    /** The most distinct trackers ({@code tr}) in one link. */
    public static final int MAX_TRACKERS = 256;
    /** The most distinct web seeds ({@code ws}) in one link. */
    public static final int MAX_WEB_SEEDS = 256;
    /** The most distinct peer addresses ({@code x.pe}) in one link. */
    public static final int MAX_PEERS = 256;
    /** The most indices and ranges in the select-only list ({@code so}, BEP 53) of one link. */
    public static final int MAX_SELECT_ONLY_RANGES = 1024;
    /** The largest file index a select-only list may name: 2<sup>20</sup> - 1. */
    public static final int MAX_FILE_INDEX = (1 << 20) - 1;

    private final InfoHashes infoHashes;
    private final String displayName;
    private final List<String> trackers;
    private final List<String> webSeeds;
    private final List<PeerAddress> peers;
    private final List<FileIndexRange> selectOnly;
    private final String uri;

    private MagnetLink(Builder builder) {
        this.infoHashes = builder.infoHashes;
        this.displayName = builder.displayName;
        this.trackers = List.copyOf(builder.trackers);
        this.webSeeds = List.copyOf(builder.webSeeds);
        this.peers = List.copyOf(builder.peers);
        this.selectOnly = mergeRanges(builder.selectOnly);
        this.uri = format();
    }

    /**
     * Parses a magnet URI (BEP 9, BEP 53).
     *
     * <p>Recognized parameters, whose names are compared without regard to ASCII case and may
     * carry a numeric suffix ({@code tr.1}, {@code tr.2}) as libtorrent allows:
     * <ul>
     *   <li>{@code xt}: {@code urn:btih:} with a v1 info-hash as 40 hex digits or 32 base32
     *       characters, either case; {@code urn:btmh:1220} with a v2 info-hash as 64 hex
     *       digits (BEP 52); both for a hybrid torrent. At least one is required; a repeated
     *       topic must repeat the same hash. Other URNs are ignored.</li>
     *   <li>{@code dn}: the display name; the last one wins, an empty one means none.</li>
     *   <li>{@code tr}, {@code ws}: tracker and web seed URLs; empty values are skipped.</li>
     *   <li>{@code x.pe}: peer addresses ({@code host:port}, {@code ipv4:port},
     *       {@code [ipv6]:port}); an address that is none of these, or whose port is not 1 to
     *       65535, is skipped, as libtorrent skips it.</li>
     *   <li>{@code so}: BEP 53 file indices and inclusive ranges, such as {@code 0,2,4-6}.</li>
     * </ul>
     * Other parameters are ignored. Values are percent-decoded as UTF-8, with {@code +} read
     * as a space.
     *
     * @param uri the magnet URI, starting with {@code magnet:?}
     * @return the magnet link
     * @throws InvalidMagnetLinkException if the URI is malformed or over a limit; its
     *     {@link InvalidMagnetLinkException#reason() reason} says which
     * @throws NullPointerException if {@code uri} is null
     */
    public static MagnetLink parse(String uri) {
        return MagnetParser.parse(uri);
    }

    /**
     * A link with only info-hashes.
     *
     * @param infoHashes the torrent's info-hashes
     * @return the magnet link
     */
    public static MagnetLink of(InfoHashes infoHashes) {
        return builder(infoHashes).build();
    }

    /**
     * Starts a link for a torrent.
     *
     * @param infoHashes the torrent's info-hashes
     * @return a builder with no name, trackers, web seeds, peers or file selection
     */
    public static Builder builder(InfoHashes infoHashes) {
        return new Builder(infoHashes);
    }

    /**
     * A builder that starts from this link's values, for changing some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder(infoHashes);
        builder.displayName = displayName;
        builder.trackers.addAll(trackers);
        builder.webSeeds.addAll(webSeeds);
        builder.peers.addAll(peers);
        builder.selectOnly.addAll(selectOnly);
        return builder;
    }

    /**
     * The torrent's info-hashes: v1 from {@code urn:btih:}, v2 from {@code urn:btmh:}, or
     * both.
     *
     * @return the info-hashes
     */
    public InfoHashes infoHashes() {
        return infoHashes;
    }

    /**
     * The name to show until the metadata arrives ({@code dn}).
     *
     * @return the display name, or empty if the link has none
     */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /**
     * The tracker URLs ({@code tr}), in link order, without duplicates.
     *
     * @return an unmodifiable list
     */
    public List<String> trackers() {
        return trackers;
    }

    /**
     * The web seed URLs ({@code ws}), in link order, without duplicates.
     *
     * @return an unmodifiable list
     */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /**
     * The peer addresses to try first ({@code x.pe}, BEP 9), in link order, without
     * duplicates.
     *
     * @return an unmodifiable list
     */
    public List<PeerAddress> peers() {
        return peers;
    }

    /**
     * The files to download (BEP 53 {@code so}), as sorted, disjoint, non-adjacent ranges of
     * file indices. Indices beyond the torrent's file count select nothing.
     *
     * @return an unmodifiable list; empty if the link selects no subset (download all files)
     */
    public List<FileIndexRange> selectOnly() {
        return selectOnly;
    }

    /**
     * Whether the link asks for a file: true for every file when it has no select-only list.
     *
     * @param index a file index
     * @return true if the file should be downloaded
     */
    public boolean isFileSelected(int index) {
        if (selectOnly.isEmpty()) {
            return true;
        }
        int low = 0;
        int high = selectOnly.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            FileIndexRange range = selectOnly.get(mid);
            if (index < range.first()) {
                high = mid - 1;
            } else if (index > range.last()) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * The canonical magnet URI: {@code xt=urn:btih:} with lower-case hex, then
     * {@code xt=urn:btmh:1220} with lower-case hex, then {@code dn}, {@code tr}, {@code ws},
     * {@code x.pe} and {@code so}. Values are percent-encoded as UTF-8 (upper-case escapes,
     * space as {@code %20}) except for RFC 3986 unreserved characters and
     * {@code : / @ ? ! $ ' ( ) * ,}. Parsing the result gives an equal link.
     *
     * @return the URI, at most {@link #MAX_URI_LENGTH} chars
     */
    public String toUri() {
        return uri;
    }

    private String format() {
        StringBuilder out = new StringBuilder(128);
        out.append("magnet:?");
        String separator = "";
        if (infoHashes.v1().isPresent()) {
            out.append("xt=").append(ExactTopic.BTIH).append(infoHashes.v1().get().toHex());
            separator = "&";
        }
        if (infoHashes.v2().isPresent()) {
            out.append(separator).append("xt=").append(ExactTopic.BTMH)
                    .append(ExactTopic.SHA256_MULTIHASH_PREFIX).append(infoHashes.v2().get().toHex());
        }
        if (displayName != null) {
            out.append("&dn=");
            MagnetText.encode(displayName, out);
        }
        for (String tracker : trackers) {
            out.append("&tr=");
            MagnetText.encode(tracker, out);
        }
        for (String webSeed : webSeeds) {
            out.append("&ws=");
            MagnetText.encode(webSeed, out);
        }
        // Written raw: the address syntax excludes every character that would need escaping,
        // and libtorrent does not decode x.pe.
        for (PeerAddress peer : peers) {
            out.append("&x.pe=").append(peer);
        }
        if (!selectOnly.isEmpty()) {
            out.append("&so=");
            for (int i = 0; i < selectOnly.size(); i++) {
                out.append(i == 0 ? "" : ",").append(selectOnly.get(i));
            }
        }
        return out.toString();
    }

    private static List<FileIndexRange> mergeRanges(List<FileIndexRange> ranges) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        List<FileIndexRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(FileIndexRange::first));
        List<FileIndexRange> merged = new ArrayList<>();
        FileIndexRange current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            FileIndexRange next = sorted.get(i);
            if (next.first() <= current.last() + 1) {
                current = new FileIndexRange(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return List.copyOf(merged);
    }

    /** Equal when the canonical URIs are equal, that is when every value is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MagnetLink other && uri.equals(other.uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    /** Returns the canonical URI, as {@link #toUri()}. */
    @Override
    public String toString() {
        return uri;
    }

    /**
     * Collects the values of a magnet link. Duplicate trackers, web seeds and peers are
     * dropped, keeping the first; select-only ranges are sorted and merged by
     * {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private InfoHashes infoHashes;
        private String displayName;
        private final Set<String> trackers = new LinkedHashSet<>();
        private final Set<String> webSeeds = new LinkedHashSet<>();
        private final Set<PeerAddress> peers = new LinkedHashSet<>();
        private final List<FileIndexRange> selectOnly = new ArrayList<>();

        private Builder(InfoHashes infoHashes) {
            this.infoHashes = Objects.requireNonNull(infoHashes, "infoHashes");
        }

        /**
         * Sets the info-hashes.
         *
         * @param infoHashes the torrent's info-hashes
         * @return this builder
         */
        public Builder infoHashes(InfoHashes infoHashes) {
            this.infoHashes = Objects.requireNonNull(infoHashes, "infoHashes");
            return this;
        }

        /**
         * Sets the display name ({@code dn}).
         *
         * @param name the name, or null or empty for none
         * @return this builder
         * @throws IllegalArgumentException if the name holds an unpaired UTF-16 surrogate,
         *     which UTF-8 cannot encode
         */
        public Builder displayName(String name) {
            this.displayName = name == null || name.isEmpty() ? null : checkText(name, "display name");
            return this;
        }

        /**
         * Adds a tracker URL ({@code tr}) unless it is already there.
         *
         * @param url the tracker URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is empty or holds an unpaired surrogate
         */
        public Builder addTracker(String url) {
            trackers.add(checkNonEmpty(url, "tracker"));
            return this;
        }

        /**
         * Replaces the tracker URLs.
         *
         * @param urls the tracker URLs, in order
         * @return this builder
         * @throws IllegalArgumentException if a URL is empty or holds an unpaired surrogate
         */
        public Builder trackers(Collection<String> urls) {
            trackers.clear();
            urls.forEach(this::addTracker);
            return this;
        }

        /**
         * Adds a web seed URL ({@code ws}, BEP 19) unless it is already there.
         *
         * @param url the web seed URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is empty or holds an unpaired surrogate
         */
        public Builder addWebSeed(String url) {
            webSeeds.add(checkNonEmpty(url, "web seed"));
            return this;
        }

        /**
         * Replaces the web seed URLs.
         *
         * @param urls the web seed URLs, in order
         * @return this builder
         * @throws IllegalArgumentException if a URL is empty or holds an unpaired surrogate
         */
        public Builder webSeeds(Collection<String> urls) {
            webSeeds.clear();
            urls.forEach(this::addWebSeed);
            return this;
        }

        /**
         * Adds a peer address ({@code x.pe}) unless it is already there.
         *
         * @param peer the peer address
         * @return this builder
         */
        public Builder addPeer(PeerAddress peer) {
            peers.add(Objects.requireNonNull(peer, "peer"));
            return this;
        }

        /**
         * Replaces the peer addresses.
         *
         * @param addresses the peer addresses, in order
         * @return this builder
         */
        public Builder peers(Collection<PeerAddress> addresses) {
            peers.clear();
            addresses.forEach(this::addPeer);
            return this;
        }

        /**
         * Adds file indices to the select-only list ({@code so}, BEP 53).
         *
         * @param range the indices to add
         * @return this builder
         */
        public Builder addSelectOnly(FileIndexRange range) {
            selectOnly.add(Objects.requireNonNull(range, "range"));
            return this;
        }

        /**
         * Replaces the select-only list ({@code so}, BEP 53).
         *
         * @param ranges the indices to select, in any order, possibly overlapping; empty to
         *     download all files
         * @return this builder
         */
        public Builder selectOnly(Collection<FileIndexRange> ranges) {
            selectOnly.clear();
            ranges.forEach(this::addSelectOnly);
            return this;
        }

        /**
         * Makes the link.
         *
         * @return the magnet link
         * @throws IllegalArgumentException if the link exceeds a limit that
         *     {@link MagnetLink#parse(String)} enforces: {@link #MAX_TRACKERS},
         *     {@link #MAX_WEB_SEEDS}, {@link #MAX_PEERS}, {@link #MAX_SELECT_ONLY_RANGES} (after
         *     merging) or {@link #MAX_URI_LENGTH} for the canonical URI
         */
        public MagnetLink build() {
            checkCount(trackers.size(), MAX_TRACKERS, "trackers");
            checkCount(webSeeds.size(), MAX_WEB_SEEDS, "web seeds");
            checkCount(peers.size(), MAX_PEERS, "peers");
            MagnetLink link = assemble();
            checkCount(link.selectOnly.size(), MAX_SELECT_ONLY_RANGES, "select-only ranges");
            if (link.uri.length() > MAX_URI_LENGTH) {
                throw new IllegalArgumentException("the magnet URI would have " + link.uri.length()
                        + " chars, over the limit of " + MAX_URI_LENGTH);
            }
            return link;
        }

        /** Makes the link without the limit checks, which the parser makes with typed reasons. */
        MagnetLink assemble() {
            return new MagnetLink(this);
        }

        private static void checkCount(int count, int limit, String what) {
            if (count > limit) {
                throw new IllegalArgumentException(count + " " + what + ", over the limit of " + limit);
            }
        }

        private static String checkNonEmpty(String text, String what) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty " + what + " URL");
            }
            return checkText(text, what);
        }

        private static String checkText(String text, String what) {
            if (MagnetText.hasUnpairedSurrogate(text)) {
                throw new IllegalArgumentException(what + " holds an unpaired UTF-16 surrogate");
            }
            return text;
        }
    }
}
