package io.torrentine.internal.choke;

/**
 * What the {@link Choker} needs to know about one connected peer at a rechoke. The engine builds
 * one per connection from the connection's state and rate meters.
 *
 * @param peer an identity for the peer (the engine's connection object); compared with
 *     {@code equals}, and the returned unchoke set holds these same objects
 * @param peerInterested whether the peer is interested in us (BEP 3); only interested peers
 *     ever get a slot
 * @param unchokedNow whether we currently unchoke it
 * @param downloadRateFromPeer bytes per second we receive from it
 * @param uploadRateToPeer bytes per second we send to it
 * @param bytesUploadedSinceUnchoke bytes we sent it since we last unchoked it (0 if choked)
 * @param unchokedAtNanos when we last unchoked it, in the same time base as the {@code nowNanos}
 *     given to {@link Choker#rechoke}, or {@link Long#MIN_VALUE} if never
 */
public record ChokeCandidate(Object peer, boolean peerInterested, boolean unchokedNow,
        double downloadRateFromPeer, double uploadRateToPeer,
        long bytesUploadedSinceUnchoke, long unchokedAtNanos) {

    /**
     * Checks the values.
     *
     * @param peer the peer's identity
     * @param peerInterested whether it is interested in us
     * @param unchokedNow whether we unchoke it now
     * @param downloadRateFromPeer bytes per second from it
     * @param uploadRateToPeer bytes per second to it
     * @param bytesUploadedSinceUnchoke bytes sent to it since its unchoke
     * @param unchokedAtNanos when we last unchoked it, or {@link Long#MIN_VALUE}
     * @throws NullPointerException if {@code peer} is null
     * @throws IllegalArgumentException if a rate or the byte count is negative or a rate is NaN
     */
    public ChokeCandidate {
        java.util.Objects.requireNonNull(peer, "peer");
        if (!(downloadRateFromPeer >= 0) || !(uploadRateToPeer >= 0) || bytesUploadedSinceUnchoke < 0) {
            throw new IllegalArgumentException("negative or NaN rate/bytes for " + peer + ": "
                    + downloadRateFromPeer + ", " + uploadRateToPeer + ", " + bytesUploadedSinceUnchoke);
        }
    }

    /** Whether we have ever unchoked this peer. */
    boolean everUnchoked() {
        return unchokedAtNanos != Long.MIN_VALUE;
    }
}
