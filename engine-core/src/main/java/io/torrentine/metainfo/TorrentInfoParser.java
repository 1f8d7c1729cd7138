package io.torrentine.metainfo;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.BencodeException;
import io.torrentine.internal.bencode.InputSharingDecoders;
import io.torrentine.internal.hash.Merkle;
import io.torrentine.internal.metainfo.DuplicatePathResolver;
import io.torrentine.internal.metainfo.FileNameRules;
import io.torrentine.internal.metainfo.PathSanitizer;
import io.torrentine.internal.metainfo.WebSeedUrls;
import io.torrentine.metainfo.InvalidMetainfoException.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a .torrent file or an info dictionary into a {@link TorrentInfo}, accepting and refusing
 * what libtorrent 2.x accepts and refuses (see the conformance test for the deliberate
 * differences). Path components are sanitized with libtorrent's rules for every platform plus
 * the given host rules ({@link FileNameRules}). One instance parses one input.
 */
final class TorrentInfoParser {
    /** libtorrent's {@code file_storage::max_file_size}: offsets must fit 48 bits. */
    private static final long MAX_FILE_SIZE = (1L << 48) - 1;
    /** Above this the merkle tree of a file no longer fits int indices (libtorrent's bound). */
    private static final long MAX_V2_BLOCKS = Integer.MAX_VALUE / 2;
    /** The largest piece libtorrent accepts. */
    private static final long MAX_PIECE_LENGTH = 1L << 29;
    private static final String PAD_DIRECTORY = ".pad";
    private static final String LEGACY_PAD_PREFIX = "_____padding_file_";

    private final MetainfoLimits limits;
    private final FileNameRules rules;
    private final PathSanitizer sanitizer;

    TorrentInfoParser(MetainfoLimits limits, FileNameRules rules) {
        this.limits = limits;
        this.rules = rules;
        this.sanitizer = PathSanitizer.of(rules);
    }

    TorrentInfo parseTorrentFile(byte[] input) {
        if (input.length > limits.bencode().maxInputSize()) {
            throw new InvalidMetainfoException(Reason.FILE_TOO_LARGE,
                    input.length + " bytes, limit " + limits.bencode().maxInputSize());
        }
        // The decoded values share the caller's array and are all dropped before returning:
        // what the TorrentInfo keeps is copied out of them (the info bytes, names, hashes).
        BValue top = decode(input, BencodeDecoder.lenient());
        if (!(top instanceof BDictionary root)) {
            throw new InvalidMetainfoException(Reason.NOT_A_DICTIONARY, "");
        }
        BDictionary info = root.getDictionary("info").orElseThrow(
                () -> new InvalidMetainfoException(Reason.MISSING_INFO, ""));
        Optional<BDictionary> pieceLayers = root.getDictionary("piece layers");
        TorrentInfo.Builder b = parseInfo(info, input, pieceLayers);
        readTopLevel(root, b);
        return b.build();
    }

    TorrentInfo parseInfoDictionary(byte[] infoBytes) {
        if (infoBytes.length > limits.bencode().maxInputSize()) {
            throw new InvalidMetainfoException(Reason.FILE_TOO_LARGE,
                    infoBytes.length + " bytes, limit " + limits.bencode().maxInputSize());
        }
        BValue value = decode(infoBytes, BencodeDecoder.lenient());
        if (!(value instanceof BDictionary info)) {
            throw new InvalidMetainfoException(Reason.MISSING_INFO, "the info section is not a dictionary");
        }
        return parseInfo(info, infoBytes, Optional.empty()).build();
    }

    /**
     * Decodes without copying strings: every decoded value is a view of {@code input}, which is
     * only read while parsing and never kept (see {@link InputSharingDecoders}).
     */
    private BValue decode(byte[] input, BencodeDecoder decoder) {
        try {
            return InputSharingDecoders.of(decoder.withLimits(limits.bencode())).decode(input);
        } catch (BencodeException e) {
            Reason reason = e.reason() == BencodeException.Reason.DEPTH_EXCEEDED
                    ? Reason.DEPTH_EXCEEDED : Reason.INVALID_BENCODING;
            throw new InvalidMetainfoException(reason, e.getMessage(), e);
        }
    }

    /**
     * Reads an info dictionary decoded from {@code input}. The one copy a TorrentInfo keeps of
     * the dictionary's exact bytes is made here; the v1 piece hashes are read from inside it.
     */
    private TorrentInfo.Builder parseInfo(BDictionary info, byte[] input, Optional<BDictionary> pieceLayers) {
        var span = info.span().orElseThrow();
        byte[] infoBytes = Arrays.copyOfRange(input, span.offset(), span.end());
        boolean v2 = info.getLong("meta version").orElse(0L) == 2;
        boolean v1 = info.get("pieces").isPresent() || !v2;
        if (v2) {
            // A v2 info-hash is only meaningful over canonical bencode: libtorrent refuses
            // unsorted keys or padded integers inside a v2 info dictionary.
            decode(infoBytes, BencodeDecoder.strict());
        }
        Sha1Hash v1Hash = v1 ? Sha1Hash.of(digest("SHA-1", infoBytes)) : null;
        Sha256Hash v2Hash = v2 ? Sha256Hash.of(digest("SHA-256", infoBytes)) : null;
        InfoHashes hashes = new InfoHashes(Optional.ofNullable(v1Hash), Optional.ofNullable(v2Hash));

        long pieceLength = info.getLong("piece length").orElse(-1L);
        if (pieceLength <= 0 || pieceLength > MAX_PIECE_LENGTH
                || (v2 && (pieceLength < Merkle.BLOCK_SIZE || Long.bitCount(pieceLength) != 1))) {
            throw new InvalidMetainfoException(Reason.MISSING_PIECE_LENGTH,
                    "piece length " + info.get("piece length").map(Object::toString).orElse("missing"));
        }

        BString rawName = info.getString("name.utf-8").or(() -> info.getString("name"))
                .filter(s -> s.length() > 0)
                .orElseThrow(() -> new InvalidMetainfoException(Reason.MISSING_NAME, ""));
        for (int i = 0; i < rawName.length(); i++) {
            if (rawName.byteAt(i) == 0) {
                // libtorrent refuses such a name too; a NUL cannot stand in a file name.
                throw new InvalidMetainfoException(Reason.MISSING_NAME, "the name holds a NUL byte");
            }
        }
        String name = sanitizer.sanitize(rawName.toByteArray()).orElse(hashes.id().toHex());

        List<RawFile> files;
        if (v2) {
            V2FileTree tree = new V2FileTree(info, name);
            List<RawFile> v2Files = tree.files();
            if (!v1 && tree.single) {
                // A v2 tree of one file is a single-file torrent named after that file, as
                // libtorrent reads it (the info dictionary's name may be a folder's).
                name = v2Files.get(0).path.get(0);
            }
            if (v1) {
                List<RawFile> v1Files = readV1Files(info, name);
                files = mergeHybrid(v1Files, v2Files, pieceLength, name);
            } else {
                files = withV2Padding(v2Files, pieceLength, name);
            }
        } else {
            files = readV1Files(info, name);
        }
        List<FileEntry> entries = layOut(files);
        long totalSize = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).endOffset();
        if (totalSize <= 0) {
            throw new InvalidMetainfoException(Reason.INVALID_LENGTH, "the torrent holds no bytes");
        }
        long pieces = (totalSize + pieceLength - 1) / pieceLength;
        if (pieces > limits.maxPieces()) {
            throw new InvalidMetainfoException(Reason.TOO_MANY_PIECES,
                    pieces + " pieces, limit " + limits.maxPieces());
        }

        TorrentInfo.Builder b = new TorrentInfo.Builder();
        if (v1) {
            BString hashesString = info.getString("pieces").orElseThrow(
                    () -> new InvalidMetainfoException(Reason.MISSING_PIECES, ""));
            if (hashesString.length() != pieces * Sha1Hash.LENGTH) {
                throw new InvalidMetainfoException(Reason.INVALID_HASHES,
                        hashesString.length() + " bytes of hashes for " + pieces + " pieces");
            }
            // The string's bytes end where its span ends; both count from the start of input.
            b.v1HashesOffset = hashesString.span().orElseThrow().end() - hashesString.length() - span.offset();
        }
        if (v2) {
            b.pieceLayers = verifyPieceLayers(pieceLayers, entries, (int) pieceLength);
        }
        b.infoBytes = infoBytes;
        b.infoHashes = hashes;
        b.name = name;
        b.pieceLength = (int) pieceLength;
        b.pieceCount = (int) pieces;
        b.totalSize = totalSize;
        b.files = entries;
        b.isPrivate = info.getLong("private").orElse(0L) == 1;
        b.similar.addAll(readSimilar(info));
        b.collections.addAll(readStrings(info.getList("collections")));
        return b;
    }

    // ---- v1 file lists -------------------------------------------------------------------

    private List<RawFile> readV1Files(BDictionary info, String name) {
        Optional<BValue> filesValue = info.get("files");
        if (filesValue.isEmpty()) {
            RawFile single = readFileDict(info, List.of(), true, name);
            return List.of(single);
        }
        if (!(filesValue.get() instanceof BList list)) {
            throw new InvalidMetainfoException(Reason.FILE_PARSE_FAILED, "'files' is not a list");
        }
        if (list.size() == 0) {
            throw new InvalidMetainfoException(Reason.NO_FILES, "");
        }
        if (list.size() > limits.maxFiles()) {
            throw new InvalidMetainfoException(Reason.TOO_MANY_FILES,
                    list.size() + " files, limit " + limits.maxFiles());
        }
        List<RawFile> files = new ArrayList<>(list.size());
        for (BValue v : list.values()) {
            if (!(v instanceof BDictionary dict)) {
                throw new InvalidMetainfoException(Reason.FILE_PARSE_FAILED, "a file entry is not a dictionary");
            }
            files.add(readFileDict(dict, List.of(name), false, name));
        }
        return files;
    }

    /** One v1 file dictionary; the single-file form takes its name from {@code name}. */
    private RawFile readFileDict(BDictionary dict, List<String> root, boolean topLevel, String name) {
        String attr = dict.getString("attr").map(BString::asUtf8).orElse("");
        boolean symlink = attr.indexOf('l') >= 0;
        boolean pad = attr.indexOf('p') >= 0;
        long size = symlink ? 0 : dict.getLong("length").orElse(-1L);
        checkSize(size);
        List<String> path = new ArrayList<>(root);
        if (topLevel) {
            path.add(name);
        } else {
            Optional<BList> components = dict.getList("path.utf-8").or(() -> dict.getList("path"));
            if (components.isEmpty() || components.get().size() == 0) {
                if (!pad) {
                    throw new InvalidMetainfoException(Reason.MISSING_NAME, "a file has no path");
                }
                // libtorrent files an unnamed pad file at the top level, outside the torrent's
                // directory; it is never written, so the place is only a name.
                path = new ArrayList<>(List.of(PAD_DIRECTORY, Long.toString(size)));
            } else {
                appendSanitized(path, components.get());
                if (path.size() == root.size()) {
                    path.add("_");
                }
            }
        }
        if (!pad && path.get(path.size() - 1).startsWith(LEGACY_PAD_PREFIX)) {
            pad = true; // BitComet's pad files predate BEP 47's attribute
        }
        Optional<String> target = Optional.empty();
        if (symlink) {
            target = Optional.of(readSymlinkTarget(dict, topLevel ? List.of() : List.of(name)));
        }
        return new RawFile(path, size, pad, attr.indexOf('x') >= 0, attr.indexOf('h') >= 0, target, null);
    }

    private String readSymlinkTarget(BDictionary dict, List<String> root) {
        BList components = dict.getList("symlink path").orElseThrow(
                () -> new InvalidMetainfoException(Reason.INVALID_NAME, "a symlink has no target"));
        List<String> target = new ArrayList<>(root);
        appendSanitized(target, components);
        return String.join("/", target);
    }

    private void appendSanitized(List<String> path, BList components) {
        if (components.size() > limits.maxPathDepth()) {
            throw new InvalidMetainfoException(Reason.PATH_TOO_DEEP,
                    components.size() + " components, limit " + limits.maxPathDepth());
        }
        for (BValue c : components.values()) {
            if (!(c instanceof BString s)) {
                throw new InvalidMetainfoException(Reason.INVALID_NAME, "a path component is not a string");
            }
            sanitizer.sanitize(s.toByteArray()).ifPresent(path::add);
        }
    }

    private static void checkSize(long size) {
        if (size < 0 || size / Merkle.BLOCK_SIZE >= MAX_V2_BLOCKS || size > MAX_FILE_SIZE) {
            throw new InvalidMetainfoException(Reason.INVALID_LENGTH, "file length " + size);
        }
    }

    // ---- v2 file trees (BEP 52) ----------------------------------------------------------

    /** Walks a v2 {@code file tree} depth first, in key order. */
    private final class V2FileTree {
        private final List<RawFile> files = new ArrayList<>();
        private final String name;
        private final boolean single;

        V2FileTree(BDictionary info, String name) {
            this.name = name;
            BDictionary tree = info.getDictionary("file tree").orElseThrow(
                    () -> new InvalidMetainfoException(Reason.FILE_PARSE_FAILED, "no 'file tree'"));
            single = tree.size() == 1 && isFile(tree.asMap().values().iterator().next());
            walk(tree, single ? new ArrayList<>() : new ArrayList<>(List.of(name)), 0);
            if (files.isEmpty()) {
                throw new InvalidMetainfoException(Reason.NO_FILES, "");
            }
        }

        List<RawFile> files() {
            return files;
        }

        private boolean isFile(BValue node) {
            return node instanceof BDictionary d && d.size() == 1
                    && d.get("").filter(BDictionary.class::isInstance).isPresent();
        }

        private void walk(BDictionary dir, List<String> path, int depth) {
            if (depth > limits.maxPathDepth()) {
                throw new InvalidMetainfoException(Reason.PATH_TOO_DEEP, "file tree deeper than " + limits.maxPathDepth());
            }
            for (Map.Entry<BString, BValue> e : dir.asMap().entrySet()) {
                if (e.getKey().length() == 0 || !(e.getValue() instanceof BDictionary child)) {
                    throw new InvalidMetainfoException(Reason.FILE_PARSE_FAILED,
                            "malformed file tree entry '" + e.getKey() + "'");
                }
                List<String> childPath = new ArrayList<>(path);
                sanitizer.sanitize(e.getKey().toByteArray()).ifPresent(childPath::add);
                if (isFile(child)) {
                    if (childPath.size() == path.size()) {
                        childPath.add("_");
                    }
                    files.add(readLeaf(child.getDictionary("").orElseThrow(), childPath));
                    if (files.size() > limits.maxFiles()) {
                        throw new InvalidMetainfoException(Reason.TOO_MANY_FILES, "limit " + limits.maxFiles());
                    }
                } else {
                    walk(child, childPath, depth + 1);
                }
            }
        }

        private RawFile readLeaf(BDictionary leaf, List<String> path) {
            String attr = leaf.getString("attr").map(BString::asUtf8).orElse("");
            if (attr.indexOf('p') >= 0) {
                throw new InvalidMetainfoException(Reason.INVALID_PAD_FILE, String.join("/", path));
            }
            boolean symlink = attr.indexOf('l') >= 0;
            long size = symlink ? 0 : leaf.getLong("length").orElse(-1L);
            checkSize(size);
            Optional<String> target = Optional.empty();
            Sha256Hash root = null;
            if (symlink) {
                target = Optional.of(readSymlinkTarget(leaf, single ? List.of() : List.of(name)));
            } else if (size > 0) {
                byte[] r = leaf.getString("pieces root").filter(s -> s.length() == Sha256Hash.LENGTH)
                        .map(BString::toByteArray)
                        .orElseThrow(() -> new InvalidMetainfoException(Reason.MISSING_PIECES_ROOT,
                                String.join("/", path)));
                if (Merkle.isZero(r)) {
                    throw new InvalidMetainfoException(Reason.MISSING_PIECES_ROOT,
                            "all-zero root for " + String.join("/", path));
                }
                root = Sha256Hash.of(r);
            }
            return new RawFile(path, size, false, attr.indexOf('x') >= 0, attr.indexOf('h') >= 0, target, root);
        }
    }

    /**
     * A hybrid torrent's v1 list is its file list (with its pad files); it must name the same
     * files as the v2 tree, in order, each starting on a piece boundary (BEP 52).
     */
    private static List<RawFile> mergeHybrid(List<RawFile> v1Files, List<RawFile> v2Files, long pieceLength,
                                             String name) {
        List<RawFile> merged = new ArrayList<>(v1Files.size());
        int next = 0;
        long offset = 0;
        for (RawFile f : v1Files) {
            if (f.pad) {
                // Whatever the v1 list called it, a hybrid's pad file gets libtorrent's
                // canonical name: it is never written, so the name is only for display.
                merged.add(padFile(name, f.size));
                offset += f.size;
                continue;
            }
            if (next >= v2Files.size()) {
                throw new InvalidMetainfoException(Reason.INCONSISTENT_FILES, "v1 lists more files than v2");
            }
            RawFile v2 = v2Files.get(next++);
            if (!withinTorrent(v2.path, name).equals(withinTorrent(f.path, name)) || v2.size != f.size
                    || v2.symlinkTarget.isPresent() != f.symlinkTarget.isPresent()) {
                throw new InvalidMetainfoException(Reason.INCONSISTENT_FILES,
                        "v1 '" + String.join("/", f.path) + "' (" + f.size + ") vs v2 '"
                                + String.join("/", v2.path) + "' (" + v2.size + ")");
            }
            if (f.size > 0 && offset % pieceLength != 0) {
                throw new InvalidMetainfoException(Reason.INCONSISTENT_FILES,
                        "'" + String.join("/", f.path) + "' does not start on a piece boundary");
            }
            // v1's path (libtorrent keeps it: a folder of one file stays a folder), v2's root.
            merged.add(new RawFile(f.path, f.size, false, f.executable, f.hidden, f.symlinkTarget, v2.piecesRoot));
            offset += f.size;
        }
        if (next != v2Files.size()) {
            throw new InvalidMetainfoException(Reason.INCONSISTENT_FILES, "v2 lists more files than v1");
        }
        return merged;
    }

    /**
     * A file's path below the torrent: without the torrent's directory for a multi-file layout
     * (v1 {@code name/dir/file}, v2 {@code name/dir/file}), as it is for a single file. A hybrid
     * made from a folder of one file is multi-file in v1 and single-file in v2; libtorrent
     * accepts it, and so do we.
     */
    private static List<String> withinTorrent(List<String> path, String name) {
        return path.size() > 1 && path.get(0).equals(name) ? path.subList(1, path.size()) : path;
    }

    /** A v2-only torrent aligns every file to a piece with implied pad files, as libtorrent does. */
    private static List<RawFile> withV2Padding(List<RawFile> files, long pieceLength, String name) {
        List<RawFile> out = new ArrayList<>(files.size() * 2);
        for (RawFile f : files) {
            out.add(f);
            long tail = f.size % pieceLength;
            if (tail != 0) {
                long padSize = pieceLength - tail;
                out.add(padFile(name, padSize));
            }
        }
        return out;
    }

    private static RawFile padFile(String name, long size) {
        return new RawFile(List.of(name, PAD_DIRECTORY, Long.toString(size)), size, true, false, false,
                Optional.empty(), null);
    }

    // ---- layout, piece layers -------------------------------------------------------------

    private List<FileEntry> layOut(List<RawFile> files) {
        if (files.size() > limits.maxFiles()) {
            throw new InvalidMetainfoException(Reason.TOO_MANY_FILES, files.size() + " files, limit " + limits.maxFiles());
        }
        List<List<String>> paths = new ArrayList<>(files.size());
        boolean[] pads = new boolean[files.size()];
        for (int i = 0; i < files.size(); i++) {
            paths.add(files.get(i).path);
            pads[i] = files.get(i).pad;
        }
        new DuplicatePathResolver(limits.maxDuplicateCollisions(), rules).resolve(paths, pads);
        List<Optional<String>> targets = SymlinkTargets.resolve(paths,
                files.stream().map(RawFile::symlinkTarget).toList());
        List<FileEntry> entries = new ArrayList<>(files.size());
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            RawFile f = files.get(i);
            entries.add(new FileEntry(paths.get(i), f.size, offset, f.pad, f.executable, f.hidden,
                    targets.get(i), Optional.ofNullable(f.piecesRoot)));
            offset += f.size;
            if (offset > MAX_FILE_SIZE) {
                throw new InvalidMetainfoException(Reason.INVALID_LENGTH, "the torrent is larger than 2^48 bytes");
            }
        }
        return List.copyOf(entries);
    }

    /**
     * Checks every piece layer against its file (BEP 52): keyed by a root of a file larger than
     * one piece, one hash per piece, and hashing up to that root. A file without a layer is
     * allowed (its layer can come from peers, as with a magnet link).
     */
    private static Map<Sha256Hash, byte[]> verifyPieceLayers(Optional<BDictionary> layers,
                                                           List<FileEntry> files, int pieceLength) {
        Map<Sha256Hash, Long> sizes = new LinkedHashMap<>();
        for (FileEntry f : files) {
            f.piecesRoot().ifPresent(r -> sizes.put(r, f.size()));
        }
        Map<Sha256Hash, byte[]> verified = new LinkedHashMap<>();
        if (layers.isEmpty()) {
            return verified;
        }
        for (Map.Entry<BString, BValue> e : layers.get().asMap().entrySet()) {
            if (e.getKey().length() != Sha256Hash.LENGTH || !(e.getValue() instanceof BString layer)) {
                throw new InvalidMetainfoException(Reason.INVALID_PIECE_LAYER, "malformed piece layer entry");
            }
            Sha256Hash root = Sha256Hash.of(e.getKey().toByteArray());
            Long size = sizes.get(root);
            if (size == null || size <= pieceLength) {
                throw new InvalidMetainfoException(Reason.INVALID_PIECE_LAYER,
                        "piece layer " + root + " belongs to no file larger than a piece");
            }
            long expected = (size + pieceLength - 1) / pieceLength * Sha256Hash.LENGTH;
            if (layer.length() != expected) {
                throw new InvalidMetainfoException(Reason.INVALID_PIECE_LAYER,
                        "piece layer of " + layer.length() + " bytes, expected " + expected);
            }
            byte[] bytes = layer.toByteArray();
            if (!Arrays.equals(Merkle.rootOfLayer(bytes, pieceLength / Merkle.BLOCK_SIZE),
                    root.toByteArray())) {
                throw new InvalidMetainfoException(Reason.INVALID_PIECE_LAYER,
                        "piece layer does not hash to its root " + root);
            }
            verified.put(root, bytes);
        }
        return verified;
    }

    // ---- fields outside the file list -----------------------------------------------------

    private void readTopLevel(BDictionary root, TorrentInfo.Builder b) {
        b.trackers = readTrackers(root);
        boolean multiFile = b.files.stream().filter(f -> !f.pad()).count() > 1;
        b.webSeeds = WebSeedUrls.normalize(readUrlList(root.get("url-list")), multiFile);
        b.httpSeeds = WebSeedUrls.normalize(readUrlList(root.get("httpseeds")), false);
        b.nodes = readNodes(root);
        // A date outside what Instant holds is as good as none (a fuzzer found the crash).
        b.creationDate = root.getLong("creation date")
                .filter(t -> t > 0 && t <= Instant.MAX.getEpochSecond()).map(Instant::ofEpochSecond);
        b.comment = root.getString("comment.utf-8").or(() -> root.getString("comment")).map(BString::asUtf8);
        b.createdBy = root.getString("created by.utf-8").or(() -> root.getString("created by")).map(BString::asUtf8);
        b.similar.addAll(readSimilar(root));
        b.collections.addAll(readStrings(root.getList("collections")));
    }

    private static List<List<String>> readTrackers(BDictionary root) {
        List<List<String>> tiers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        root.getList("announce-list").ifPresent(list -> {
            for (BValue tierValue : list.values()) {
                if (!(tierValue instanceof BList tier)) {
                    continue;
                }
                List<String> urls = new ArrayList<>();
                for (String url : readStrings(Optional.of(tier))) {
                    String trimmed = url.strip();
                    if (!trimmed.isEmpty() && seen.add(trimmed)) {
                        urls.add(trimmed);
                    }
                }
                if (!urls.isEmpty()) {
                    tiers.add(List.copyOf(urls));
                }
            }
        });
        if (tiers.isEmpty()) {
            // BEP 12: announce-list, when present and usable, replaces announce.
            root.getString("announce").map(s -> s.asUtf8().strip()).filter(s -> !s.isEmpty())
                    .ifPresent(url -> tiers.add(List.of(url)));
        }
        return List.copyOf(tiers);
    }

    private static List<String> readUrlList(Optional<BValue> value) {
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof BString s) {
            return List.of(s.asUtf8());
        }
        if (value.get() instanceof BList l) {
            return readStrings(Optional.of(l));
        }
        return List.of();
    }

    private static List<DhtNode> readNodes(BDictionary root) {
        List<DhtNode> nodes = new ArrayList<>();
        root.getList("nodes").ifPresent(list -> {
            for (BValue v : list.values()) {
                if (v instanceof BList pair && pair.size() == 2 && pair.get(0) instanceof BString host
                        && pair.get(1) instanceof BInteger port && host.length() > 0
                        && port.value() > 0 && port.value() <= 65535) {
                    nodes.add(new DhtNode(host.asUtf8(), (int) port.value()));
                }
            }
        });
        return List.copyOf(nodes);
    }

    private static List<Sha1Hash> readSimilar(BDictionary dict) {
        List<Sha1Hash> out = new ArrayList<>();
        dict.getList("similar").ifPresent(list -> {
            for (BValue v : list.values()) {
                if (v instanceof BString s && s.length() == Sha1Hash.LENGTH) {
                    out.add(Sha1Hash.of(s.toByteArray()));
                }
            }
        });
        return out;
    }

    private static List<String> readStrings(Optional<BList> list) {
        List<String> out = new ArrayList<>();
        list.ifPresent(l -> {
            for (BValue v : l.values()) {
                if (v instanceof BString s) {
                    out.add(s.asUtf8());
                }
            }
        });
        return out;
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /** A file as read, before duplicates are renamed and offsets assigned. */
    private record RawFile(List<String> path, long size, boolean pad, boolean executable, boolean hidden,
                           Optional<String> symlinkTarget, Sha256Hash piecesRoot) {
    }

}
