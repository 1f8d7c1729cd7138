/**
 * Internal: one torrent's engine, run on the torrent's event loop. {@link
 * io.torrentine.internal.torrent.Torrent} ties the peer connections, the piece picker, the
 * choker, the peer list and the disk layer together; its helpers each own one concern
 * (fetching a magnet's metadata, smart ban, the request pipeline, alerts).
 */
package io.torrentine.internal.torrent;
