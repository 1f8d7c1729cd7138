package io.torrentine.internal.tracker;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What one announce tells a tracker (BEP 3; {@code compact=1} and {@code no_peer_id=1} are
 * always sent, BEP 23). Immutable: the arrays are copied in and out.
 *
 * @param infoHash the torrent's 20-byte v1 info-hash (the first 20 bytes of the v2 hash for a
 *     v2-only torrent)
 * @param peerId our 20-byte peer id
 * @param port the TCP port we listen on, 0 to 65535 (0 when stopping without a listener)
 * @param uploaded bytes uploaded since the {@code started} event
 * @param downloaded bytes downloaded since the {@code started} event
 * @param left bytes still missing
 * @param event the event
 * @param numWant how many peers we want, or -1 to let the tracker choose
 * @param key the random key that identifies us across IP changes (sent as 8 hex digits over HTTP)
 * @param trackerId the {@code tracker id} this tracker gave us last time, if any
 */
public record AnnounceRequest(byte[] infoHash, byte[] peerId, int port, long uploaded,
                              long downloaded, long left, TrackerEvent event, int numWant,
                              int key, Optional<byte[]> trackerId) {

    /** The length of an info-hash and of a peer id. */
    public static final int ID_LENGTH = 20;

    /**
     * Checks and copies.
     *
     * @param infoHash the info-hash
     * @param peerId our peer id
     * @param port our port
     * @param uploaded bytes uploaded
     * @param downloaded bytes downloaded
     * @param left bytes left
     * @param event the event
     * @param numWant peers wanted, or -1
     * @param key our key
     * @param trackerId the tracker's id for us
     * @throws IllegalArgumentException if a length or range is wrong
     */
    public AnnounceRequest {
        if (infoHash.length != ID_LENGTH || peerId.length != ID_LENGTH) {
            throw new IllegalArgumentException("info-hash and peer id are 20 bytes");
        }
        if (port < 0 || port > 65535 || uploaded < 0 || downloaded < 0 || left < 0 || numWant < -1) {
            throw new IllegalArgumentException("announce field out of range");
        }
        Objects.requireNonNull(event, "event");
        infoHash = infoHash.clone();
        peerId = peerId.clone();
        trackerId = trackerId.map(byte[]::clone);
    }

    /**
     * The info-hash.
     *
     * @return a copy
     */
    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    /**
     * Our peer id.
     *
     * @return a copy
     */
    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /**
     * The tracker id, if the tracker gave one.
     *
     * @return a copy
     */
    @Override
    public Optional<byte[]> trackerId() {
        return trackerId.map(byte[]::clone);
    }

    /**
     * This request with another event.
     *
     * @param newEvent the event
     * @return the new request
     */
    public AnnounceRequest withEvent(TrackerEvent newEvent) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, newEvent,
                numWant, key, trackerId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r && Arrays.equals(infoHash, r.infoHash)
                && Arrays.equals(peerId, r.peerId) && port == r.port && uploaded == r.uploaded
                && downloaded == r.downloaded && left == r.left && event == r.event
                && numWant == r.numWant && key == r.key
                && Arrays.equals(trackerId.orElse(null), r.trackerId.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(infoHash), Arrays.hashCode(peerId), port, uploaded,
                downloaded, left, event, numWant, key);
    }

    @Override
    public String toString() {
        return "AnnounceRequest[port=" + port + ", uploaded=" + uploaded + ", downloaded=" + downloaded
                + ", left=" + left + ", event=" + event + ", numWant=" + numWant + "]";
    }
}
