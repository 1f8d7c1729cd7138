/**
 * Internal: the engine behind {@link io.torrentine.session.Session}: event loops, disk and
 * checking threads, the listening socket, the alert queue and the torrents by info-hash.
 */
package io.torrentine.internal.session;
