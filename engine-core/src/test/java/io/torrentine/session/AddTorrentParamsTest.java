package io.torrentine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values {@link AddTorrentParams} holds, how it normalizes them, and what it refuses. */
class AddTorrentParamsTest {
    private static final Path SAVE = Path.of("/srv/downloads");

    @TempDir
    static Path dir;
    /** Two files in 16 KiB pieces: 10 pieces, the last one 1 808 bytes. */
    static TorrentInfo torrent;

    @BeforeAll
    static void makeTorrent() throws IOException {
        Path root = dir.resolve("t");
        Files.createDirectories(root);
        Files.write(root.resolve("a"), new byte[100_000]);
        Files.write(root.resolve("b"), new byte[49_264]);
        torrent = TorrentInfo.parse(TorrentCreator.builder(root).version(TorrentVersion.V1).pieceSize(16 * 1024)
                .addTracker("http://127.0.0.1:1/a").addTrackerTier(List.of("http://127.0.0.1:1/b", "http://127.0.0.1:1/c"))
                .addWebSeed("http://127.0.0.1:2/").build().create().bytes());
        assertThat(torrent.pieceCount()).isEqualTo(10);
    }

    @Test
    void fromATorrentTakesItsTrackersAndWebSeeds() {
        AddTorrentParams p = AddTorrentParams.fromTorrent(torrent, SAVE);
        assertThat(p.torrent()).containsSame(torrent);
        assertThat(p.infoHashes()).isEqualTo(torrent.infoHashes());
        assertThat(p.savePath()).isEqualTo(SAVE);
        assertThat(p.trackers()).isEqualTo(torrent.trackers());
        assertThat(p.webSeeds()).isEqualTo(torrent.webSeeds());
        assertThat(p.filePriorities()).containsExactly(4, 4);
        assertThat(p.piecePriorities()).isEmpty();
        assertThat(p.havePieceCount()).isZero();
        assertThat(p.havePiecesBitfield()).containsExactly(0, 0);
        assertThat(p.unfinishedPieces()).isEmpty();
        assertThat(p.name()).isEmpty();
        assertThat(p.flags()).isEmpty();
        assertThat(p.addedTime()).isEmpty();
        assertThat(p.activeTime()).isEqualTo(Duration.ZERO);
    }

    @Test
    void fromAMagnetLinkTakesItsHintsAndSelection() {
        MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + "12".repeat(20)
                + "&dn=name&tr=http://127.0.0.1:1/a&tr=http://127.0.0.1:1/b&ws=http://127.0.0.1:2/"
                + "&x.pe=127.0.0.1:6881&so=1,3-4");
        AddTorrentParams p = AddTorrentParams.fromMagnet(link, SAVE);
        assertThat(p.torrent()).isEmpty();
        assertThat(p.infoHashes()).isEqualTo(link.infoHashes());
        assertThat(p.name()).contains("name");
        // Each tracker in a tier of its own, as libtorrent's parse_magnet_uri makes them.
        assertThat(p.trackers()).containsExactly(List.of("http://127.0.0.1:1/a"), List.of("http://127.0.0.1:1/b"));
        assertThat(p.webSeeds()).containsExactly("http://127.0.0.1:2/");
        assertThat(p.peers()).containsExactly(new PeerAddress("127.0.0.1", 6881));
        // BEP 53 select-only, as libtorrent turns it into priorities.
        assertThat(p.filePriorities()).containsExactly(0, 4, 0, 4, 4);
        assertThat(p.filePriority(9)).isEqualTo(4);
        // The largest select-only index a link may name still fits, and round-trips.
        AddTorrentParams widest = AddTorrentParams.fromMagnet(MagnetLink.parse("magnet:?xt=urn:btih:" + "12".repeat(20)
                + "&so=" + MagnetLink.MAX_FILE_INDEX), SAVE);
        assertThat(widest.filePriorities()).hasSize(MagnetLink.MAX_FILE_INDEX + 1);
        assertThat(AddTorrentParams.fromResumeData(widest.toResumeData())).isEqualTo(widest);
        assertThat(p.havePiecesBitfield()).isEmpty();
    }

    @Test
    void theBitfieldIsInBep3BitOrder() {
        AddTorrentParams p = AddTorrentParams.builder(torrent, SAVE).havePiece(0).havePiece(9).havePiece(3).build();
        // BEP 3: piece 0 is the high bit of byte 0; 10 pieces take 2 bytes, spare bits 0.
        assertThat(p.havePiecesBitfield()).containsExactly(0x90, 0x40);
        assertThat(p.havePieceCount()).isEqualTo(3);
        assertThat(p.hasPiece(9)).isTrue();
        assertThat(p.hasPiece(1)).isFalse();
        assertThat(p.hasPiece(1000)).isFalse();
    }

    @Test
    void valuesAreNormalized() {
        AddTorrentParams p = AddTorrentParams.builder(torrent, SAVE)
                .name("")
                .trackers(List.of(List.of("", "http://x/"), List.of(), List.of("http://x/", "http://y/")))
                .webSeeds(List.of("http://w/", "", "http://w/"))
                .peers(List.of(new PeerAddress("127.0.0.1", 1), new PeerAddress("127.0.0.1", 1)))
                .filePriorities(List.of(7))
                .activeTime(Duration.ofMillis(1999))
                .addedTime(Instant.ofEpochSecond(5, 999_999_999))
                .completedTime(Instant.EPOCH)
                .unfinishedPiece(2, List.of(0))
                .unfinishedPiece(2, List.of())
                .build();
        assertThat(p.name()).isEmpty();
        assertThat(p.trackers()).containsExactly(List.of("http://x/"), List.of("http://y/"));
        assertThat(p.webSeeds()).containsExactly("http://w/");
        assertThat(p.peers()).hasSize(1);
        assertThat(p.filePriorities()).containsExactly(7, 4);
        assertThat(p.activeTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.addedTime()).contains(Instant.ofEpochSecond(5));
        assertThat(p.completedTime()).as("the epoch is no time").isEmpty();
        assertThat(p.unfinishedPieces()).isEmpty();
    }

    @Test
    void everyValueIsKept() {
        AddTorrentParams p = AddTorrentParams.builder(torrent, SAVE)
                .piecePriorities(Collections.nCopies(10, 1))
                .havePiece(5)
                .unfinishedPiece(2, List.of(0))
                .totalUploaded(1).totalDownloaded(2)
                .activeTime(Duration.ofSeconds(3)).seedingTime(Duration.ofSeconds(4))
                .addedTime(Instant.ofEpochSecond(5)).completedTime(Instant.ofEpochSecond(6))
                .flag(TorrentFlag.SEQUENTIAL_DOWNLOAD, true)
                .build();
        assertThat(p.piecePriorities()).hasSize(10).containsOnly(1);
        assertThat(p.unfinishedPieces()).isEqualTo(Map.of(2, java.util.Set.of(0)));
        assertThat(p.totalUploaded()).isEqualTo(1);
        assertThat(p.totalDownloaded()).isEqualTo(2);
        assertThat(p.seedingTime()).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.completedTime()).contains(Instant.ofEpochSecond(6));
        assertThat(p.hasFlag(TorrentFlag.SEQUENTIAL_DOWNLOAD)).isTrue();
        assertThat(p.hasFlag(TorrentFlag.PAUSED)).isFalse();
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.toBuilder().flag(TorrentFlag.PAUSED, true).build()).isNotEqualTo(p);
        assertThat(p.toString()).contains("1/10 pieces");
    }

    @Test
    void nothingReturnedChangesTheParameters() {
        AddTorrentParams p = AddTorrentParams.builder(torrent, SAVE).havePiece(1).unfinishedPiece(2, List.of(0)).build();
        p.havePieces().set(7);
        assertThat(p.hasPiece(7)).isFalse();
        assertThatThrownBy(() -> p.trackers().add(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.unfinishedPieces().get(2).add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.flags().add(TorrentFlag.PAUSED)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.piecePriorities().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void metadataCanBeAddedLaterWhenItMatches() {
        AddTorrentParams magnet = AddTorrentParams.fromMagnet(MagnetLink.of(torrent.infoHashes()), SAVE);
        AddTorrentParams withMetadata = magnet.toBuilder().torrent(torrent).havePiece(0).build();
        assertThat(withMetadata.torrent()).containsSame(torrent);
        assertThat(withMetadata.filePriorities()).containsExactly(4, 4);
        InfoHashes other = InfoHashes.ofV1(Sha1Hash.fromHex("00".repeat(19) + "01"));
        assertThatThrownBy(() -> AddTorrentParams.builder(other, SAVE).torrent(torrent))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesValuesThatContradictTheMetadata() {
        refused(AddTorrentParams.builder(torrent, SAVE).filePriorities(List.of(4, 4, 4)));
        refused(AddTorrentParams.builder(torrent, SAVE).filePriorities(List.of(8)));
        refused(AddTorrentParams.builder(torrent, SAVE).filePriorities(List.of(-1)));
        refused(AddTorrentParams.builder(torrent, SAVE).piecePriorities(List.of(4)));
        refused(AddTorrentParams.builder(torrent, SAVE).havePiece(10));
        refused(AddTorrentParams.builder(torrent, SAVE).unfinishedPiece(10, List.of(0)));
        refused(AddTorrentParams.builder(torrent, SAVE).unfinishedPiece(-1, List.of(0)));
        // 16 KiB pieces have one block each, the last (1 808 bytes) too.
        refused(AddTorrentParams.builder(torrent, SAVE).unfinishedPiece(9, List.of(1)));
        refused(AddTorrentParams.builder(torrent, SAVE).unfinishedPiece(0, List.of(1)));
        refused(AddTorrentParams.builder(torrent, SAVE).unfinishedPiece(0, List.of(-1)));
        refused(AddTorrentParams.builder(torrent, SAVE).havePiece(3).unfinishedPiece(3, List.of(0)));
        assertThat(AddTorrentParams.builder(torrent, SAVE).unfinishedPiece(9, List.of(0)).build().unfinishedPieces())
                .containsOnlyKeys(9);
    }

    @Test
    void refusesProgressWithoutMetadata() {
        InfoHashes hashes = torrent.infoHashes();
        refused(AddTorrentParams.builder(hashes, SAVE).havePiece(0));
        refused(AddTorrentParams.builder(hashes, SAVE).unfinishedPiece(0, List.of(0)));
        refused(AddTorrentParams.builder(hashes, SAVE).piecePriorities(List.of(4)));
        assertThat(AddTorrentParams.builder(hashes, SAVE).filePriorities(List.of(0, 0, 0)).build().filePriorities())
                .as("files are not known yet: kept as given").containsExactly(0, 0, 0);
        assertThat(AddTorrentParams.builder(hashes, SAVE)
                .filePriorities(Collections.nCopies(AddTorrentParams.MAX_FILE_PRIORITIES, 0)).build().filePriorities())
                .hasSize(AddTorrentParams.MAX_FILE_PRIORITIES);
        refused(AddTorrentParams.builder(hashes, SAVE)
                .filePriorities(Collections.nCopies(AddTorrentParams.MAX_FILE_PRIORITIES + 1, 0)));
    }

    @Test
    void refusesValuesOutOfRange() {
        AddTorrentParams.Builder b = AddTorrentParams.builder(torrent, SAVE);
        assertThatThrownBy(() -> b.totalUploaded(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.totalDownloaded(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.activeTime(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.seedingTime(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.addedTime(Instant.ofEpochSecond(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.name("\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.savePath(Path.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.trackers(List.of(List.of("http://\uDC00/"))).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddTorrentParams.builder(torrent, null)).isInstanceOf(NullPointerException.class);
        assertThat(AddTorrentParams.builder(torrent, SAVE).name("\uD83D\uDE00").build().name())
                .as("a surrogate pair is fine").contains("\uD83D\uDE00");
    }

    @Test
    void aHadPieceCanBeClearedThroughTheBitSet() {
        BitSet have = new BitSet();
        have.set(0, 10);
        AddTorrentParams all = AddTorrentParams.builder(torrent, SAVE).havePieces(have).build();
        assertThat(all.havePiecesBitfield()).containsExactly(0xFF, 0xC0);
        have.clear(4);
        assertThat(all.hasPiece(4)).as("the builder copied the set").isTrue();
        assertThat(all.toBuilder().havePieces(have).build().hasPiece(4)).isFalse();
    }

    private static void refused(AddTorrentParams.Builder builder) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
    }
}
