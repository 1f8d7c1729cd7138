/**
 * Internal: the per-torrent choker, which decides every rechoke interval which peers we upload
 * to (BEP 3 tit-for-tat while downloading, round-robin or fastest-upload while seeding, plus
 * rotating optimistic unchokes). Pure logic, called on the torrent's event loop with the time
 * passed in. Not part of the API.
 */
package io.torrentine.internal.choke;
