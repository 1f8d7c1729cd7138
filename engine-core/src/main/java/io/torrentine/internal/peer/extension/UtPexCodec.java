package io.torrentine.internal.peer.extension;

import io.netty.buffer.ByteBuf;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BencodeEncoder;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes and encodes BEP 11 ut_pex payloads: compact peers (4 or 16 address bytes, then the
 * port, big-endian) in {@code added}/{@code dropped} (IPv4) and {@code added6}/{@code dropped6}
 * (IPv6), with one flags byte per added peer in {@code added.f}/{@code added6.f}.
 *
 * <p>Decoding rejects only what libtorrent rejects: a payload over
 * {@link ExtensionLimits#maxPexSize()}, malformed bencode, a value that is not a dictionary.
 * Like libtorrent it is lenient with the rest: a list whose length is not a multiple of the
 * entry size loses its trailing partial entry; a flags string of the wrong length drops its
 * added list (libtorrent does the same, since the flags cannot be matched to peers); a missing
 * flags string means flags 0; a key of the wrong type is ignored; the added and the dropped lists (IPv4 and
 * IPv6 together) are each truncated to {@link ExtensionLimits#maxPexPeers()} entries (BEP 11 says senders put at most 50 in each, except
 * in their first message, where libtorrent sends up to 100). Encoding refuses more than
 * {@value PexMessage#MAX_PEERS_PER_LIST} added or dropped peers, or
 * {@value PexMessage#MAX_PEERS_INITIAL} in a peer's first message.
 */
public final class UtPexCodec {
    private static final int V4 = 6;
    private static final int V6 = 18;

    private UtPexCodec() {
    }

    /**
     * Decodes a payload; the buffer is neither moved nor released.
     *
     * @param payload the bytes after the extended message id
     * @param limits the bounds
     * @return the message
     * @throws ExtensionProtocolException if the payload must be rejected (see the class comment)
     */
    public static PexMessage decode(ByteBuf payload, ExtensionLimits limits) {
        Payloads.checkSize(payload.readableBytes(), limits.maxPexSize(), "ut_pex message");
        return decode(Payloads.bytes(payload), limits);
    }

    /**
     * Decodes a payload.
     *
     * @param payload the bytes after the extended message id
     * @param limits the bounds
     * @return the message
     * @throws ExtensionProtocolException if the payload must be rejected (see the class comment)
     */
    public static PexMessage decode(byte[] payload, ExtensionLimits limits) {
        Payloads.checkSize(payload.length, limits.maxPexSize(), "ut_pex message");
        BDictionary dict = (BDictionary) Payloads.decodeDictionary(payload, limits.maxPexSize(), false).value();
        int max = limits.maxPexPeers();
        List<PexPeer> added = new ArrayList<>();
        addPeers(dict, "added", "added.f", V4, max, added);
        addPeers(dict, "added6", "added6.f", V6, max, added);
        List<InetSocketAddress> dropped = new ArrayList<>();
        dropped.addAll(addresses(dict.getString("dropped"), V4, max));
        dropped.addAll(addresses(dict.getString("dropped6"), V6, max - dropped.size()));
        return new PexMessage(added, dropped);
    }

    /**
     * Encodes a message canonically. Every key is written, empty when there is nothing, as
     * libtorrent does.
     *
     * @param message the message
     * @param initial whether it is the first message to this peer, which may list more peers
     * @return the payload
     * @throws IllegalArgumentException if either list holds more than
     *     {@value PexMessage#MAX_PEERS_PER_LIST} peers (BEP 11), or
     *     {@value PexMessage#MAX_PEERS_INITIAL} in the first message
     */
    public static byte[] encode(PexMessage message, boolean initial) {
        int max = initial ? PexMessage.MAX_PEERS_INITIAL : PexMessage.MAX_PEERS_PER_LIST;
        if (message.added().size() > max || message.dropped().size() > max) {
            throw new IllegalArgumentException("at most " + max + " added and " + max + " dropped peers");
        }
        ByteArrayOutputStream added = new ByteArrayOutputStream();
        ByteArrayOutputStream addedFlags = new ByteArrayOutputStream();
        ByteArrayOutputStream added6 = new ByteArrayOutputStream();
        ByteArrayOutputStream added6Flags = new ByteArrayOutputStream();
        for (PexPeer peer : message.added()) {
            boolean v4 = peer.address().getAddress() instanceof Inet4Address;
            write(v4 ? added : added6, peer.address());
            (v4 ? addedFlags : added6Flags).write(peer.flags());
        }
        ByteArrayOutputStream dropped = new ByteArrayOutputStream();
        ByteArrayOutputStream dropped6 = new ByteArrayOutputStream();
        for (InetSocketAddress address : message.dropped()) {
            write(address.getAddress() instanceof Inet4Address ? dropped : dropped6, address);
        }
        BDictionary dict = BDictionary.builder()
                .put("added", added.toByteArray())
                .put("added.f", addedFlags.toByteArray())
                .put("added6", added6.toByteArray())
                .put("added6.f", added6Flags.toByteArray())
                .put("dropped", dropped.toByteArray())
                .put("dropped6", dropped6.toByteArray())
                .build();
        return BencodeEncoder.encode(dict);
    }

    private static void addPeers(BDictionary dict, String key, String flagsKey, int entry, int max,
                                 List<PexPeer> out) {
        Optional<BString> peers = dict.getString(key);
        if (peers.isEmpty()) {
            return;
        }
        int count = peers.get().length() / entry;
        Optional<BString> flags = dict.getString(flagsKey);
        if (flags.isPresent() && flags.get().length() != count) {
            return;
        }
        List<InetSocketAddress> addresses = addresses(peers, entry, max - out.size());
        for (int i = 0; i < addresses.size(); i++) {
            int f = flags.isPresent() ? flags.get().byteAt(i) & 0xff : 0;
            out.add(new PexPeer(addresses.get(i), f));
        }
    }

    private static List<InetSocketAddress> addresses(Optional<BString> compact, int entry, int max) {
        if (compact.isEmpty()) {
            return List.of();
        }
        byte[] bytes = compact.get().toByteArray();
        int count = Math.min(bytes.length / entry, max);
        List<InetSocketAddress> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = i * entry;
            byte[] ip = Arrays.copyOfRange(bytes, at, at + entry - 2);
            int port = ((bytes[at + entry - 2] & 0xff) << 8) | (bytes[at + entry - 1] & 0xff);
            out.add(new InetSocketAddress(Addresses.fromBytes(ip), port));
        }
        return out;
    }

    private static void write(ByteArrayOutputStream out, InetSocketAddress address) {
        out.writeBytes(address.getAddress().getAddress());
        out.write(address.getPort() >> 8);
        out.write(address.getPort());
    }
}
