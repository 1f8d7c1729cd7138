/**
 * Internal: a torrent's list of peers to connect to, ordered by BEP 40 canonical peer priority,
 * with reconnect back-off, bounds, bans and the seed rule. Pure logic, called on the torrent's
 * event loop with the time passed in. Not part of the API.
 */
package io.torrentine.internal.peerlist;
