/** Internal: bencode helpers for Netty buffers, not part of the API. */
package io.torrentine.internal.bencode;
