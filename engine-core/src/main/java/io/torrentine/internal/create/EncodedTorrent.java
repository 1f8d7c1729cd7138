package io.torrentine.internal.create;

import io.torrentine.metainfo.InfoHashes;

/**
 * A bencoded torrent and the info-hashes of its info dictionary.
 *
 * @param bytes the whole {@code .torrent} file
 * @param infoHashes the hashes of the exact encoded {@code info} bytes within it
 */
public record EncodedTorrent(byte[] bytes, InfoHashes infoHashes) {
}
