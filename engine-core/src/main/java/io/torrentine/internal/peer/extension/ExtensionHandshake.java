package io.torrentine.internal.peer.extension;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The BEP 10 extension handshake (extended message id 0). Decode and encode with
 * {@link ExtensionHandshakeCodec}.
 *
 * @param messages {@code m}: extension name to the extended message id the sender wants to
 *     receive it under, 1 to 255; 0 means the sender disabled it (BEP 10)
 * @param client {@code v}: the client name and version
 * @param listenPort {@code p}: the sender's TCP listen port, 1 to 65535
 * @param yourIp {@code yourip}: our address as the sender sees it
 * @param ipv4 {@code ipv4}: the sender's IPv4 address
 * @param ipv6 {@code ipv6}: the sender's IPv6 address
 * @param requestQueue {@code reqq}: how many outstanding requests the sender accepts, positive
 * @param metadataSize {@code metadata_size}: the size of the info dictionary (BEP 9), positive
 * @param uploadOnly {@code upload_only}: the sender will not download (BEP 21)
 * @param completeAgo {@code complete_ago}: seconds since the sender last had every piece (libtorrent)
 */
public record ExtensionHandshake(Map<String, Integer> messages, Optional<String> client, OptionalInt listenPort,
                                 Optional<InetAddress> yourIp, Optional<Inet4Address> ipv4,
                                 Optional<Inet6Address> ipv6, OptionalInt requestQueue,
                                 OptionalLong metadataSize, boolean uploadOnly, OptionalLong completeAgo) {

    /** The BEP 9 extension name. */
    public static final String UT_METADATA = "ut_metadata";
    /** The BEP 11 extension name. */
    public static final String UT_PEX = "ut_pex";
    /** The BEP 54 extension name. */
    public static final String LT_DONTHAVE = "lt_donthave";

    /**
     * Checks the ranges and copies the map (sorted by name, so that equal handshakes compare equal).
     *
     * @param messages extension name to id
     * @param client the client name
     * @param listenPort the listen port
     * @param yourIp our address as seen by the sender
     * @param ipv4 the sender's IPv4 address
     * @param ipv6 the sender's IPv6 address
     * @param requestQueue the request queue size
     * @param metadataSize the info dictionary size
     * @param uploadOnly whether the sender only uploads
     * @param completeAgo seconds since the sender was complete
     * @throws IllegalArgumentException if an id, the port, the queue or a size is out of range
     */
    public ExtensionHandshake {
        TreeMap<String, Integer> copy = new TreeMap<>();
        for (Map.Entry<String, Integer> e : messages.entrySet()) {
            int id = Objects.requireNonNull(e.getValue());
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("extension id out of range: " + id);
            }
            copy.put(Objects.requireNonNull(e.getKey()), id);
        }
        messages = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(client);
        Objects.requireNonNull(yourIp);
        Objects.requireNonNull(ipv4);
        Objects.requireNonNull(ipv6);
        if (listenPort.isPresent() && (listenPort.getAsInt() < 1 || listenPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port out of range");
        }
        if (requestQueue.isPresent() && requestQueue.getAsInt() < 1) {
            throw new IllegalArgumentException("reqq must be positive");
        }
        if (metadataSize.isPresent() && metadataSize.getAsLong() < 1) {
            throw new IllegalArgumentException("metadata_size must be positive");
        }
        if (completeAgo.isPresent() && completeAgo.getAsLong() < 0) {
            throw new IllegalArgumentException("complete_ago must not be negative");
        }
    }

    /**
     * A handshake with only the {@code m} dictionary.
     *
     * @param messages extension name to id
     * @return the handshake
     */
    public static ExtensionHandshake of(Map<String, Integer> messages) {
        return new ExtensionHandshake(messages, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), false,
                OptionalLong.empty());
    }

    /**
     * The id the sender wants an extension's messages under, if it supports and enables it.
     *
     * @param name the extension name, for example {@link #UT_METADATA}
     * @return the id, 1 to 255; empty if absent or 0 (disabled, BEP 10)
     */
    public OptionalInt idOf(String name) {
        Integer id = messages.get(name);
        return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }
}
