package io.torrentine.internal.pex;

import io.torrentine.internal.peer.extension.PexMessage;
import io.torrentine.internal.peer.extension.UtPexCodec;
import java.util.Objects;

/**
 * A ut_pex message for one connection, and whether it is the first one it gets (which may list
 * more peers, so the codec must know).
 *
 * @param message the added and dropped peers
 * @param initial whether this is the first message to the connection
 */
public record OutgoingPex(PexMessage message, boolean initial) {
    /**
     * Checks the message is there.
     *
     * @param message the message
     * @param initial whether it is the first
     */
    public OutgoingPex {
        Objects.requireNonNull(message, "message");
    }

    /**
     * The payload to send in a BEP 10 extended message with the peer's ut_pex id.
     *
     * @return the bencoded payload
     */
    public byte[] encode() {
        return UtPexCodec.encode(message, initial);
    }
}
