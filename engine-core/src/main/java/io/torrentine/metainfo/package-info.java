/**
 * Public API: torrent metainfo (BEP 3, BEP 52), info-hashes, magnet links (BEP 9, BEP 53) and
 * torrent creation.
 */
package io.torrentine.metainfo;
