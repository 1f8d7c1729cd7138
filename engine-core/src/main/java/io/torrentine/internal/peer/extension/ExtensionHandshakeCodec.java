package io.torrentine.internal.peer.extension;

import io.netty.buffer.ByteBuf;
import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decodes and encodes the BEP 10 extension handshake payload.
 *
 * <p>Decoding rejects (with {@link ExtensionProtocolException}) a payload over
 * {@link ExtensionLimits#maxHandshakeSize()}, malformed bencode, a value that is not a
 * dictionary, an {@code m} that is not a dictionary, and a {@code metadata_size} over
 * {@link ExtensionLimits#maxMetadataSize()} (BEP 9: the peer would make us allocate it).
 * Every other malformed value is ignored as if the key were absent, as libtorrent does: an
 * {@code m} entry that is not an integer in 0..255, a {@code p} outside 1..65535, a
 * {@code yourip} not of 4 or 16 bytes, an {@code ipv4}/{@code ipv6} of the wrong length, a
 * {@code reqq} or {@code metadata_size} not positive, a {@code complete_ago} negative, a
 * {@code v} that is not a string. Unknown keys are ignored (BEP 10).
 */
public final class ExtensionHandshakeCodec {
    private ExtensionHandshakeCodec() {
    }

    /**
     * Decodes a handshake payload; the buffer is neither moved nor released.
     *
     * @param payload the bytes after the extended message id
     * @param limits the bounds
     * @return the handshake
     * @throws ExtensionProtocolException if the payload must be rejected (see the class comment)
     */
    public static ExtensionHandshake decode(ByteBuf payload, ExtensionLimits limits) {
        Payloads.checkSize(payload.readableBytes(), limits.maxHandshakeSize(), "extension handshake");
        return decode(Payloads.bytes(payload), limits);
    }

    /**
     * Decodes a handshake payload.
     *
     * @param payload the bytes after the extended message id
     * @param limits the bounds
     * @return the handshake
     * @throws ExtensionProtocolException if the payload must be rejected (see the class comment)
     */
    public static ExtensionHandshake decode(byte[] payload, ExtensionLimits limits) {
        Payloads.checkSize(payload.length, limits.maxHandshakeSize(), "extension handshake");
        BDictionary dict = (BDictionary) Payloads.decodeDictionary(payload, limits.maxHandshakeSize(), false).value();
        Map<String, Integer> messages = new HashMap<>();
        Optional<BValue> m = dict.get("m");
        if (m.isPresent()) {
            if (!(m.get() instanceof BDictionary md)) {
                throw new ExtensionProtocolException(ExtensionProtocolException.Reason.INVALID_FIELD,
                        "m is not a dictionary");
            }
            for (Map.Entry<BString, BValue> e : md.asMap().entrySet()) {
                if (e.getValue() instanceof BInteger id && id.value() >= 0 && id.value() <= 255) {
                    messages.put(e.getKey().asUtf8(), (int) id.value());
                }
            }
        }
        OptionalLong metadataSize = positive(dict, "metadata_size");
        if (metadataSize.isPresent() && metadataSize.getAsLong() > limits.maxMetadataSize()) {
            throw new ExtensionProtocolException(ExtensionProtocolException.Reason.METADATA_TOO_LARGE,
                    "metadata_size " + metadataSize.getAsLong() + ", limit " + limits.maxMetadataSize());
        }
        OptionalLong port = positive(dict, "p");
        OptionalLong reqq = positive(dict, "reqq");
        Optional<Long> completeAgo = dict.getLong("complete_ago").filter(v -> v >= 0);
        return new ExtensionHandshake(messages,
                dict.getString("v").map(BString::asUtf8),
                port.isPresent() && port.getAsLong() <= 65535 ? OptionalInt.of((int) port.getAsLong()) : OptionalInt.empty(),
                address(dict, "yourip", true, true),
                address(dict, "ipv4", true, false).map(a -> (Inet4Address) a),
                address(dict, "ipv6", false, true).map(a -> (Inet6Address) a),
                reqq.isPresent() ? OptionalInt.of((int) Math.min(reqq.getAsLong(), Integer.MAX_VALUE)) : OptionalInt.empty(),
                metadataSize,
                dict.getLong("upload_only").map(v -> v != 0).orElse(false),
                completeAgo.isPresent() ? OptionalLong.of(completeAgo.get()) : OptionalLong.empty());
    }

    /**
     * Encodes a handshake canonically (keys sorted); absent fields and a false
     * {@code upload_only} are left out.
     *
     * @param handshake the handshake
     * @return the payload
     */
    public static byte[] encode(ExtensionHandshake handshake) {
        BDictionary.Builder m = BDictionary.builder();
        handshake.messages().forEach((name, id) -> m.put(name, id.longValue()));
        BDictionary.Builder b = BDictionary.builder().put("m", m.build());
        handshake.client().ifPresent(v -> b.put("v", v));
        handshake.listenPort().ifPresent(p -> b.put("p", p));
        handshake.yourIp().ifPresent(a -> b.put("yourip", a.getAddress()));
        handshake.ipv4().ifPresent(a -> b.put("ipv4", a.getAddress()));
        handshake.ipv6().ifPresent(a -> b.put("ipv6", a.getAddress()));
        handshake.requestQueue().ifPresent(q -> b.put("reqq", q));
        handshake.metadataSize().ifPresent(s -> b.put("metadata_size", s));
        if (handshake.uploadOnly()) {
            b.put("upload_only", 1);
        }
        handshake.completeAgo().ifPresent(s -> b.put("complete_ago", s));
        return BencodeEncoder.encode(b.build());
    }

    private static OptionalLong positive(BDictionary dict, String key) {
        Optional<Long> v = dict.getLong(key).filter(x -> x > 0);
        return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
    }

    private static Optional<InetAddress> address(BDictionary dict, String key, boolean v4, boolean v6) {
        Optional<BString> s = dict.getString(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        int length = s.get().length();
        if (!(v4 && length == 4) && !(v6 && length == 16)) {
            return Optional.empty();
        }
        return Optional.of(Addresses.fromBytes(s.get().toByteArray()));
    }
}
