package io.torrentine.internal.lsd;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of {@link LocalServiceDiscovery}.
 *
 * @param ipv4Group the IPv4 group and port (BEP 14: 239.192.152.143:6771), or empty for no IPv4
 * @param ipv6Group the IPv6 group and port (BEP 14: [ff15::efc0:988f]:6771), or empty for no IPv6
 * @param networkInterface the name of the interface to join the groups on and send from (e.g.
 *     {@code eth0}, {@code lo} in tests); empty: the first interface that is up, supports
 *     multicast, is not loopback and has an address of the family
 * @param multicastTtl the IP TTL / hop limit of our announces; BEP 14 suggests above 1 since the
 *     groups are org- and site-local
 * @param messageInterval the least time between two announces (BEP 14: "no more than 1 announce
 *     per minute"); pending info-hashes wait and are sent together
 * @param hashInterval an info-hash announced less than this ago is not queued again
 * @param maxPending the most info-hashes waiting to be announced; more are dropped (with a debug
 *     log) until the queue drains, the next periodic announce brings them back
 * @param foundPerSecond how many {@code peerFound} callbacks a second at most, steady rate;
 *     more are dropped: LSD comes from the local network, but nothing stops a host there flooding it
 * @param foundBurst the most callbacks at once
 * @param repeatWindow the same peer for the same info-hash is reported at most once in this window
 */
public record LsdSettings(Optional<InetSocketAddress> ipv4Group, Optional<InetSocketAddress> ipv6Group,
        Optional<String> networkInterface, int multicastTtl, Duration messageInterval, Duration hashInterval,
        int maxPending, int foundPerSecond, int foundBurst, Duration repeatWindow) {

    /** The BEP 14 IPv4 group (org-local). */
    public static final InetSocketAddress IPV4_GROUP = group(new byte[] {(byte) 239, (byte) 192, (byte) 152,
        (byte) 143});
    /** The BEP 14 IPv6 group (site-local). */
    public static final InetSocketAddress IPV6_GROUP = group(new byte[] {(byte) 0xff, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, (byte) 0xef, (byte) 0xc0, (byte) 0x98, (byte) 0x8f});

    /**
     * Checks the values.
     *
     * @param ipv4Group the IPv4 group
     * @param ipv6Group the IPv6 group
     * @param networkInterface the interface name
     * @param multicastTtl the TTL
     * @param messageInterval the least time between announces
     * @param hashInterval the least time between announces of one info-hash
     * @param maxPending the queue bound
     * @param foundPerSecond the callback rate
     * @param foundBurst the callback burst
     * @param repeatWindow the repeat suppression window
     * @throws IllegalArgumentException if a group is not a multicast address of its family, the
     *     TTL is not 1 to 255, a duration is negative or a count below 1
     */
    public LsdSettings {
        Objects.requireNonNull(ipv4Group, "ipv4Group");
        Objects.requireNonNull(ipv6Group, "ipv6Group");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(messageInterval, "messageInterval");
        Objects.requireNonNull(hashInterval, "hashInterval");
        Objects.requireNonNull(repeatWindow, "repeatWindow");
        if (ipv4Group.isPresent() && !(ipv4Group.get().getAddress() instanceof Inet4Address
                && ipv4Group.get().getAddress().isMulticastAddress())) {
            throw new IllegalArgumentException("not an IPv4 multicast group: " + ipv4Group.get());
        }
        if (ipv6Group.isPresent() && !(ipv6Group.get().getAddress() instanceof Inet6Address
                && ipv6Group.get().getAddress().isMulticastAddress())) {
            throw new IllegalArgumentException("not an IPv6 multicast group: " + ipv6Group.get());
        }
        if (multicastTtl < 1 || multicastTtl > 255 || messageInterval.isNegative() || hashInterval.isNegative()
                || repeatWindow.isNegative() || maxPending < 1 || foundPerSecond < 1 || foundBurst < 1) {
            throw new IllegalArgumentException("invalid LSD settings");
        }
    }

    /**
     * Both BEP 14 groups on the default interface, TTL 32, an announce a minute at most, an
     * info-hash at most once a minute, 1000 pending info-hashes, 20 peers found a second (100 at
     * once), each peer and info-hash reported once a minute.
     *
     * @return the defaults
     */
    public static LsdSettings defaults() {
        return new LsdSettings(Optional.of(IPV4_GROUP), Optional.of(IPV6_GROUP), Optional.empty(), 32,
                Duration.ofMinutes(1), Duration.ofMinutes(1), 1000, 20, 100, Duration.ofMinutes(1));
    }

    /**
     * A copy with other groups and interface (tests: a private port on {@code lo}).
     *
     * @param ipv4 the IPv4 group, or empty
     * @param ipv6 the IPv6 group, or empty
     * @param interfaceName the interface, or empty for the default
     * @return the copy
     */
    public LsdSettings withGroups(Optional<InetSocketAddress> ipv4, Optional<InetSocketAddress> ipv6,
                                  Optional<String> interfaceName) {
        return new LsdSettings(ipv4, ipv6, interfaceName, multicastTtl, messageInterval, hashInterval, maxPending,
                foundPerSecond, foundBurst, repeatWindow);
    }

    /**
     * A copy with other announce intervals.
     *
     * @param message the least time between announces
     * @param hash the least time between announces of one info-hash
     * @return the copy
     */
    public LsdSettings withIntervals(Duration message, Duration hash) {
        return new LsdSettings(ipv4Group, ipv6Group, networkInterface, multicastTtl, message, hash, maxPending,
                foundPerSecond, foundBurst, repeatWindow);
    }

    private static InetSocketAddress group(byte[] ip) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), 6771);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
