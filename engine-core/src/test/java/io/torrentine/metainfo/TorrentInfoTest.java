package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import io.torrentine.bencode.BencodeLimits;
import io.torrentine.metainfo.InvalidMetainfoException.Reason;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TorrentInfoTest {

    private static BDictionary.Builder v1Info(long... sizes) {
        long total = 0;
        List<BValue> files = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            total += sizes[i];
            files.add(BDictionary.builder().put("length", sizes[i])
                    .put("path", BList.of(BString.of("f" + i))).build());
        }
        int pieces = (int) ((total + 16383) / 16384);
        return BDictionary.builder().put("name", "t").put("piece length", 16384)
                .put("pieces", new byte[pieces * 20]).put("files", BList.of(files));
    }

    private static byte[] torrent(BDictionary info) {
        return BencodeEncoder.encode(BDictionary.builder().put("info", info)
                .put("announce", "http://127.0.0.1/announce").build());
    }

    @Test
    void infoHashIsTheSha1OfTheExactInfoBytes() throws Exception {
        BDictionary info = v1Info(20_000, 5).build();
        TorrentInfo t = TorrentInfo.parse(torrent(info));
        byte[] infoBytes = BencodeEncoder.encode(info);
        assertThat(t.infoDictionary()).isEqualTo(infoBytes);
        assertThat(t.infoHashes().v1().orElseThrow().toByteArray())
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(infoBytes));
        assertThat(t.infoHashes().id()).isEqualTo(t.infoHashes().v1().orElseThrow());
    }

    @Test
    void piecesFilesAndOffsets() {
        TorrentInfo t = TorrentInfo.parse(torrent(v1Info(20_000, 5, 0).build()));
        assertThat(t.pieceCount()).isEqualTo(2);
        assertThat(t.pieceSize(0)).isEqualTo(16384);
        assertThat(t.pieceSize(1)).isEqualTo(20_005 - 16384);
        assertThat(t.files()).extracting(FileEntry::path).containsExactly("t/f0", "t/f1", "t/f2");
        assertThat(t.files()).extracting(FileEntry::offset).containsExactly(0L, 20_000L, 20_005L);
        assertThat(t.pieceHash(1).toByteArray()).hasSize(20);
        assertThat(t.trackers()).containsExactly(List.of("http://127.0.0.1/announce"));
        assertThatThrownBy(() -> t.pieceSize(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void metadataFromPeersMustHashToTheMagnetsInfoHash() {
        BDictionary info = v1Info(100).build();
        byte[] infoBytes = BencodeEncoder.encode(info);
        TorrentInfo reference = TorrentInfo.parse(torrent(info));
        TorrentInfo fromPeers = TorrentInfo.fromInfoDictionary(infoBytes, reference.infoHashes());
        assertThat(fromPeers.infoHashes()).isEqualTo(reference.infoHashes());
        assertThat(fromPeers.trackers()).isEmpty();

        InfoHashes other = InfoHashes.ofV1(Sha1Hash.fromHex("00".repeat(20)));
        assertThatThrownBy(() -> TorrentInfo.fromInfoDictionary(infoBytes, other))
                .isInstanceOfSatisfying(InvalidMetainfoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INFO_HASH_MISMATCH));
    }

    @Test
    void limitsAreEnforcedWithTypedReasons() {
        byte[] three = torrent(v1Info(1, 1, 1).build());
        MetainfoLimits twoFiles = new MetainfoLimits(BencodeLimits.DEFAULT, 100, 2, 100, 500);
        assertReason(() -> TorrentInfo.parse(three, twoFiles), Reason.TOO_MANY_FILES);

        MetainfoLimits onePiece = new MetainfoLimits(BencodeLimits.DEFAULT, 1, 100, 100, 500);
        assertReason(() -> TorrentInfo.parse(torrent(v1Info(20_000).build()), onePiece), Reason.TOO_MANY_PIECES);

        MetainfoLimits small = new MetainfoLimits(BencodeLimits.DEFAULT.withMaxInputSize(10), 100, 100, 100, 500);
        assertReason(() -> TorrentInfo.parse(three, small), Reason.FILE_TOO_LARGE);

        BDictionary deep = v1Info(1).put("files", BList.of(BDictionary.builder().put("length", 1)
                .put("path", BList.of(java.util.Collections.nCopies(5, BString.of("d")))).build())).build();
        MetainfoLimits shallow = new MetainfoLimits(BencodeLimits.DEFAULT, 100, 100, 4, 500);
        assertReason(() -> TorrentInfo.parse(torrent(deep), shallow), Reason.PATH_TOO_DEEP);
    }

    @Test
    void aCreationDateBeyondWhatInstantHoldsIsIgnored() {
        byte[] bytes = BencodeEncoder.encode(BDictionary.builder().put("info", v1Info(1).build())
                .put("creation date", Long.MAX_VALUE).build());
        assertThat(TorrentInfo.parse(bytes).creationDate()).isEmpty();
    }

    @Test
    void garbageIsRefusedAsInvalidBencoding() {
        assertReason(() -> TorrentInfo.parse("d4:infod".getBytes()), Reason.INVALID_BENCODING);
        assertReason(() -> TorrentInfo.parse("i42e".getBytes()), Reason.NOT_A_DICTIONARY);
    }

    @Test
    void duplicatePathsAreRenamedAndADirectoryNameIsNotReused() {
        List<BValue> files = List.of(
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("a"))).build(),
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("a"))).build(),
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("d"), BString.of("x"))).build(),
                BDictionary.builder().put("length", 1).put("path", BList.of(BString.of("d"))).build());
        BDictionary info = v1Info(4).put("files", BList.of(files)).build();
        TorrentInfo t = TorrentInfo.parse(torrent(info));
        assertThat(t.files()).extracting(FileEntry::path).containsExactly("t/a", "t/a.1", "t/d/x", "t/d.1");
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidMetainfoException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
