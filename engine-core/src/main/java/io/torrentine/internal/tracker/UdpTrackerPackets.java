package io.torrentine.internal.tracker;

import io.netty.buffer.ByteBuf;
import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The packets of the UDP tracker protocol (BEP 15) and its URL data option (BEP 41): requests
 * written into a {@link ByteBuf}, responses read from the bytes of one datagram.
 */
public final class UdpTrackerPackets {
    /** The magic constant of a connect request. */
    public static final long PROTOCOL_ID = 0x41727101980L;
    /** Action 0: connect. */
    public static final int CONNECT = 0;
    /** Action 1: announce. */
    public static final int ANNOUNCE = 1;
    /** Action 2: scrape. */
    public static final int SCRAPE = 2;
    /** Action 3: error. */
    public static final int ERROR = 3;
    /** BEP 15: "up to about 74 torrents can be scraped at once". */
    public static final int MAX_SCRAPE_HASHES = 74;
    /** BEP 41 option type 2, URL data; at most 255 bytes per option. */
    public static final int OPTION_URL_DATA = 2;
    /** The most URL data sent in options (libtorrent caps the request string the same way). */
    public static final int MAX_URL_DATA = 1024;

    private static final int HEADER = 8;
    private static final int ANNOUNCE_HEADER = 20;

    private UdpTrackerPackets() {
    }

    /**
     * A response read from a datagram.
     */
    public sealed interface Reply permits Connected, Announced, Scraped, Failed {
        /**
         * The transaction id it answers.
         *
         * @return the id
         */
        int transactionId();
    }

    /**
     * A connect response.
     *
     * @param transactionId the transaction id
     * @param connectionId the connection id to use for a minute
     */
    public record Connected(int transactionId, long connectionId) implements Reply {
    }

    /**
     * An announce response.
     *
     * @param transactionId the transaction id
     * @param response the interval, counts and peers
     */
    public record Announced(int transactionId, AnnounceResponse response) implements Reply {
    }

    /**
     * A scrape response.
     *
     * @param transactionId the transaction id
     * @param response the counts per info-hash
     */
    public record Scraped(int transactionId, ScrapeResponse response) implements Reply {
    }

    /**
     * An error response (action 3).
     *
     * @param transactionId the transaction id
     * @param message the tracker's text
     */
    public record Failed(int transactionId, String message) implements Reply {
    }

    /**
     * Writes a connect request.
     *
     * @param out the buffer
     * @param transactionId a random transaction id
     */
    public static void writeConnect(ByteBuf out, int transactionId) {
        out.writeLong(PROTOCOL_ID).writeInt(CONNECT).writeInt(transactionId);
    }

    /**
     * Writes an announce request, with the URL's path and query as BEP 41 URL data options.
     *
     * @param out the buffer
     * @param connectionId the connection id
     * @param transactionId a random transaction id
     * @param request what to announce
     * @param urlData the path and query of the tracker URL as bytes, possibly empty; cut at
     *     {@link #MAX_URL_DATA}
     */
    public static void writeAnnounce(ByteBuf out, long connectionId, int transactionId,
                                     AnnounceRequest request, byte[] urlData) {
        out.writeLong(connectionId).writeInt(ANNOUNCE).writeInt(transactionId)
                .writeBytes(request.infoHash()).writeBytes(request.peerId())
                .writeLong(request.downloaded()).writeLong(request.left()).writeLong(request.uploaded())
                .writeInt(request.event().udpCode())
                .writeInt(0) // IP: 0 lets the tracker use the packet's source (BEP 15, also for IPv6)
                .writeInt(request.key()).writeInt(request.numWant()).writeShort(request.port());
        int length = Math.min(urlData.length, MAX_URL_DATA);
        for (int off = 0; off < length; off += 255) {
            int chunk = Math.min(255, length - off);
            out.writeByte(OPTION_URL_DATA).writeByte(chunk).writeBytes(urlData, off, chunk);
        }
    }

    /**
     * Writes a scrape request.
     *
     * @param out the buffer
     * @param connectionId the connection id
     * @param transactionId a random transaction id
     * @param infoHashes 1 to {@link #MAX_SCRAPE_HASHES} info-hashes
     */
    public static void writeScrape(ByteBuf out, long connectionId, int transactionId, List<Sha1Hash> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("1 to " + MAX_SCRAPE_HASHES + " info-hashes per UDP scrape");
        }
        out.writeLong(connectionId).writeInt(SCRAPE).writeInt(transactionId);
        for (Sha1Hash h : infoHashes) {
            out.writeBytes(h.toByteArray());
        }
    }

    /**
     * The transaction id of a datagram, if it is long enough to have one.
     *
     * @param packet the datagram
     * @return the id, or empty for fewer than 8 bytes
     */
    public static OptionalInt transactionId(byte[] packet) {
        return packet.length < HEADER ? OptionalInt.empty() : OptionalInt.of(ByteBuffer.wrap(packet).getInt(4));
    }

    /**
     * Reads a response to a request of the given action.
     *
     * @param packet the datagram
     * @param expectedAction the action of the request it answers
     * @param v6Peers whether announce peers are 18-byte entries (the tracker was reached over IPv6)
     * @param scrapeHashes the info-hashes a scrape asked for, in order (empty otherwise)
     * @param url the tracker's URL, for errors
     * @param maxPeers the most peers kept
     * @return the reply
     * @throws TrackerException {@code MALFORMED_RESPONSE} if the packet is too short or its
     *     action is neither the expected one nor an error
     */
    public static Reply parse(byte[] packet, int expectedAction, boolean v6Peers, List<Sha1Hash> scrapeHashes,
                              String url, int maxPeers) {
        if (packet.length < HEADER) {
            throw malformed(url, "packet of " + packet.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        int action = b.getInt();
        int transactionId = b.getInt();
        if (action == ERROR) {
            String message = new String(packet, HEADER, Math.min(packet.length - HEADER,
                    HttpTrackerResponses.MAX_MESSAGE_CHARS), StandardCharsets.UTF_8);
            return new Failed(transactionId, message);
        }
        if (action != expectedAction) {
            throw malformed(url, "action " + action + " in answer to action " + expectedAction);
        }
        switch (action) {
            case CONNECT:
                if (packet.length < 16) {
                    throw malformed(url, "connect response of " + packet.length + " bytes");
                }
                return new Connected(transactionId, b.getLong());
            case ANNOUNCE:
                return new Announced(transactionId, announce(b, packet, v6Peers, url, maxPeers));
            case SCRAPE:
                return new Scraped(transactionId, scrape(b, packet, scrapeHashes, url));
            default:
                throw malformed(url, "unknown action " + action);
        }
    }

    private static AnnounceResponse announce(ByteBuffer b, byte[] packet, boolean v6, String url, int maxPeers) {
        if (packet.length < ANNOUNCE_HEADER) {
            throw malformed(url, "announce response of " + packet.length + " bytes");
        }
        int interval = Math.max(0, b.getInt());
        int leechers = Math.max(0, b.getInt());
        int seeders = Math.max(0, b.getInt());
        int entry = v6 ? 18 : 6;
        int addressLength = entry - 2;
        List<PeerAddress> peers = new ArrayList<>();
        // Trailing bytes shorter than an entry are ignored.
        while (b.remaining() >= entry && peers.size() < maxPeers) {
            byte[] ip = new byte[addressLength];
            b.get(ip);
            int port = b.getShort() & 0xFFFF;
            if (port != 0) {
                peers.add(new PeerAddress(address(ip).getHostAddress(), port));
            }
        }
        return new AnnounceResponse(interval, OptionalInt.empty(), peers, OptionalInt.of(seeders),
                OptionalInt.of(leechers), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ScrapeResponse scrape(ByteBuffer b, byte[] packet, List<Sha1Hash> hashes, String url) {
        Map<Sha1Hash, ScrapeResponse.ScrapeCounts> files = new HashMap<>();
        // A tracker may answer fewer entries than asked (a short packet); the rest stay unknown.
        for (Sha1Hash h : hashes) {
            if (b.remaining() < 12) {
                break;
            }
            long seeders = b.getInt() & 0xFFFFFFFFL;
            long completed = b.getInt() & 0xFFFFFFFFL;
            long leechers = b.getInt() & 0xFFFFFFFFL;
            files.put(h, new ScrapeResponse.ScrapeCounts(seeders, completed, leechers));
        }
        if (files.isEmpty() && !hashes.isEmpty()) {
            throw malformed(url, "scrape response without entries (" + packet.length + " bytes)");
        }
        return new ScrapeResponse(files, OptionalInt.empty());
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static TrackerException malformed(String url, String detail) {
        return new TrackerException(Reason.MALFORMED_RESPONSE, url, detail);
    }
}
