/**
 * Internal: the machinery behind {@link io.torrentine.metainfo.TorrentCreator} (scanning the
 * source, laying files out in piece space, parallel SHA-1 and SHA-256 merkle hashing, encoding
 * the metainfo). Not part of the API; it may change in any release.
 */
package io.torrentine.internal.create;
