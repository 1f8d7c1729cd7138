package io.torrentine.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.SessionStats;
import io.torrentine.session.TorrentState;
import io.torrentine.spi.StorageException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every alert record: its category, what its toString shows, and the values it refuses. A sample
 * of every record is listed here, and a test fails if a record joins the sealed hierarchy
 * without one.
 */
class AlertRecordsTest {
    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
    private static final InfoHashes IH = InfoHashes.ofV1(Sha1Hash.fromHex("0123456789abcdef0123456789abcdef01234567"));
    private static final String NAME = "ubuntu.iso";
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 6881);
    private static final Path SAVE = Path.of("/srv/new-place");
    private static final Exception ERROR = new IOException("disk on fire");

    /** One alert of each record type, with its expected category and a value its toString must show. */
    private record Sample(Alert alert, AlertCategory category, String shows) {
    }

    private static List<Sample> samples() {
        SessionStats stats = new SessionStats(1000, 2000, 10.5, 20.5, 3, 7, 16384, 61, 2, 32768);
        AddTorrentParams params = AddTorrentParams.builder(IH, SAVE).build();
        StorageException storage = new StorageException(StorageException.Reason.DISK_FULL,
                StorageException.Operation.WRITE, 2, SAVE.resolve("f"), new IOException("ENOSPC"));
        return List.of(
                new Sample(new TorrentAddedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new AddTorrentFailedAlert(T, Optional.empty(), "", ERROR), AlertCategory.ERROR, "disk on fire"),
                new Sample(new TorrentRemovedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new MetadataReceivedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new StateChangedAlert(T, IH, NAME, TorrentState.DOWNLOADING, TorrentState.SEEDING),
                        AlertCategory.STATUS, "previous=DOWNLOADING, state=SEEDING"),
                new Sample(new PieceFinishedAlert(T, IH, NAME, 17), AlertCategory.PROGRESS, "piece=17"),
                new Sample(new TrackerReplyAlert(T, IH, NAME, "http://t.example/announce", 5, 2, -1),
                        AlertCategory.TRACKER, "peers=5"),
                new Sample(new TrackerWarningAlert(T, IH, NAME, "udp://t.example:80", "slow down"),
                        AlertCategory.TRACKER, "slow down"),
                new Sample(new TrackerErrorAlert(T, IH, NAME, "udp://t.example:80", new io.torrentine.session.TrackerException(
                        io.torrentine.session.TrackerException.Reason.TIMEOUT, "udp://t.example:80", "no answer"), 3),
                        AlertCategory.TRACKER, "failures=3"),
                new Sample(new HashFailedAlert(T, IH, NAME, 18), AlertCategory.STATUS, "piece=18"),
                new Sample(new TorrentFinishedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new TorrentCheckedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new TorrentPausedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new TorrentResumedAlert(T, IH, NAME), AlertCategory.STATUS, NAME),
                new Sample(new TorrentErrorAlert(T, IH, NAME, storage), AlertCategory.ERROR, "StorageException"),
                new Sample(new StorageMovedAlert(T, IH, NAME, SAVE), AlertCategory.STORAGE, "savePath=/srv/new-place"),
                new Sample(new StorageMoveFailedAlert(T, IH, NAME, SAVE, ERROR), AlertCategory.ERROR, "target=/srv/new-place"),
                new Sample(new FileRenamedAlert(T, IH, NAME, 3, "dir/new.txt"), AlertCategory.STORAGE, "newPath=dir/new.txt"),
                new Sample(new FileRenameFailedAlert(T, IH, NAME, 4, ERROR), AlertCategory.ERROR, "file=4"),
                new Sample(new ResumeDataSavedAlert(T, IH, NAME, params), AlertCategory.STORAGE, "params="),
                new Sample(new SaveResumeDataFailedAlert(T, IH, NAME, ERROR), AlertCategory.ERROR, "disk on fire"),
                new Sample(new TorrentDeletedAlert(T, IH, NAME), AlertCategory.STORAGE, NAME),
                new Sample(new TorrentDeleteFailedAlert(T, IH, NAME, ERROR), AlertCategory.ERROR, "disk on fire"),
                new Sample(new PeerConnectedAlert(T, IH, NAME, PEER, true, "libtorrent/2.0.11"),
                        AlertCategory.CONNECT, "client=libtorrent/2.0.11"),
                new Sample(new PeerDisconnectedAlert(T, IH, NAME, PEER, DisconnectReason.PROTOCOL_ERROR,
                        Optional.of("bitfield of 3 bytes, 2 expected")), AlertCategory.CONNECT, "reason=PROTOCOL_ERROR"),
                new Sample(new PeerBannedAlert(T, IH, NAME, PEER, "sent 3 pieces that failed the hash check"),
                        AlertCategory.PEER, "why=sent 3 pieces"),
                new Sample(new PerformanceWarningAlert(T, IH, NAME, PerformanceWarning.DISK_QUEUE_FULL),
                        AlertCategory.PERFORMANCE, "warning=DISK_QUEUE_FULL"),
                new Sample(new SessionStatsAlert(T, stats), AlertCategory.STATS, "totalDownloaded=1000"),
                new Sample(new ListenSucceededAlert(T, new InetSocketAddress("127.0.0.1", 51413), ListenProtocol.TCP),
                        AlertCategory.STATUS, "protocol=TCP"),
                new Sample(new ListenFailedAlert(T, new InetSocketAddress("127.0.0.1", 51413), ListenProtocol.UDP, ERROR),
                        AlertCategory.ERROR, "protocol=UDP"),
                new Sample(new AlertsDroppedAlert(T, 5, EnumSet.of(AlertCategory.PROGRESS)), AlertCategory.ERROR,
                        "dropped=5, categories=[PROGRESS]"));
    }

    @Test
    void everyRecordHasItsCategoryAndShowsItsValues() {
        for (Sample s : samples()) {
            Alert a = s.alert();
            assertThat(a.category()).as(a.getClass().getSimpleName()).isEqualTo(s.category());
            assertThat(a.time()).isEqualTo(T);
            assertThat(a.toString()).as(a.getClass().getSimpleName())
                    .startsWith(a.getClass().getSimpleName() + "[time=2024-05-01T12:00:00Z")
                    .contains(s.shows());
            if (a instanceof TorrentAlert) {
                TorrentAlert t = (TorrentAlert) a;
                assertThat(t.infoHashes()).isEqualTo(IH);
                assertThat(t.name()).isEqualTo(NAME);
                assertThat(a.toString()).contains("0123456789abcdef0123456789abcdef01234567", NAME);
            }
            if (a instanceof PeerAlert) {
                assertThat(((PeerAlert) a).peer()).isEqualTo(PEER);
                assertThat(a.toString()).contains("127.0.0.1:6881");
            }
        }
    }

    @Test
    void everyRecordOfTheSealedHierarchyHasASample() {
        Set<Class<?>> sampled = new HashSet<>();
        for (Sample s : samples()) {
            assertThat(sampled.add(s.alert().getClass())).as("one sample per record").isTrue();
        }
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(leaves(Alert.class));
    }

    private static List<Class<?>> leaves(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isSealed()) {
                out.addAll(leaves(c));
            } else {
                assertThat(c.isRecord()).as(c + " is a record").isTrue();
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void eachCategoryIsNamedBySomeAlert() {
        Map<AlertCategory, Integer> counts = new LinkedHashMap<>();
        for (Sample s : samples()) {
            counts.merge(s.category(), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(AlertCategory.class));
    }

    @Test
    void defaultsAreTheLowVolumeCategories() {
        assertThat(AlertCategory.defaults()).containsExactlyInAnyOrder(
                AlertCategory.ERROR, AlertCategory.STATUS, AlertCategory.STORAGE, AlertCategory.PERFORMANCE);
        assertThatThrownBy(() -> AlertCategory.defaults().add(AlertCategory.PROGRESS))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsRefuseNullsAndBadIndices() {
        assertThatThrownBy(() -> new TorrentAddedAlert(null, IH, NAME)).isInstanceOf(NullPointerException.class)
                .hasMessage("time");
        assertThatThrownBy(() -> new TorrentAddedAlert(T, IH, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> new PeerConnectedAlert(T, IH, NAME, null, false, ""))
                .isInstanceOf(NullPointerException.class).hasMessage("peer");
        assertThatThrownBy(() -> new AddTorrentFailedAlert(T, null, "", ERROR))
                .isInstanceOf(NullPointerException.class).hasMessage("infoHashes");
        assertThatThrownBy(() -> new PieceFinishedAlert(T, IH, NAME, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashFailedAlert(T, IH, NAME, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileRenamedAlert(T, IH, NAME, -1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileRenameFailedAlert(T, IH, NAME, -2, ERROR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertsDroppedAlert(T, 0, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDroppedCategoriesAreAnImmutableCopyInDeclarationOrder() {
        Set<AlertCategory> mutable = new HashSet<>(Set.of(AlertCategory.STATS, AlertCategory.CONNECT, AlertCategory.ERROR));
        AlertsDroppedAlert a = new AlertsDroppedAlert(T, 3, mutable);
        mutable.clear();
        assertThat(a.categories()).containsExactly(AlertCategory.ERROR, AlertCategory.CONNECT, AlertCategory.STATS);
        assertThatThrownBy(() -> a.categories().add(AlertCategory.PEER)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new AlertsDroppedAlert(T, 1, Set.of()).categories()).isEmpty();
    }

    @Test
    void recordsAreValues() {
        assertThat(new PieceFinishedAlert(T, IH, NAME, 1)).isEqualTo(new PieceFinishedAlert(T, IH, NAME, 1))
                .hasSameHashCodeAs(new PieceFinishedAlert(T, IH, NAME, 1))
                .isNotEqualTo(new PieceFinishedAlert(T, IH, NAME, 2));
    }
}
