/**
 * Internal: bencode helpers for Netty buffers, and the input-sharing decoders of the engine's own
 * parsers; not part of the API.
 */
package io.torrentine.internal.bencode;
