package io.torrentine.internal.torrent;

import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.TrackerErrorAlert;
import io.torrentine.alert.TrackerReplyAlert;
import io.torrentine.alert.TrackerWarningAlert;
import io.torrentine.internal.alert.AlertQueue;
import io.torrentine.internal.peerlist.PeerSource;
import io.torrentine.internal.tracker.AnnounceResponse;
import io.torrentine.internal.tracker.TrackerAnnouncer;
import io.torrentine.internal.tracker.TrackerEvent;
import io.torrentine.internal.tracker.TrackerListener;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerStatus;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A torrent's trackers (BEP 3, 12, 15): the announcer's schedule, with its peers going to the
 * peer list and its replies, warnings and errors becoming alerts. Event loop only.
 */
final class TorrentTrackers implements TrackerListener {
    private final TrackerAnnouncer announcer;
    private final AlertQueue alerts;
    private final Clock clock;
    private final InfoHashes infoHashes;
    private final Supplier<String> name;
    private final BiConsumer<InetSocketAddress, PeerSource> peerFound;

    TorrentTrackers(TorrentHost host, java.util.concurrent.Executor loop, InfoHashes infoHashes, Supplier<String> name,
                    List<List<String>> tiers, Supplier<TrackerAnnouncer.TransferTotals> totals,
                    BiConsumer<InetSocketAddress, PeerSource> peerFound) {
        this.alerts = host.alerts();
        this.clock = host.clock();
        this.infoHashes = infoHashes;
        this.name = name;
        this.peerFound = peerFound;
        SecureRandom random = new SecureRandom();
        TrackerAnnouncer.TorrentIdentity identity = new TrackerAnnouncer.TorrentIdentity(
                infoHashes.id().toByteArray(), host.connectionConfig().ourPeerId().toByteArray(),
                host.listenAddress().getPort(), random.nextInt(), tiers);
        this.announcer = new TrackerAnnouncer(identity, totals, host.trackers(), host.trackerSettings(), loop, this,
                System::nanoTime, clock, random);
    }

    void start() {
        announcer.start(System.nanoTime());
    }

    void tick() {
        announcer.tick(System.nanoTime());
    }

    void finished() {
        announcer.finished(System.nanoTime());
    }

    void forceReannounce() {
        announcer.forceReannounce(System.nanoTime());
    }

    CompletableFuture<Void> stop() {
        return announcer.stop(System.nanoTime());
    }

    List<TrackerStatus> status() {
        return announcer.status(System.nanoTime());
    }

    @Override
    public void peersFound(String url, List<PeerAddress> peers) {
        for (PeerAddress p : peers) {
            // Trackers give IP literals; a host name would need DNS, which never runs on the loop.
            if (!p.isHostName()) {
                peerFound.accept(new InetSocketAddress(p.host(), p.port()), PeerSource.TRACKER);
            }
        }
    }

    @Override
    public void replied(String url, TrackerEvent event, AnnounceResponse response) {
        if (alerts.wants(AlertCategory.TRACKER)) {
            alerts.post(new TrackerReplyAlert(clock.instant(), infoHashes, name.get(), url, response.peers().size(),
                    response.seeds().orElse(-1), response.leechers().orElse(-1)));
        }
    }

    @Override
    public void warning(String url, String message) {
        if (alerts.wants(AlertCategory.TRACKER)) {
            alerts.post(new TrackerWarningAlert(clock.instant(), infoHashes, name.get(), url, message));
        }
    }

    @Override
    public void failed(String url, TrackerException error, int failures) {
        if (alerts.wants(AlertCategory.TRACKER)) {
            alerts.post(new TrackerErrorAlert(clock.instant(), infoHashes, name.get(), url, error, failures));
        }
    }
}
