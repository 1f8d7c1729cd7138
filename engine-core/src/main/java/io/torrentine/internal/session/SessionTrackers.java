package io.torrentine.internal.session;

import io.netty.channel.EventLoopGroup;
import io.torrentine.internal.tracker.AnnounceRequest;
import io.torrentine.internal.tracker.AnnounceResponse;
import io.torrentine.internal.tracker.HttpTrackerClient;
import io.torrentine.internal.tracker.ScrapeResponse;
import io.torrentine.internal.tracker.TrackerClient;
import io.torrentine.internal.tracker.TrackerHostResolver;
import io.torrentine.internal.tracker.TrackerSettings;
import io.torrentine.internal.tracker.UdpTrackerClient;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.SessionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The session's tracker clients, one per protocol, shared by every torrent: announces go to the
 * HTTP(S) client or the UDP client (BEP 15) by the URL's scheme.
 */
final class SessionTrackers implements TrackerClient, AutoCloseable {
    private final TrackerSettings settings;
    private final Executor blocking;
    private final UdpTrackerClient udp;
    /** Made on the first HTTP(S) announce or scrape; guarded by this. */
    private HttpTrackerClient http;

    SessionTrackers(SessionSettings s, EventLoopGroup group, Executor blocking) {
        this.settings = settingsFrom(s);
        this.blocking = blocking;
        this.udp = new UdpTrackerClient(group, new TrackerHostResolver(blocking), settings);
    }

    static TrackerSettings settingsFrom(SessionSettings s) {
        TrackerSettings d = TrackerSettings.DEFAULTS;
        return new TrackerSettings(s.onlyHttpAndUdpTrackers(), s.localTrackersNeedAnnouncePath(), d.httpTimeout(),
                d.stopTimeout(), d.maxResponseBytes(), d.maxRedirects(), d.udpRetransmitBase(), d.udpMaxRetransmits(),
                d.udpConnectionIdLifetime(), s.announceToAllTiers(), s.announceToAllTrackers(), d.numWant(),
                d.retryBase(), d.retryMax(), d.minAnnounceInterval(), d.maxPeersPerResponse(),
                d.maxUdpRequestsInFlight());
    }

    TrackerSettings settings() {
        return settings;
    }

    private TrackerClient forUrl(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("udp:") ? udp : http();
    }

    /**
     * The HTTP client, made when first needed: the JDK's client loads and starts a good deal
     * (about a tenth of a second of CPU) that a session with only UDP trackers, or none, never uses.
     */
    private synchronized HttpTrackerClient http() {
        if (http == null) {
            http = HttpTrackerClient.create(settings, blocking);
        }
        return http;
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request, Optional<Duration> deadline) {
        return forUrl(url).announce(url, request, deadline);
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(String url, List<Sha1Hash> infoHashes) {
        return forUrl(url).scrape(url, infoHashes);
    }

    @Override
    public void close() {
        udp.close();
    }
}
