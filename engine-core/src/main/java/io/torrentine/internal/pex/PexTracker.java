package io.torrentine.internal.pex;

import io.torrentine.internal.peer.extension.ExtensionProtocolException;
import io.torrentine.internal.peer.extension.PexMessage;
import io.torrentine.internal.peer.extension.PexPeer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The BEP 11 peer exchange policy of one torrent: what each connection is told, and which peers
 * its messages may add to the peer list. Call it on the torrent's event loop only; it holds no
 * locks and reads no clock (every call takes {@code nowNanos}). A private torrent (BEP 27) must
 * not create one.
 *
 * <p><b>Outgoing.</b> A connection is told about the torrent's other connections whose listen
 * address is known (port not 0). {@link #messageFor} returns the difference between that set and
 * what the connection was told before: {@code added} for peers it has not heard of, {@code dropped}
 * for peers it heard of that are gone. It returns nothing more often than once per
 * {@link PexSettings#messageInterval()} (BEP 11: once a minute), nothing when there is no change,
 * and at most {@link PexSettings#maxAddedPerMessage()} added and
 * {@link PexSettings#maxDroppedPerMessage()} dropped peers ({@link PexSettings#maxInitialPeers()}
 * in the first message); what does not fit goes in later messages. Because the difference is
 * taken against what was actually sent, a peer that connected and left between two messages is
 * never mentioned, one that left and came back is not dropped, an added peer is never dropped in
 * the same message, and every added peer is dropped once it leaves (all BEP 11 rules). A
 * connection is never told about itself.
 *
 * <p><b>Incoming.</b> {@link #received} validates the added peers of a message and returns those
 * worth adding to the peer list (source PEX, with the sender's flags, e.g. {@link PexPeer#SEED}).
 * Refused: port 0, wildcard, multicast and broadcast addresses, IPv6 link-local addresses (no
 * scope to reach them with), loopback addresses unless the sender is on loopback itself (a remote
 * peer must not make us dial our own machine's services), the sender's own address, a peer also
 * listed as dropped in the same message (BEP 11), duplicate entries, and, when
 * {@link PexSettings#ignoreDuplicateIps()} is set, a second entry with an IP already in the
 * message (BEP 11's security advice). Each connection has a peer budget of
 * {@link PexSettings#peerBurst()} that regains {@link PexSettings#peersPerInterval()} per
 * {@code messageInterval}; peers beyond it are ignored, so one connection cannot flood the peer
 * list. A connection that sends more than {@link PexSettings#maxMessagesPerWindow()} messages
 * within {@link PexSettings#floodWindow()} has broken BEP 11 egregiously: {@code received} throws
 * {@link ExtensionProtocolException} ({@code TOO_FREQUENT}) and the caller closes it, as libtorrent
 * does. The dropped list of a message is not used: a dropped peer may still be reachable, and
 * the peer list's own back-off deals with peers that are gone.
 *
 * <p>Cost: {@code messageFor} is linear in the number of connections, so a torrent that asks for
 * every connection's message once a minute does O(n²) cheap work a minute.
 */
public final class PexTracker {
    private final PexSettings settings;
    /** In connection order, so that older (longer-lived) peers are advertised first. */
    private final Map<Object, Connection> connections = new LinkedHashMap<>();

    /**
     * Creates a tracker with no connections.
     *
     * @param settings the limits
     */
    public PexTracker(PexSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The BEP 11 flags byte that describes a connection.
     *
     * @param encryption the peer prefers encryption ({@code e} in its extension handshake)
     * @param seed the peer is a seed or upload-only (BEP 21)
     * @param utp the connection is over uTP, or the peer said it supports it
     * @param holepunch the peer offered {@code ut_holepunch} (BEP 55)
     * @param outgoing we dialled the peer, so its address is reachable
     * @return the flags, a combination of {@link PexPeer}'s constants
     */
    public static int flags(boolean encryption, boolean seed, boolean utp, boolean holepunch, boolean outgoing) {
        return (encryption ? PexPeer.ENCRYPTION : 0) | (seed ? PexPeer.SEED : 0) | (utp ? PexPeer.UTP : 0)
                | (holepunch ? PexPeer.HOLEPUNCH : 0) | (outgoing ? PexPeer.OUTGOING : 0);
    }

    /**
     * Records a connection that completed its handshake, or updates one already recorded (its
     * listen port became known through the extension handshake's {@code p}, it became a seed).
     * Flags already advertised to other connections are not re-sent: BEP 11 has no update.
     *
     * @param conn the connection (any object with identity equality, e.g. the {@code PeerConnection})
     * @param listenAddress the peer's IP and listen port; port 0 when the listen port is not
     *     known yet (an incoming connection without {@code p}): such a connection gets and sends
     *     messages but is not advertised to others
     * @param flags the BEP 11 flags ({@link #flags})
     * @return false if the connection was new and {@link PexSettings#maxConnections()} are
     *     already tracked: it is then ignored
     * @throws IllegalArgumentException if the address is unresolved or the flags not a byte
     */
    public boolean connected(Object conn, InetSocketAddress listenAddress, int flags) {
        Objects.requireNonNull(conn, "conn");
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (listenAddress.isUnresolved() || flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("address " + listenAddress + ", flags " + flags);
        }
        Connection c = connections.get(conn);
        if (c == null) {
            if (connections.size() >= settings.maxConnections()) {
                return false;
            }
            c = new Connection(settings.peerBurst());
            connections.put(conn, c);
        }
        c.listenAddress = listenAddress;
        c.flags = flags;
        return true;
    }

    /**
     * Forgets a connection; the next messages to the others drop it if they were told of it.
     *
     * @param conn the connection
     */
    public void disconnected(Object conn) {
        connections.remove(conn);
    }

    /**
     * How many connections are tracked.
     *
     * @return the count
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * The next ut_pex message for a connection, if one is due and there is something to say.
     * When a message is returned it is taken as sent: call this only when the message will go
     * out (the peer negotiated ut_pex).
     *
     * @param conn the connection
     * @param nowNanos the current time ({@code System.nanoTime()} scale)
     * @return the message, or empty if the connection is unknown, got a message less than
     *     {@link PexSettings#messageInterval()} ago, or nothing changed
     */
    public Optional<OutgoingPex> messageFor(Object conn, long nowNanos) {
        Connection c = connections.get(conn);
        if (c == null || (c.sentAny && nowNanos - c.lastSentNanos < settings.messageInterval().toNanos())) {
            return Optional.empty();
        }
        boolean initial = !c.sentAny;
        int maxAdded = initial ? settings.maxInitialPeers() : settings.maxAddedPerMessage();
        int maxDropped = initial ? settings.maxInitialPeers() : settings.maxDroppedPerMessage();
        Map<InetSocketAddress, Integer> current = new LinkedHashMap<>();
        for (Map.Entry<Object, Connection> e : connections.entrySet()) {
            InetSocketAddress a = e.getValue().listenAddress;
            if (e.getKey() != conn && a.getPort() != 0 && !a.equals(c.listenAddress)) {
                current.putIfAbsent(a, e.getValue().flags);
            }
        }
        List<PexPeer> added = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Integer> e : current.entrySet()) {
            if (added.size() == maxAdded) {
                break;
            }
            if (!c.advertised.contains(e.getKey())) {
                added.add(new PexPeer(e.getKey(), e.getValue()));
            }
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (InetSocketAddress a : c.advertised) {
            if (dropped.size() == maxDropped) {
                break;
            }
            if (!current.containsKey(a)) {
                dropped.add(a);
            }
        }
        if (added.isEmpty() && dropped.isEmpty()) {
            return Optional.empty();
        }
        for (PexPeer p : added) {
            c.advertised.add(p.address());
        }
        dropped.forEach(c.advertised::remove);
        c.sentAny = true;
        c.lastSentNanos = nowNanos;
        return Optional.of(new OutgoingPex(new PexMessage(added, dropped), initial));
    }

    /**
     * Takes a ut_pex message a connection sent: applies the flood rule, then returns the added
     * peers worth adding to the peer list (see the class comment for what is refused).
     *
     * @param conn the connection it came from
     * @param message the decoded message
     * @param nowNanos the current time
     * @return the peers to add, with source PEX, in message order; empty if the connection is unknown
     * @throws ExtensionProtocolException ({@code TOO_FREQUENT}) if the connection sent more than
     *     {@link PexSettings#maxMessagesPerWindow()} messages within {@link PexSettings#floodWindow()}:
     *     close it
     */
    public List<PexPeer> received(Object conn, PexMessage message, long nowNanos) {
        Connection c = connections.get(conn);
        if (c == null) {
            return List.of();
        }
        checkFlood(c, nowNanos);
        refill(c, nowNanos);
        Set<InetSocketAddress> dropped = new HashSet<>(message.dropped());
        Set<InetSocketAddress> seen = new HashSet<>();
        Set<InetAddress> seenIps = new HashSet<>();
        boolean senderOnLoopback = c.listenAddress.getAddress().isLoopbackAddress();
        List<PexPeer> out = new ArrayList<>();
        for (PexPeer p : message.added()) {
            if (c.budget < 1) {
                break;
            }
            InetSocketAddress a = p.address();
            if (!acceptable(a, senderOnLoopback) || sameEndpoint(a, c.listenAddress) || dropped.contains(a)
                    || !seen.add(a)) {
                continue;
            }
            if (settings.ignoreDuplicateIps() && !seenIps.add(a.getAddress())) {
                continue;
            }
            out.add(p);
            c.budget--;
        }
        return out;
    }

    private void checkFlood(Connection c, long nowNanos) {
        ArrayDeque<Long> times = c.messageTimes;
        if (times.size() == settings.maxMessagesPerWindow()) {
            if (nowNanos - times.peekFirst() < settings.floodWindow().toNanos()) {
                throw new ExtensionProtocolException(ExtensionProtocolException.Reason.TOO_FREQUENT,
                        (times.size() + 1) + " ut_pex messages within " + settings.floodWindow());
            }
            times.pollFirst();
        }
        times.addLast(nowNanos);
    }

    private void refill(Connection c, long nowNanos) {
        if (!c.receivedAny) {
            c.receivedAny = true;
            c.refilledNanos = nowNanos;
            return;
        }
        long period = Math.max(1, settings.messageInterval().toNanos() / settings.peersPerInterval());
        long elapsed = nowNanos - c.refilledNanos;
        if (elapsed < period) {
            return;
        }
        // Whole peers only, keeping the remainder, so that many short gaps add up exactly.
        long gained = elapsed / period;
        if (c.budget + gained >= settings.peerBurst()) {
            c.budget = settings.peerBurst();
            c.refilledNanos = nowNanos;
        } else {
            c.budget += (int) gained;
            c.refilledNanos += gained * period;
        }
    }

    /** Addresses a peer could listen on and that a remote peer may point us at. */
    private static boolean acceptable(InetSocketAddress a, boolean senderOnLoopback) {
        InetAddress ip = a.getAddress();
        if (a.getPort() == 0 || ip.isAnyLocalAddress() || ip.isMulticastAddress() || ip.isLinkLocalAddress()) {
            return false;
        }
        if (ip instanceof Inet4Address) {
            byte[] raw = ip.getAddress();
            if ((raw[0] & 0xff) == 255 && (raw[1] & 0xff) == 255 && (raw[2] & 0xff) == 255 && (raw[3] & 0xff) == 255) {
                return false;
            }
        }
        return !ip.isLoopbackAddress() || senderOnLoopback;
    }

    private static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress sender) {
        return a.getPort() == sender.getPort() && a.getAddress().equals(sender.getAddress());
    }

    /** What the tracker knows of one connection. */
    private static final class Connection {
        InetSocketAddress listenAddress;
        int flags;
        /** What this connection has been told is connected: the base of the next diff. */
        final Set<InetSocketAddress> advertised = new LinkedHashSet<>();
        boolean sentAny;
        long lastSentNanos;
        /** The times of its last messages, at most {@code maxMessagesPerWindow}. */
        final ArrayDeque<Long> messageTimes = new ArrayDeque<>();
        int budget;
        boolean receivedAny;
        long refilledNanos;

        Connection(int budget) {
            this.budget = budget;
        }
    }

    /**
     * For tests: the addresses a connection has been told about.
     *
     * @param conn the connection
     * @return a copy, empty if unknown
     */
    Set<InetSocketAddress> advertisedTo(Object conn) {
        Connection c = connections.get(conn);
        return c == null ? Set.of() : Set.copyOf(c.advertised);
    }
}
