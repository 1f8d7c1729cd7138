/**
 * Public API: Torrentine's own bencode codec (BEP 3).
 *
 * <p>Decoded values keep byte-string dictionary keys and know their raw span in the input, so
 * that an info-hash is always the hash of the exact bytes of {@code info}. Decoding is bounded in
 * size, depth, item count and integer digits, and never recurses on input, so hostile input ends
 * in a {@link io.torrentine.bencode.BencodeException} and nothing worse.
 */
package io.torrentine.bencode;
