/**
 * Internal: the BitTorrent peer wire codec (BEP 3, with BEP 5, BEP 6, BEP 10 framing and BEP 52
 * hash messages), the peer id (BEP 20) and the BEP 6 allowed-fast set. Not part of the API.
 *
 * <p>Messages are records sealed under {@link io.torrentine.internal.peer.wire.PeerMessage}.
 * Messages that carry a {@link io.netty.buffer.ByteBuf} ({@code Piece}, {@code Extended}) are
 * reference counted: whoever holds one releases it exactly once. Everything else is plain data.
 */
package io.torrentine.internal.peer.wire;
