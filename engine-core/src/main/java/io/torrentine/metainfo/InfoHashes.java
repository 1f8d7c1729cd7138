package io.torrentine.metainfo;

import java.util.Objects;
import java.util.Optional;

/**
 * The info-hashes that identify a torrent: the v1 SHA-1 (BEP 3), the v2 SHA-256 (BEP 52), or
 * both for a hybrid torrent. At least one is present.
 *
 * @param v1 the SHA-1 of the bencoded info dictionary, if the torrent has v1 metadata
 * @param v2 the SHA-256 of the bencoded info dictionary, if the torrent has v2 metadata
 */
public record InfoHashes(Optional<Sha1Hash> v1, Optional<Sha256Hash> v2) {

    /**
     * Checks that at least one hash is present.
     *
     * @param v1 the SHA-1 info-hash, if any
     * @param v2 the SHA-256 info-hash, if any
     * @throws IllegalArgumentException if both are empty
     * @throws NullPointerException if either optional is null
     */
    public InfoHashes {
        Objects.requireNonNull(v1, "v1");
        Objects.requireNonNull(v2, "v2");
        if (v1.isEmpty() && v2.isEmpty()) {
            throw new IllegalArgumentException("a torrent has a v1 or a v2 info-hash, or both");
        }
    }

    /**
     * The info-hashes of a v1-only torrent.
     *
     * @param v1 the SHA-1 info-hash
     * @return the info-hashes
     */
    public static InfoHashes ofV1(Sha1Hash v1) {
        return new InfoHashes(Optional.of(v1), Optional.empty());
    }

    /**
     * The info-hashes of a v2-only torrent.
     *
     * @param v2 the SHA-256 info-hash
     * @return the info-hashes
     */
    public static InfoHashes ofV2(Sha256Hash v2) {
        return new InfoHashes(Optional.empty(), Optional.of(v2));
    }

    /**
     * The info-hashes of a hybrid torrent.
     *
     * @param v1 the SHA-1 info-hash
     * @param v2 the SHA-256 info-hash
     * @return the info-hashes
     */
    public static InfoHashes ofHybrid(Sha1Hash v1, Sha256Hash v2) {
        return new InfoHashes(Optional.of(v1), Optional.of(v2));
    }

    /**
     * Whether the torrent has v1 metadata.
     *
     * @return true if a v1 hash is present
     */
    public boolean hasV1() {
        return v1.isPresent();
    }

    /**
     * Whether the torrent has v2 metadata.
     *
     * @return true if a v2 hash is present
     */
    public boolean hasV2() {
        return v2.isPresent();
    }

    /**
     * Whether the torrent is hybrid (both hashes present).
     *
     * @return true if both hashes are present
     */
    public boolean isHybrid() {
        return hasV1() && hasV2();
    }

    /**
     * The 20 bytes that name this torrent where only 20 fit (handshake, tracker, DHT): the v1
     * hash when there is one, else the truncated v2 hash, as libtorrent does.
     *
     * @return the 20-byte identifier
     */
    public Sha1Hash id() {
        return v1.orElseGet(() -> v2.orElseThrow().truncated());
    }

    /** Returns the hex hashes, for logs. */
    @Override
    public String toString() {
        return "InfoHashes[v1=" + v1.map(Sha1Hash::toHex).orElse("-")
                + ", v2=" + v2.map(Sha256Hash::toHex).orElse("-") + "]";
    }
}
