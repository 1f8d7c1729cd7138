/**
 * Internal: the BEP 11 peer exchange policy of one torrent. {@link io.torrentine.internal.pex.PexTracker}
 * decides what each connection is told (the diff since its last message, at most once a minute,
 * within BEP 11's limits) and which peers learned from a connection's ut_pex messages are worth
 * adding to the peer list (validated, deduplicated, rate limited). Pure logic, called on the
 * torrent's event loop with the time passed in; the wire format is
 * {@link io.torrentine.internal.peer.extension.UtPexCodec}'s. Private torrents (BEP 27) never
 * create one. See {@code docs/discovery.md}. Not part of the API.
 */
package io.torrentine.internal.pex;
