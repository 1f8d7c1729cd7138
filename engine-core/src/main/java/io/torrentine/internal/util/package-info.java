/** Internal: small shared helpers (hex, hashing), not part of the API. */
package io.torrentine.internal.util;
