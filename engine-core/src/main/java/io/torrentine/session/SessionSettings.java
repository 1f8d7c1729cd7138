package io.torrentine.session;

import io.torrentine.alert.AlertCategory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of a {@link Session}, immutable; build them with {@link #builder()} and change
 * them at run time with {@link Session#applySettings(SessionSettings)}. The defaults follow
 * libtorrent's where libtorrent has the same setting.
 *
 * @param listenAddress where the session accepts peer connections (TCP); port 0 picks a free port, see {@link Session#listenAddress()}
 * @param networkThreads event loops of the network group the session creates (ignored when one is injected); each torrent is bound to one
 * @param diskThreads threads that read and write torrent data
 * @param checkingThreads how many pieces are hashed at once when existing data is checked
 * @param maxConnections peer connections of the whole session, at most
 * @param maxConnectionsPerTorrent peer connections of one torrent, at most
 * @param maxHalfOpenConnections outgoing connections still connecting, per torrent, at most
 * @param uploadSlots peers a torrent uploads to at once (unchoked), not counting the optimistic unchoke; -1 for every interested peer
 * @param seedChokingAlgorithm how a seeding torrent picks the peers it uploads to
 * @param downloadRateLimit payload and protocol bytes per second the whole session downloads, 0 for no limit
 * @param uploadRateLimit bytes per second the whole session uploads, 0 for no limit
 * @param requestQueueTime how many seconds of a peer's measured download rate are kept requested from it (libtorrent's {@code request_queue_time}): the request pipeline covers rate times round-trip
 * @param maxOutRequestQueue requests outstanding to one peer, at most (never more than the peer's BEP 10 {@code reqq})
 * @param requestQueue requests a peer may have outstanding to us ({@code reqq}, BEP 10); more close its connection
 * @param connectTimeout how long an outgoing TCP connect may take
 * @param peerTimeout a peer that sends nothing for this long is disconnected
 * @param requestTimeout a block requested and not received for this long is requested again elsewhere
 * @param allowMultipleConnectionsPerIp whether several peers may connect from one IP address (needed for swarms on one machine); a ban then covers one address and port, not the whole IP
 * @param alertQueueSize alerts held for the application at most; more are dropped and counted
 * @param alertCategories the alert categories posted; others are never built (libtorrent's {@code alert_mask})
 * @param onlyHttpAndUdpTrackers whether tracker URLs other than http, https and udp are refused (libtorrent's security audit rule)
 * @param localTrackersNeedAnnouncePath whether an HTTP tracker on a local, loopback or private address must have a path ending in {@code /announce}, so a torrent cannot aim our requests at local web services
 * @param announceToAllTiers whether every tier is announced to, not only the first that works (BEP 12)
 * @param announceToAllTrackers whether every tracker of every tier is announced to (BEP 12)
 * @param peerExchange whether public torrents exchange peers with ut_pex (BEP 11); private torrents never do (BEP 27)
 * @param localServiceDiscovery whether public torrents are announced and found on the local network by multicast (BEP 14)
 * @param localServiceDiscoveryPort the UDP port of local service discovery (BEP 14 says 6771; another one keeps test swarms apart)
 * @param localServiceDiscoveryInterface the network interface local service discovery uses, by name; empty for the system's default
 * @param allowedFastSetSize pieces a torrent lets a choked peer with the Fast extension request anyway (BEP 6)
 * @param shutdownTimeout how long {@link Session#close()} waits for torrents, connections and disk writes to finish
 */
public record SessionSettings(InetSocketAddress listenAddress,
        int networkThreads,
        int diskThreads,
        int checkingThreads,
        int maxConnections,
        int maxConnectionsPerTorrent,
        int maxHalfOpenConnections,
        int uploadSlots,
        SeedChokingAlgorithm seedChokingAlgorithm,
        long downloadRateLimit,
        long uploadRateLimit,
        Duration requestQueueTime,
        int maxOutRequestQueue,
        int requestQueue,
        Duration connectTimeout,
        Duration peerTimeout,
        Duration requestTimeout,
        boolean allowMultipleConnectionsPerIp,
        int alertQueueSize,
        Set<AlertCategory> alertCategories,
        boolean onlyHttpAndUdpTrackers,
        boolean localTrackersNeedAnnouncePath,
        boolean announceToAllTiers,
        boolean announceToAllTrackers,
        boolean peerExchange,
        boolean localServiceDiscovery,
        int localServiceDiscoveryPort,
        String localServiceDiscoveryInterface,
        int allowedFastSetSize,
        Duration shutdownTimeout) {

    /** Defaults that are not simple constants. */
    private static final class DiskDefaults {
        static final int THREADS = 4;

        private DiskDefaults() {
        }
    }

    /**
     * Checks the settings.
     *
     * @param listenAddress listenAddress
     * @param networkThreads networkThreads
     * @param diskThreads diskThreads
     * @param checkingThreads checkingThreads
     * @param maxConnections maxConnections
     * @param maxConnectionsPerTorrent maxConnectionsPerTorrent
     * @param maxHalfOpenConnections maxHalfOpenConnections
     * @param uploadSlots uploadSlots
     * @param seedChokingAlgorithm seedChokingAlgorithm
     * @param downloadRateLimit downloadRateLimit
     * @param uploadRateLimit uploadRateLimit
     * @param requestQueueTime requestQueueTime
     * @param maxOutRequestQueue maxOutRequestQueue
     * @param requestQueue requestQueue
     * @param connectTimeout connectTimeout
     * @param peerTimeout peerTimeout
     * @param requestTimeout requestTimeout
     * @param allowMultipleConnectionsPerIp allowMultipleConnectionsPerIp
     * @param alertQueueSize alertQueueSize
     * @param alertCategories alertCategories
     * @param onlyHttpAndUdpTrackers onlyHttpAndUdpTrackers
     * @param localTrackersNeedAnnouncePath localTrackersNeedAnnouncePath
     * @param announceToAllTiers announceToAllTiers
     * @param announceToAllTrackers announceToAllTrackers
     * @param peerExchange peerExchange
     * @param localServiceDiscovery localServiceDiscovery
     * @param localServiceDiscoveryPort localServiceDiscoveryPort
     * @param localServiceDiscoveryInterface localServiceDiscoveryInterface
     * @param allowedFastSetSize allowedFastSetSize
     * @param shutdownTimeout shutdownTimeout
     * @throws IllegalArgumentException if a count or duration is out of range
     */
    public SessionSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(seedChokingAlgorithm, "seedChokingAlgorithm");
        alertCategories = Set.copyOf(alertCategories);
        Objects.requireNonNull(localServiceDiscoveryInterface, "localServiceDiscoveryInterface");
        if (localServiceDiscoveryPort < 1 || localServiceDiscoveryPort > 65535) {
            throw new IllegalArgumentException("localServiceDiscoveryPort must be 1 to 65535");
        }
        positive("networkThreads", networkThreads);
        positive("diskThreads", diskThreads);
        positive("checkingThreads", checkingThreads);
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerTorrent", maxConnectionsPerTorrent);
        positive("maxHalfOpenConnections", maxHalfOpenConnections);
        if (uploadSlots < 1 && uploadSlots != -1) {
            throw new IllegalArgumentException("uploadSlots must be positive or -1, not " + uploadSlots);
        }
        if (downloadRateLimit < 0 || uploadRateLimit < 0) {
            throw new IllegalArgumentException("a rate limit is 0 (none) or positive");
        }
        positive("maxOutRequestQueue", maxOutRequestQueue);
        positive("requestQueue", requestQueue);
        positive("alertQueueSize", alertQueueSize);
        if (allowedFastSetSize < 0) {
            throw new IllegalArgumentException("allowedFastSetSize must not be negative");
        }
        for (Duration d : new Duration[] {requestQueueTime, connectTimeout, peerTimeout, requestTimeout, shutdownTimeout}) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a duration must be positive, not " + d);
            }
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /**
     * The default settings.
     *
     * @return the defaults
     */
    public static SessionSettings defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings, to change some of them.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.listenAddress = listenAddress;
        b.networkThreads = networkThreads;
        b.diskThreads = diskThreads;
        b.checkingThreads = checkingThreads;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
        b.maxHalfOpenConnections = maxHalfOpenConnections;
        b.uploadSlots = uploadSlots;
        b.seedChokingAlgorithm = seedChokingAlgorithm;
        b.downloadRateLimit = downloadRateLimit;
        b.uploadRateLimit = uploadRateLimit;
        b.requestQueueTime = requestQueueTime;
        b.maxOutRequestQueue = maxOutRequestQueue;
        b.requestQueue = requestQueue;
        b.connectTimeout = connectTimeout;
        b.peerTimeout = peerTimeout;
        b.requestTimeout = requestTimeout;
        b.allowMultipleConnectionsPerIp = allowMultipleConnectionsPerIp;
        b.alertQueueSize = alertQueueSize;
        b.alertCategories = alertCategories;
        b.onlyHttpAndUdpTrackers = onlyHttpAndUdpTrackers;
        b.localTrackersNeedAnnouncePath = localTrackersNeedAnnouncePath;
        b.announceToAllTiers = announceToAllTiers;
        b.announceToAllTrackers = announceToAllTrackers;
        b.peerExchange = peerExchange;
        b.localServiceDiscovery = localServiceDiscovery;
        b.localServiceDiscoveryPort = localServiceDiscoveryPort;
        b.localServiceDiscoveryInterface = localServiceDiscoveryInterface;
        b.allowedFastSetSize = allowedFastSetSize;
        b.shutdownTimeout = shutdownTimeout;
        return b;
    }

    /** Builds {@link SessionSettings}; not thread-safe. */
    public static final class Builder {
        private InetSocketAddress listenAddress = new InetSocketAddress(6881);
        private int networkThreads = 1;
        private int diskThreads = DiskDefaults.THREADS;
        private int checkingThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        private int maxConnections = 200;
        private int maxConnectionsPerTorrent = 100;
        private int maxHalfOpenConnections = 20;
        private int uploadSlots = 8;
        private SeedChokingAlgorithm seedChokingAlgorithm = SeedChokingAlgorithm.ROUND_ROBIN;
        private long downloadRateLimit = 0;
        private long uploadRateLimit = 0;
        private Duration requestQueueTime = Duration.ofSeconds(3);
        private int maxOutRequestQueue = 500;
        private int requestQueue = 500;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration peerTimeout = Duration.ofSeconds(120);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private boolean allowMultipleConnectionsPerIp = false;
        private int alertQueueSize = 1000;
        private Set<AlertCategory> alertCategories = AlertCategory.defaults();
        private boolean onlyHttpAndUdpTrackers = true;
        private boolean localTrackersNeedAnnouncePath = true;
        private boolean announceToAllTiers = false;
        private boolean announceToAllTrackers = false;
        private boolean peerExchange = true;
        private boolean localServiceDiscovery = true;
        private int localServiceDiscoveryPort = 6771;
        private String localServiceDiscoveryInterface = "";
        private int allowedFastSetSize = 5;
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * Sets {@code listenAddress}: where the session accepts peer connections (TCP); port 0 picks a free port, see {@link Session#listenAddress()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder listenAddress(InetSocketAddress value) {
            this.listenAddress = value;
            return this;
        }

        /**
         * Sets {@code networkThreads}: event loops of the network group the session creates (ignored when one is injected); each torrent is bound to one.
         *
         * @param value the value
         * @return this builder
         */
        public Builder networkThreads(int value) {
            this.networkThreads = value;
            return this;
        }

        /**
         * Sets {@code diskThreads}: threads that read and write torrent data.
         *
         * @param value the value
         * @return this builder
         */
        public Builder diskThreads(int value) {
            this.diskThreads = value;
            return this;
        }

        /**
         * Sets {@code checkingThreads}: how many pieces are hashed at once when existing data is checked.
         *
         * @param value the value
         * @return this builder
         */
        public Builder checkingThreads(int value) {
            this.checkingThreads = value;
            return this;
        }

        /**
         * Sets {@code maxConnections}: peer connections of the whole session, at most.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /**
         * Sets {@code maxConnectionsPerTorrent}: peer connections of one torrent, at most.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxConnectionsPerTorrent(int value) {
            this.maxConnectionsPerTorrent = value;
            return this;
        }

        /**
         * Sets {@code maxHalfOpenConnections}: outgoing connections still connecting, per torrent, at most.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxHalfOpenConnections(int value) {
            this.maxHalfOpenConnections = value;
            return this;
        }

        /**
         * Sets {@code uploadSlots}: peers a torrent uploads to at once (unchoked), not counting the optimistic unchoke; -1 for every interested peer.
         *
         * @param value the value
         * @return this builder
         */
        public Builder uploadSlots(int value) {
            this.uploadSlots = value;
            return this;
        }

        /**
         * Sets {@code seedChokingAlgorithm}: how a seeding torrent picks the peers it uploads to.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seedChokingAlgorithm(SeedChokingAlgorithm value) {
            this.seedChokingAlgorithm = value;
            return this;
        }

        /**
         * Sets {@code downloadRateLimit}: payload and protocol bytes per second the whole session downloads, 0 for no limit.
         *
         * @param value the value
         * @return this builder
         */
        public Builder downloadRateLimit(long value) {
            this.downloadRateLimit = value;
            return this;
        }

        /**
         * Sets {@code uploadRateLimit}: bytes per second the whole session uploads, 0 for no limit.
         *
         * @param value the value
         * @return this builder
         */
        public Builder uploadRateLimit(long value) {
            this.uploadRateLimit = value;
            return this;
        }

        /**
         * Sets {@code requestQueueTime}: how many seconds of a peer's measured download rate are kept requested from it (libtorrent's {@code request_queue_time}): the request pipeline covers rate times round-trip.
         *
         * @param value the value
         * @return this builder
         */
        public Builder requestQueueTime(Duration value) {
            this.requestQueueTime = value;
            return this;
        }

        /**
         * Sets {@code maxOutRequestQueue}: requests outstanding to one peer, at most (never more than the peer's BEP 10 {@code reqq}).
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxOutRequestQueue(int value) {
            this.maxOutRequestQueue = value;
            return this;
        }

        /**
         * Sets {@code requestQueue}: requests a peer may have outstanding to us ({@code reqq}, BEP 10); more close its connection.
         *
         * @param value the value
         * @return this builder
         */
        public Builder requestQueue(int value) {
            this.requestQueue = value;
            return this;
        }

        /**
         * Sets {@code connectTimeout}: how long an outgoing TCP connect may take.
         *
         * @param value the value
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /**
         * Sets {@code peerTimeout}: a peer that sends nothing for this long is disconnected.
         *
         * @param value the value
         * @return this builder
         */
        public Builder peerTimeout(Duration value) {
            this.peerTimeout = value;
            return this;
        }

        /**
         * Sets {@code requestTimeout}: a block requested and not received for this long is requested again elsewhere.
         *
         * @param value the value
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /**
         * Sets {@code allowMultipleConnectionsPerIp}: whether several peers may connect from one IP address (needed for swarms on one machine); a ban then covers one address and port, not the whole IP.
         *
         * @param value the value
         * @return this builder
         */
        public Builder allowMultipleConnectionsPerIp(boolean value) {
            this.allowMultipleConnectionsPerIp = value;
            return this;
        }

        /**
         * Sets {@code alertQueueSize}: alerts held for the application at most; more are dropped and counted.
         *
         * @param value the value
         * @return this builder
         */
        public Builder alertQueueSize(int value) {
            this.alertQueueSize = value;
            return this;
        }

        /**
         * Sets {@code alertCategories}: the alert categories posted; others are never built (libtorrent's {@code alert_mask}).
         *
         * @param value the value
         * @return this builder
         */
        public Builder alertCategories(Set<AlertCategory> value) {
            this.alertCategories = value;
            return this;
        }

        /**
         * Sets {@code onlyHttpAndUdpTrackers}: whether tracker URLs other than http, https and udp are refused (libtorrent's security audit rule).
         *
         * @param value the value
         * @return this builder
         */
        public Builder onlyHttpAndUdpTrackers(boolean value) {
            this.onlyHttpAndUdpTrackers = value;
            return this;
        }

        /**
         * Sets {@code localTrackersNeedAnnouncePath}: whether an HTTP tracker on a local, loopback or private address must have a path ending in {@code /announce}, so a torrent cannot aim our requests at local web services.
         *
         * @param value the value
         * @return this builder
         */
        public Builder localTrackersNeedAnnouncePath(boolean value) {
            this.localTrackersNeedAnnouncePath = value;
            return this;
        }

        /**
         * Sets {@code announceToAllTiers}: whether every tier is announced to, not only the first that works (BEP 12).
         *
         * @param value the value
         * @return this builder
         */
        public Builder announceToAllTiers(boolean value) {
            this.announceToAllTiers = value;
            return this;
        }

        /**
         * Sets {@code announceToAllTrackers}: whether every tracker of every tier is announced to (BEP 12).
         *
         * @param value the value
         * @return this builder
         */
        public Builder announceToAllTrackers(boolean value) {
            this.announceToAllTrackers = value;
            return this;
        }

        /**
         * Sets {@code peerExchange}: whether public torrents exchange peers with ut_pex (BEP 11); private torrents never do (BEP 27).
         *
         * @param value the value
         * @return this builder
         */
        public Builder peerExchange(boolean value) {
            this.peerExchange = value;
            return this;
        }

        /**
         * Sets {@code localServiceDiscovery}: whether public torrents are announced and found on the local network by multicast (BEP 14).
         *
         * @param value the value
         * @return this builder
         */
        public Builder localServiceDiscovery(boolean value) {
            this.localServiceDiscovery = value;
            return this;
        }

        /**
         * Sets {@code localServiceDiscoveryPort}: the UDP port of local service discovery (BEP 14 says 6771; another one keeps test swarms apart).
         *
         * @param value the value
         * @return this builder
         */
        public Builder localServiceDiscoveryPort(int value) {
            this.localServiceDiscoveryPort = value;
            return this;
        }

        /**
         * Sets {@code localServiceDiscoveryInterface}: the network interface local service discovery uses, by name; empty for the system's default.
         *
         * @param value the value
         * @return this builder
         */
        public Builder localServiceDiscoveryInterface(String value) {
            this.localServiceDiscoveryInterface = value;
            return this;
        }

        /**
         * Sets {@code allowedFastSetSize}: pieces a torrent lets a choked peer with the Fast extension request anyway (BEP 6).
         *
         * @param value the value
         * @return this builder
         */
        public Builder allowedFastSetSize(int value) {
            this.allowedFastSetSize = value;
            return this;
        }

        /**
         * Sets {@code shutdownTimeout}: how long {@link Session#close()} waits for torrents, connections and disk writes to finish.
         *
         * @param value the value
         * @return this builder
         */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = value;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if a value is out of range
         */
        public SessionSettings build() {
            return new SessionSettings(listenAddress, networkThreads, diskThreads, checkingThreads, maxConnections, maxConnectionsPerTorrent, maxHalfOpenConnections, uploadSlots, seedChokingAlgorithm, downloadRateLimit, uploadRateLimit, requestQueueTime, maxOutRequestQueue, requestQueue, connectTimeout, peerTimeout, requestTimeout, allowMultipleConnectionsPerIp, alertQueueSize, alertCategories, onlyHttpAndUdpTrackers, localTrackersNeedAnnouncePath, announceToAllTiers, announceToAllTrackers, peerExchange, localServiceDiscovery, localServiceDiscoveryPort, localServiceDiscoveryInterface, allowedFastSetSize, shutdownTimeout);
        }
    }
}
