/** Internal: piece hashing shared by torrent creation, metainfo checks and (later) the disk layer. */
package io.torrentine.internal.hash;
