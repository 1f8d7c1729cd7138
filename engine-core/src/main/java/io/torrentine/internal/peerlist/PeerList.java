package io.torrentine.internal.peerlist;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent's candidates to connect to (docs/peer-list.md). Peers arrive from trackers, the
 * DHT, PEX, LSD, resume data, the user and incoming connections; {@link #nextToConnect} hands
 * out the best one whose back-off has elapsed. Rules:
 *
 * <ul>
 *   <li>Order: user-added peers first, then fewer failures first (never-failed before failed),
 *       then higher BEP 40 canonical priority ({@link CanonicalPeerPriority}).</li>
 *   <li>Back-off: after a failed connect or any disconnect a peer is not dialled again before
 *       {@code minReconnect × (failCount + 1)}, capped at ten units. A failed connect and a
 *       protocol-error disconnect count as failures; a clean disconnect clears the count. A peer
 *       that reaches {@code maxFailCount} failures is dropped, unless the user added it.</li>
 *   <li>Seeds are not dialled while we are a seed ({@code weAreSeed} parameters).</li>
 *   <li>Bounds: at most {@code maxSize} entries. When full, a new peer evicts the worst idle
 *       entry not added by the user (not dialable first, then most failures, then lowest
 *       priority) if it is better than that entry (a user-added peer always is), else it is
 *       refused. Bans are kept in a separate set of the same bound; the oldest is forgotten
 *       when it is full.</li>
 *   <li>With {@code allowMultipleConnectionsPerIp == false} entries and bans are per IP (a peer
 *       learned again on another port updates the entry's port unless a dial is under way);
 *       otherwise per IP and port.</li>
 *   <li>Refused: unresolved addresses, port 0, wildcard, multicast and IPv4 broadcast addresses,
 *       banned ones, and ourselves (the listen address, the external address, and, when we listen
 *       on a wildcard address, loopback addresses on our listen port).</li>
 * </ul>
 *
 * <p>Not thread-safe: one per torrent, used on the torrent's event loop. Time only comes in as
 * {@code nowNanos} ({@link System#nanoTime()} base). The engine reports every dial it starts from
 * {@link #nextToConnect} with {@link #connected} or {@link #connectFailed}, and every connection
 * it keeps with {@link #disconnected} when it ends; an entry stays CONNECTING until then.
 * {@link #nextToConnect} and {@link #connectableCount} scan the entries once: O(n), no sorting.
 * Eviction takes the first of a sorted set of the evictable entries (O(log n)), so adding to a
 * full list costs no scan.
 */
public final class PeerList {
    private static final Logger log = LoggerFactory.getLogger(PeerList.class);
    /** The back-off stops growing at this many units (10 minutes with the default unit). */
    static final int MAX_BACKOFF_UNITS = 10;

    private enum State { IDLE, CONNECTING, CONNECTED }

    /** One candidate. The address's port changes only when entries are per IP. */
    private static final class Entry {
        InetSocketAddress address;
        int sources;
        boolean seed;
        boolean connectable;
        State state = State.IDLE;
        int failCount;
        boolean backingOff;
        long retryAtNanos;
        long priority;
        /** Creation order: the last tie-break of the eviction order, so that it is total. */
        final long serial;

        Entry(InetSocketAddress address, long serial) {
            this.address = address;
            this.serial = serial;
        }

        boolean user() {
            return (sources & bit(PeerSource.USER)) != 0;
        }
    }

    private final PeerListSettings settings;
    private final Map<Object, Entry> entries = new HashMap<>();
    /**
     * The idle entries not added by the user, worst first. An entry's eviction key (dialable,
     * failures, priority) must not change while it is in here: every change goes through
     * {@link #detach} and {@link #attach}.
     */
    private final TreeSet<Entry> evictable = new TreeSet<>(PeerList::evictionOrder);
    private long serials;
    /** Addresses found to be ourselves (a dial that reached our own peer id), oldest first. */
    private final Set<InetSocketAddress> selves = new LinkedHashSet<>();
    /** Bound of {@link #selves}: a host has few addresses; the oldest is forgotten beyond it. */
    static final int MAX_SELF_ADDRESSES = 16;
    /** Banned IPs or endpoints (the same keys as {@link #entries}), oldest first. */
    private final Set<Object> banned = new LinkedHashSet<>();
    private InetSocketAddress us;

    /**
     * Creates an empty list.
     *
     * @param settings the settings, fixed for the list's life
     */
    public PeerList(PeerListSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.us = settings.listenAddress();
    }

    /**
     * Sets our address as peers see it (from a tracker's {@code external ip} or a peer's BEP 10
     * {@code yourip}, once the engine trusts it) with our listen port: it becomes our side of the
     * BEP 40 priority (every entry is re-ranked) and is refused as a peer from now on.
     *
     * @param external our external address and port
     * @throws IllegalArgumentException if it is unresolved
     */
    public void ourAddress(InetSocketAddress external) {
        if (external.isUnresolved()) {
            throw new IllegalArgumentException("unresolved " + external);
        }
        us = external;
        evictable.clear();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.state == State.IDLE && isSelf(e.address)) {
                it.remove();
            } else {
                e.priority = CanonicalPeerPriority.of(us, e.address);
                attach(e);
            }
        }
    }

    /**
     * Records that an address is ourselves (a connection to it met our own peer id, e.g. our LAN
     * address or a NAT's external port that a tracker handed back): its entry is removed and it
     * is refused from now on. Unlike {@link #ban}, this never covers other ports of the IP, so a
     * loopback swarm is not cut off. At most {@value #MAX_SELF_ADDRESSES} such addresses are kept.
     *
     * @param address the address that reached us
     */
    public void markSelf(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return;
        }
        selves.remove(address);
        selves.add(address);
        if (selves.size() > MAX_SELF_ADDRESSES) {
            Iterator<InetSocketAddress> oldest = selves.iterator();
            oldest.next();
            oldest.remove();
        }
        Entry e = entries.get(key(address));
        if (e != null && e.address.equals(address)) {
            remove(e);
        }
    }

    /**
     * Adds a peer, or merges what is learned into its entry.
     *
     * @param address the peer's address (its listen port, except for {@link PeerSource#INCOMING})
     * @param source where it came from; {@link PeerSource#INCOMING} entries are not dialled
     * @param seed whether the source says it is a seed (true marks it; false clears nothing)
     * @return true if the peer is in the list now; false if refused (invalid, ourselves, banned,
     *     or the list is full of better peers)
     */
    public boolean add(InetSocketAddress address, PeerSource source, boolean seed) {
        Objects.requireNonNull(source, "source");
        if (!isValid(address) || isSelf(address) || isBanned(address)) {
            return false;
        }
        boolean connectable = source != PeerSource.INCOMING;
        Entry e = entries.get(key(address));
        if (e != null) {
            detach(e);
            e.sources |= bit(source);
            e.seed |= seed;
            if (source == PeerSource.USER) {
                // The user asked to connect now (libtorrent's connect_peer): no back-off.
                e.backingOff = false;
            }
            if (connectable) {
                if (!e.address.equals(address) && e.state != State.CONNECTING) {
                    // Per-IP entries: the newest port wins, as in libtorrent; an incoming
                    // entry's port was the far end's ephemeral port anyway.
                    e.address = address;
                    e.priority = CanonicalPeerPriority.of(us, address);
                }
                e.connectable = true;
            }
            attach(e);
            return true;
        }
        long priority = CanonicalPeerPriority.of(us, address);
        if (!makeRoom(source == PeerSource.USER, connectable, priority)) {
            return false;
        }
        e = new Entry(address, serials++);
        e.sources = bit(source);
        e.seed = seed;
        e.connectable = connectable;
        e.priority = priority;
        entries.put(key(address), e);
        attach(e);
        return true;
    }

    /**
     * The best candidate to dial now, marked CONNECTING: idle, dialable, not a seed while we are
     * one, its back-off elapsed. (The brief's {@code nextToConnect(long)} takes {@code weAreSeed}
     * here, like {@link #connectableCount}, so that the caller cannot forget it.)
     *
     * @param nowNanos the current time
     * @param weAreSeed whether we have the whole torrent: seeds are then skipped
     * @return the address to dial, or empty if no entry qualifies
     */
    public Optional<InetSocketAddress> nextToConnect(long nowNanos, boolean weAreSeed) {
        Entry best = null;
        for (Entry e : entries.values()) {
            if (isCandidate(e, nowNanos, weAreSeed) && (best == null || dialFirst(e, best))) {
                best = e;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        detach(best);
        best.state = State.CONNECTING;
        return Optional.of(best.address);
    }

    /**
     * Lifts every back-off, so that each idle entry may be dialled at once: a torrent that is
     * resumed reconnects to the peers it left when it paused instead of waiting out their
     * back-off. Failure counts are kept.
     */
    public void clearBackoff() {
        for (Entry e : entries.values()) {
            e.backingOff = false;
        }
    }

    /**
     * Reports a connection that is up (an outgoing dial that succeeded, or an accepted incoming
     * one). An incoming peer not in the list is added as not dialable (its port is ephemeral); if
     * the list is full of entries it may not evict, it is not tracked. Banned or invalid addresses
     * are ignored (the engine refuses those connections).
     *
     * @param address the far end of the connection
     * @param incoming whether the peer connected to us
     * @param nowNanos the current time
     */
    public void connected(InetSocketAddress address, boolean incoming, long nowNanos) {
        if (!isValid(address) || isBanned(address)) {
            return;
        }
        Entry e = entries.get(key(address));
        if (e == null) {
            long priority = CanonicalPeerPriority.of(us, address);
            if (!makeRoom(false, !incoming, priority)) {
                log.debug("peer list full, not tracking {}", address);
                return;
            }
            e = new Entry(address, serials++);
            e.sources = incoming ? bit(PeerSource.INCOMING) : 0;
            e.connectable = !incoming;
            e.priority = priority;
            entries.put(key(address), e);
        }
        detach(e);
        e.state = State.CONNECTED;
        e.backingOff = false;
    }

    /**
     * Reports a dial that failed: one failure more and a back-off; dropped at
     * {@code maxFailCount} unless user-added. Ignored for an entry connected meanwhile (an
     * incoming connection from the same peer won the race).
     *
     * @param address the address that was dialled
     * @param nowNanos the current time
     */
    public void connectFailed(InetSocketAddress address, long nowNanos) {
        Entry e = lookup(address);
        if (e == null || e.state == State.CONNECTED) {
            return;
        }
        detach(e);
        e.state = State.IDLE;
        e.failCount++;
        afterConnection(e, nowNanos);
    }

    /**
     * Reports a connection that ended. A protocol error counts as a failure, a clean end clears
     * the failures; either way the back-off starts. An entry that is not dialable (learned only
     * from its incoming connection) is removed.
     *
     * @param address the far end of the connection
     * @param nowNanos the current time
     * @param protocolError whether the peer broke the protocol (or the handshake failed)
     */
    public void disconnected(InetSocketAddress address, long nowNanos, boolean protocolError) {
        Entry e = lookup(address);
        if (e == null || e.state == State.IDLE) {
            return;
        }
        e.state = State.IDLE;
        e.failCount = protocolError ? e.failCount + 1 : 0;
        if (!e.connectable) {
            remove(e);
            return;
        }
        afterConnection(e, nowNanos);
    }

    /**
     * Bans a peer (smart ban after bad data, or a user decision): its entry is removed and later
     * adds and incoming connections are refused. Covers the whole IP unless
     * {@code allowMultipleConnectionsPerIp}. The engine closes any open connection itself.
     *
     * @param address the peer
     */
    public void ban(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return;
        }
        Object key = key(address);
        Entry e = entries.get(key);
        if (e != null) {
            remove(e);
        }
        banned.remove(key);
        banned.add(key);
        if (banned.size() > settings.maxSize()) {
            Iterator<Object> oldest = banned.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Whether a peer is banned (by IP, or by IP and port with {@code allowMultipleConnectionsPerIp}).
     *
     * @param address the peer
     * @return true if banned
     */
    public boolean isBanned(InetSocketAddress address) {
        return !address.isUnresolved() && banned.contains(key(address));
    }

    /**
     * Records whether a peer is a seed (from its bitfield, have-all or PEX flags).
     *
     * @param address the peer
     * @param seed whether it has the whole torrent
     */
    public void seed(InetSocketAddress address, boolean seed) {
        Entry e = lookup(address);
        if (e != null) {
            e.seed = seed;
        }
    }

    /**
     * How many entries the list holds (connected ones included, bans not).
     *
     * @return the count
     */
    public int size() {
        return entries.size();
    }

    /**
     * How many entries {@link #nextToConnect} could hand out now.
     *
     * @param nowNanos the current time
     * @param weAreSeed whether we are a seed (seeds do not count then)
     * @return the count
     */
    public int connectableCount(long nowNanos, boolean weAreSeed) {
        int n = 0;
        for (Entry e : entries.values()) {
            if (isCandidate(e, nowNanos, weAreSeed)) {
                n++;
            }
        }
        return n;
    }

    /** For tests: the eviction order holds exactly the idle non-user entries, and bounds hold. */
    void checkInvariants() {
        int expected = 0;
        for (Map.Entry<Object, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            if (!me.getKey().equals(key(e.address))) {
                throw new IllegalStateException("key " + me.getKey() + " for " + e.address);
            }
            boolean shouldBe = e.state == State.IDLE && !e.user();
            if (shouldBe != evictable.contains(e)) {
                throw new IllegalStateException("eviction order wrong for " + e.address);
            }
            expected += shouldBe ? 1 : 0;
        }
        if (expected != evictable.size() || entries.size() > settings.maxSize()
                || banned.size() > settings.maxSize()) {
            throw new IllegalStateException(entries.size() + " entries, " + evictable.size()
                    + " evictable, " + banned.size() + " bans");
        }
    }

    private void afterConnection(Entry e, long now) {
        if (e.failCount >= settings.maxFailCount() && !e.user()) {
            remove(e);
            return;
        }
        long units = Math.min(e.failCount + 1L, MAX_BACKOFF_UNITS);
        long delay;
        try {
            delay = Math.multiplyExact(settings.minReconnect().toNanos(), units);
        } catch (ArithmeticException tooLong) {
            delay = Long.MAX_VALUE / 4; // centuries: never again in practice
        }
        e.backingOff = true;
        e.retryAtNanos = now + delay;
        attach(e);
    }

    private static boolean isCandidate(Entry e, long now, boolean weAreSeed) {
        return e.state == State.IDLE && e.connectable && !(weAreSeed && e.seed)
                && (!e.backingOff || now - e.retryAtNanos >= 0);
    }

    /** Whether {@code a} should be dialled before {@code b}. */
    private static boolean dialFirst(Entry a, Entry b) {
        if (a.user() != b.user()) {
            return a.user();
        }
        if (a.failCount != b.failCount) {
            return a.failCount < b.failCount;
        }
        return a.priority > b.priority;
    }

    /** Worst first: not dialable, then most failures, then lowest priority, then oldest. */
    private static int evictionOrder(Entry a, Entry b) {
        if (a.connectable != b.connectable) {
            return a.connectable ? 1 : -1;
        }
        if (a.failCount != b.failCount) {
            return Integer.compare(b.failCount, a.failCount);
        }
        if (a.priority != b.priority) {
            return Long.compare(a.priority, b.priority);
        }
        return Long.compare(a.serial, b.serial);
    }

    /** Takes an entry out of the eviction order before its state or key changes. */
    private void detach(Entry e) {
        evictable.remove(e);
    }

    /** Puts an entry back into the eviction order if it may be evicted. */
    private void attach(Entry e) {
        if (e.state == State.IDLE && !e.user()) {
            evictable.add(e);
        }
    }

    private void remove(Entry e) {
        detach(e);
        entries.remove(key(e.address));
    }

    /**
     * Makes room for one new entry if the list is full: evicts the worst evictable entry if the
     * newcomer (no failures yet) is better, or if the user added it.
     */
    private boolean makeRoom(boolean user, boolean connectable, long priority) {
        if (entries.size() < settings.maxSize()) {
            return true;
        }
        if (evictable.isEmpty()) {
            return false;
        }
        Entry worst = evictable.first();
        boolean better = user || (connectable && (!worst.connectable || worst.failCount > 0
                || worst.priority < priority));
        if (!better) {
            return false;
        }
        remove(worst);
        return true;
    }

    private Entry lookup(InetSocketAddress address) {
        return address.isUnresolved() ? null : entries.get(key(address));
    }

    private Object key(InetSocketAddress address) {
        return settings.allowMultipleConnectionsPerIp() ? address : address.getAddress();
    }

    private boolean isSelf(InetSocketAddress address) {
        InetSocketAddress listen = settings.listenAddress();
        if (address.equals(listen) || address.equals(us) || selves.contains(address)) {
            return true;
        }
        return listen.getAddress().isAnyLocalAddress() && address.getAddress().isLoopbackAddress()
                && address.getPort() == listen.getPort();
    }

    private static boolean isValid(InetSocketAddress address) {
        if (address == null || address.isUnresolved() || address.getPort() == 0) {
            return false;
        }
        InetAddress ip = address.getAddress();
        return !ip.isAnyLocalAddress() && !ip.isMulticastAddress() && !isIpv4Broadcast(ip);
    }

    private static boolean isIpv4Broadcast(InetAddress ip) {
        if (!(ip instanceof Inet4Address)) {
            return false;
        }
        for (byte b : ip.getAddress()) {
            if (b != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    private static int bit(PeerSource source) {
        return 1 << source.ordinal();
    }
}
