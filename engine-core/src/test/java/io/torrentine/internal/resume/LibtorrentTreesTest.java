package io.torrentine.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.internal.resume.LibtorrentTrees.Outcome;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import io.torrentine.session.InvalidResumeDataException;
import io.torrentine.session.InvalidResumeDataException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libtorrent's {@code trees} resume key (BEP 52 merkle trees): every form libtorrent 2.0.8 writes
 * gives back the file's piece layer, checked against its root; trees that cannot give one are
 * skipped with their outcome, malformed ones refused; what we write is libtorrent's piece-layer
 * form. The trees here are built independently of the code under test: SHA-256 of each 16 KiB
 * block of the real files, padded with zero leaves, in libtorrent's flat order.
 */
class LibtorrentTreesTest {
    private static final int BLOCK = 16 * 1024;

    @TempDir
    static Path dir;
    /** {@link ResumeFixtures#SIZES} in 32 KiB pieces: two blocks a piece. */
    static TorrentInfo v2;
    static List<byte[][]> trees;

    @BeforeAll
    static void makeTorrent() throws IOException {
        v2 = ResumeFixtures.torrent(dir.resolve("v2"), TorrentVersion.V2);
        trees = treesOf(v2, dir.resolve("v2"));
    }

    // ---- reading every form libtorrent writes ---------------------------------------------

    @Test
    void aFinishedDownloadsBlockLayerGivesThePieceLayer() {
        // libtorrent 2.0.8 after a download: the block layer of each file, every block verified.
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> entry(file, tree, leaves(tree, file), true)), v2);
        assertRecoveredEveryLayer(v2, r);
    }

    @Test
    void aTorrentAddedFromItsFileGivesItsPieceLayer() {
        // libtorrent 2.0.8 for a torrent added from a .torrent and not downloaded yet.
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> entry(file, tree,
                pieceNodes(tree, file), false)), v2);
        assertRecoveredEveryLayer(v2, r);
    }

    @Test
    void aWholeTreeWithoutMaskGivesThePieceLayer() {
        // The older form read by libtorrent's load_tree: every node, root first, no mask.
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) ->
                BDictionary.builder().put("hashes", concat(tree, i -> true)).build()), v2);
        assertRecoveredEveryLayer(v2, r);
    }

    @Test
    void piecesComeFromPieceNodesBlocksOrInnerNodesMixed() {
        // A download in progress that has every piece one way or another: piece nodes for even
        // pieces, the blocks of odd ones, and for the big file one node between the two layers.
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> {
            Geometry g = new Geometry(tree, file, v2.pieceLength());
            boolean[] mask = new boolean[tree.length];
            for (int p = 0; p < g.pieces; p++) {
                if (p % 2 == 0) {
                    mask[g.pieceStart + p] = true;
                } else {
                    for (int b = p * g.blocksPerPiece; b < Math.min(g.blocks, (p + 1) * g.blocksPerPiece); b++) {
                        mask[g.leafStart + b] = true;
                    }
                }
            }
            mask[0] = true; // the root, as libtorrent keeps it: above the piece layer, not used
            return entry(file, tree, mask, false);
        }), v2);
        assertRecoveredEveryLayer(v2, r);
    }

    @Test
    void theLastPieceMayHaveFewerBlocksThanAPiece() throws IOException {
        // 64 KiB pieces (4 blocks) over 5 blocks: the last piece is one block and three of padding.
        Path content = dir.resolve("odd").resolve("content");
        Files.createDirectories(content);
        byte[] bytes = new byte[4 * BLOCK + 100];
        new Random(3).nextBytes(bytes);
        Files.write(content.resolve("f"), bytes);
        Files.write(content.resolve("g"), new byte[10]); // two files: a v2 tree of one is named after it
        TorrentInfo t = TorrentInfo.parse(TorrentCreator.builder(content).version(TorrentVersion.V2)
                .pieceSize(4 * BLOCK).build().create().bytes());
        List<byte[][]> oddTrees = treesOf(t, dir.resolve("odd"));
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(t, oddTrees, (file, tree) -> entry(file, tree, leaves(tree, file), true)), t);
        assertRecoveredEveryLayer(t, r);
    }

    @Test
    void onePieceBlockTorrentsHaveTheBlockLayerAsPieceLayer() throws IOException {
        // 16 KiB pieces: the piece layer is the block layer (libtorrent's block-layer mode).
        TorrentInfo t = TorrentInfo.parse(TorrentCreator.builder(dir.resolve("v2").resolve("content"))
                .version(TorrentVersion.V2).pieceSize(BLOCK).build().create().bytes());
        List<byte[][]> small = treesOf(t, dir.resolve("v2"));
        assertRecoveredEveryLayer(t, LibtorrentTrees.read(list(t, small, (file, tree) -> entry(file, tree, leaves(tree, file), true)), t));
        // And what we write for it reads back.
        assertRecoveredEveryLayer(t, LibtorrentTrees.read(LibtorrentTrees.write(t, Long.MAX_VALUE).orElseThrow(), t));
    }

    // ---- trees that give no layer ---------------------------------------------------------

    @Test
    void aTreeMissingAPieceIsIncomplete() {
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> {
            boolean[] mask = pieceNodes(tree, file);
            Geometry g = new Geometry(tree, file, v2.pieceLength());
            mask[g.pieceStart + g.pieces - 1] = false;
            return entry(file, tree, mask, false);
        }), v2);
        assertOutcomes(r, Outcome.INCOMPLETE);
        assertThat(r.layers()).isEmpty();
    }

    @Test
    void emptyEntriesAndAllZeroMasksAreIncomplete() {
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> entry(file, tree, new boolean[tree.length], true)), v2);
        assertOutcomes(r, Outcome.INCOMPLETE);
        LibtorrentTrees.Result empty = LibtorrentTrees.read(list(v2, (file, tree) ->
                BDictionary.builder().put("hashes", new byte[0]).put("mask", "").build()), v2);
        assertOutcomes(empty, Outcome.INCOMPLETE);
    }

    @Test
    void fewerHashesThanTheMaskMarksLeaveTheRestUnknown() {
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> {
            BDictionary e = entry(file, tree, pieceNodes(tree, file), false);
            byte[] hashes = e.getString("hashes").orElseThrow().toByteArray();
            return BDictionary.builder().put("hashes", Arrays.copyOf(hashes, hashes.length - 32))
                    .put("mask", e.getString("mask").orElseThrow()).build();
        }), v2);
        assertOutcomes(r, Outcome.INCOMPLETE);
    }

    @Test
    void aWrongBlockHashIsAMismatchAndIgnored() {
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> {
            byte[][] bad = copy(tree);
            Geometry g = new Geometry(tree, file, v2.pieceLength());
            bad[g.leafStart + 1][0] ^= 1;
            return entry(file, bad, leaves(bad, file), true);
        }), v2);
        assertOutcomes(r, Outcome.ROOT_MISMATCH);
        assertThat(r.layers()).isEmpty();
    }

    @Test
    void aGivenPieceNodeWinsOverUnverifiedBlocksBelowIt() {
        // libtorrent stores a downloaded block's hash before it can verify it; the piece node,
        // stored only once verified, is what counts.
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> {
            byte[][] bad = copy(tree);
            Geometry g = new Geometry(tree, file, v2.pieceLength());
            bad[g.leafStart][0] ^= 1;
            boolean[] mask = leaves(bad, file);
            mask[g.pieceStart] = true;
            return entry(file, bad, mask, false);
        }), v2);
        assertRecoveredEveryLayer(v2, r);
    }

    @Test
    void aWholeTreeOfTheWrongSizeOrRootIsIgnored() {
        LibtorrentTrees.Result shorter = LibtorrentTrees.read(list(v2, (file, tree) ->
                BDictionary.builder().put("hashes", concat(tree, i -> i > 0)).build()), v2);
        assertOutcomes(shorter, Outcome.WRONG_SIZE);
        LibtorrentTrees.Result wrong = LibtorrentTrees.read(list(v2, (file, tree) -> {
            byte[][] bad = copy(tree);
            bad[new Geometry(tree, file, v2.pieceLength()).pieceStart][5] ^= 1;
            return BDictionary.builder().put("hashes", concat(bad, i -> true)).build();
        }), v2);
        assertOutcomes(wrong, Outcome.ROOT_MISMATCH);
    }

    @Test
    void aMaskLongerThanTheTreeIsReadUpToTheTree() {
        // libtorrent's load_sparse_tree tolerates it ("perhaps there is a bug" in its writer).
        LibtorrentTrees.Result r = LibtorrentTrees.read(list(v2, (file, tree) -> {
            boolean[] mask = Arrays.copyOf(pieceNodes(tree, file), tree.length + 40);
            BDictionary e = entry(file, tree, Arrays.copyOf(mask, tree.length), false);
            StringBuilder text = new StringBuilder();
            for (boolean b : mask) {
                text.append(b ? '1' : '0');
            }
            return BDictionary.builder().put("hashes", e.getString("hashes").orElseThrow())
                    .put("mask", text.toString() + "1111").build();
        }), v2);
        assertRecoveredEveryLayer(v2, r);
    }

    @Test
    void filesWithoutALayerNeedNoEntryWhateverItHolds() {
        List<BValue> junk = new ArrayList<>();
        for (FileEntry f : v2.files()) {
            junk.add(BDictionary.builder().put("hashes", new byte[64]).put("mask", "11").build());
        }
        LibtorrentTrees.Result r = LibtorrentTrees.read(BList.of(junk), v2);
        for (int i = 0; i < v2.files().size(); i++) {
            FileEntry f = v2.files().get(i);
            if (f.pad() || f.size() <= v2.pieceLength()) {
                assertThat(r.outcomes().get(i)).as(f.path()).isEqualTo(Outcome.NOT_NEEDED);
            } else {
                assertThat(r.outcomes().get(i)).as(f.path()).isNotEqualTo(Outcome.RECOVERED);
            }
        }
    }

    @Test
    void fewerEntriesThanFilesReadTheFilesTheyCover() {
        BList all = list(v2, (file, tree) -> entry(file, tree, leaves(tree, file), true));
        LibtorrentTrees.Result r = LibtorrentTrees.read(BList.of(all.values().subList(0, 1)), v2);
        assertThat(r.outcomes()).containsExactly(Outcome.RECOVERED);
        assertThat(r.layers()).containsOnlyKeys(v2.files().get(0).piecesRoot().orElseThrow());
    }

    // ---- malformed trees are refused -------------------------------------------------------

    @Test
    void malformedEntriesAreRefused() {
        refused(BList.of(List.of(BString.of("x"))), Reason.INVALID_FIELD, "trees[0]: not a dictionary");
        refused(entries(BDictionary.builder().put("mask", "1").build()), Reason.INVALID_FIELD, "no hashes");
        refused(entries(BDictionary.builder().put("hashes", 5L).build()), Reason.INVALID_FIELD, "hashes is not a string");
        refused(entries(BDictionary.builder().put("hashes", new byte[33]).build()), Reason.INVALID_FIELD, "whole 32-byte nodes");
        refused(entries(BDictionary.builder().put("hashes", new byte[32]).put("mask", "012").build()),
                Reason.INVALID_FIELD, "mask holds a character other than");
        refused(entries(BDictionary.builder().put("hashes", new byte[32]).put("verified", "1x").build()),
                Reason.INVALID_FIELD, "verified holds a character other than");
        refused(entries(BDictionary.builder().put("hashes", new byte[32]).put("mask", BList.of(List.of())).build()),
                Reason.INVALID_FIELD, "mask is not a string");
        List<BValue> tooMany = new ArrayList<>();
        for (int i = 0; i <= v2.files().size(); i++) {
            tooMany.add(BDictionary.builder().put("hashes", new byte[0]).build());
        }
        refused(BList.of(tooMany), Reason.FILE_COUNT_MISMATCH, "entries for");
    }

    // ---- writing ---------------------------------------------------------------------------

    @Test
    void writesLibtorrentsPieceLayerForm() {
        BList written = LibtorrentTrees.write(v2, Long.MAX_VALUE).orElseThrow();
        assertThat(written.size()).as("one entry per file, pad files included").isEqualTo(v2.files().size());
        for (int i = 0; i < v2.files().size(); i++) {
            FileEntry f = v2.files().get(i);
            BDictionary e = (BDictionary) written.get(i);
            if (f.pad() || f.size() <= v2.pieceLength()) {
                assertThat(BencodeEncoder.encode(e)).asString().isEqualTo("d6:hashes0:e");
                continue;
            }
            byte[][] tree = trees.get(i);
            Geometry g = new Geometry(tree, f, v2.pieceLength());
            StringBuilder mask = new StringBuilder("0".repeat(tree.length));
            for (int p = 0; p < g.pieces; p++) {
                mask.setCharAt(g.pieceStart + p, '1');
            }
            assertThat(e.keys()).extracting(BString::asUtf8).containsExactly("hashes", "mask");
            assertThat(e.getString("mask").orElseThrow().asUtf8()).isEqualTo(mask.toString());
            assertThat(e.getString("hashes").orElseThrow().toByteArray())
                    .isEqualTo(v2.pieceLayer(f.piecesRoot().orElseThrow()).orElseThrow());
        }
        // The 200,000-byte file: 13 blocks in a tree of 16 leaves (31 nodes), 7 pieces from node 7,
        // as libtorrent 2.0.8 writes it (measured: 300,000 bytes gave 15 zeros, 10 ones, 38 zeros).
        BDictionary first = (BDictionary) written.get(0);
        assertThat(first.getString("mask").orElseThrow().asUtf8()).isEqualTo("0000000" + "1111111" + "0".repeat(17));
        assertRecoveredEveryLayer(v2, LibtorrentTrees.read(written, v2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 40, 100, 500, 1_000, 100_000})
    void writesOnlyWhatTheBudgetHolds(int budget) {
        BList all = LibtorrentTrees.write(v2, Long.MAX_VALUE).orElseThrow();
        long full = BencodeEncoder.encodedLength(all);
        var written = LibtorrentTrees.write(v2, budget);
        if (written.isEmpty()) {
            assertThat(budget).isLessThan((int) full);
            return;
        }
        assertThat(BencodeEncoder.encodedLength(written.get())).isLessThanOrEqualTo(budget);
        assertThat(written.get().size()).isEqualTo(v2.files().size());
        LibtorrentTrees.Result r = LibtorrentTrees.read(written.get(), v2);
        assertThat(r.outcomes()).doesNotContain(Outcome.ROOT_MISMATCH, Outcome.WRONG_SIZE);
        if (budget >= full) {
            assertThat(written.get()).isEqualTo(all);
        }
    }

    @Test
    void aTorrentWithoutLayersWritesNoTrees() {
        TorrentInfo withoutLayers = TorrentInfo.fromInfoDictionary(v2.infoDictionary(), v2.infoHashes());
        assertThat(LibtorrentTrees.write(withoutLayers, Long.MAX_VALUE)).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Builds one entry per file from its tree; files without a layer get libtorrent's empty entry. */
    private interface EntryMaker {
        BDictionary make(FileEntry file, byte[][] tree);
    }

    private static BList list(TorrentInfo t, EntryMaker maker) {
        return list(t, trees, maker);
    }

    private static BList list(TorrentInfo t, List<byte[][]> fileTrees, EntryMaker maker) {
        List<BValue> entries = new ArrayList<>();
        for (int i = 0; i < t.files().size(); i++) {
            FileEntry f = t.files().get(i);
            entries.add(f.pad() || f.size() <= t.pieceLength()
                    ? BDictionary.builder().put("hashes", new byte[0]).build()
                    : maker.make(f, fileTrees.get(i)));
        }
        return BList.of(entries);
    }

    private static BList entries(BDictionary first) {
        return BList.of(List.of(first));
    }

    /** An entry of the marked nodes, as libtorrent's write_resume_data writes it. */
    private static BDictionary entry(FileEntry file, byte[][] tree, boolean[] mask, boolean allVerified) {
        StringBuilder text = new StringBuilder();
        for (boolean b : mask) {
            text.append(b ? '1' : '0');
        }
        BDictionary.Builder e = BDictionary.builder().put("hashes", concat(tree, i -> mask[i])).put("mask", text.toString());
        int blocks = (int) ((file.size() + BLOCK - 1) / BLOCK);
        e.put("verified", (allVerified ? "1" : "0").repeat(blocks));
        return e.build();
    }

    private static boolean[] leaves(byte[][] tree, FileEntry file) {
        Geometry g = new Geometry(tree, file, v2.pieceLength());
        boolean[] mask = new boolean[tree.length];
        Arrays.fill(mask, g.leafStart, g.leafStart + g.blocks, true);
        return mask;
    }

    private static boolean[] pieceNodes(byte[][] tree, FileEntry file) {
        Geometry g = new Geometry(tree, file, v2.pieceLength());
        boolean[] mask = new boolean[tree.length];
        Arrays.fill(mask, g.pieceStart, g.pieceStart + g.pieces, true);
        return mask;
    }

    private static byte[] concat(byte[][] tree, IntPredicate keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < tree.length; i++) {
            if (keep.test(i)) {
                out.writeBytes(tree[i]);
            }
        }
        return out.toByteArray();
    }

    private static byte[][] copy(byte[][] tree) {
        byte[][] out = new byte[tree.length][];
        for (int i = 0; i < tree.length; i++) {
            out[i] = tree[i].clone();
        }
        return out;
    }

    /** Where the layers of one file's flat tree are. */
    private record Geometry(int blocks, int blocksPerPiece, int pieces, int leafStart, int pieceStart) {
        Geometry(byte[][] tree, FileEntry file, int pieceLength) {
            this((int) ((file.size() + BLOCK - 1) / BLOCK), pieceLength / BLOCK,
                    (int) ((file.size() + pieceLength - 1) / pieceLength), (tree.length + 1) / 2 - 1,
                    ((tree.length + 1) / 2) / (pieceLength / BLOCK) - 1);
        }
    }

    /** Every file's full tree in libtorrent's flat order, or null for files without a layer. */
    private static List<byte[][]> treesOf(TorrentInfo t, Path parent) throws IOException {
        List<byte[][]> out = new ArrayList<>();
        for (FileEntry f : t.files()) {
            if (f.pad() || f.size() <= t.pieceLength()) {
                out.add(null);
                continue;
            }
            byte[] bytes = Files.readAllBytes(parent.resolve(f.path()));
            byte[][] tree = fullTree(bytes);
            assertThat(tree[0]).as("our tree of %s has the torrent's root", f.path())
                    .isEqualTo(f.piecesRoot().orElseThrow().toByteArray());
            out.add(tree);
        }
        return out;
    }

    private static byte[][] fullTree(byte[] file) {
        int blocks = (file.length + BLOCK - 1) / BLOCK;
        int leaves = Integer.highestOneBit(blocks - 1) << 1;
        byte[][] nodes = new byte[2 * leaves - 1][];
        for (int i = 0; i < leaves; i++) {
            nodes[leaves - 1 + i] = i < blocks
                    ? sha256(Arrays.copyOfRange(file, i * BLOCK, Math.min(file.length, (i + 1) * BLOCK)))
                    : new byte[32];
        }
        for (int i = leaves - 2; i >= 0; i--) {
            byte[] pair = new byte[64];
            System.arraycopy(nodes[2 * i + 1], 0, pair, 0, 32);
            System.arraycopy(nodes[2 * i + 2], 0, pair, 32, 32);
            nodes[i] = sha256(pair);
        }
        return nodes;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRecoveredEveryLayer(TorrentInfo t, LibtorrentTrees.Result r) {
        assertThat(r.outcomes()).hasSize(t.files().size());
        int expected = 0;
        for (int i = 0; i < t.files().size(); i++) {
            FileEntry f = t.files().get(i);
            if (f.pad() || f.size() <= t.pieceLength()) {
                assertThat(r.outcomes().get(i)).as(f.path()).isEqualTo(Outcome.NOT_NEEDED);
                continue;
            }
            Sha256Hash root = f.piecesRoot().orElseThrow();
            assertThat(r.outcomes().get(i)).as(f.path()).isEqualTo(Outcome.RECOVERED);
            assertThat(r.layers().get(root)).as(f.path()).isEqualTo(t.pieceLayer(root).orElseThrow());
            expected++;
        }
        assertThat(expected).as("the fixture has files of several pieces").isPositive();
        assertThat(r.layers()).hasSize(expected);
    }

    /** Files that need a layer have {@code outcome}; the others NOT_NEEDED. */
    private static void assertOutcomes(LibtorrentTrees.Result r, Outcome outcome) {
        for (int i = 0; i < v2.files().size(); i++) {
            FileEntry f = v2.files().get(i);
            assertThat(r.outcomes().get(i)).as(f.path())
                    .isEqualTo(f.pad() || f.size() <= v2.pieceLength() ? Outcome.NOT_NEEDED : outcome);
        }
    }

    private static void refused(BList list, Reason reason, String message) {
        assertThatThrownBy(() -> LibtorrentTrees.read(list, v2)).isInstanceOfSatisfying(InvalidResumeDataException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
