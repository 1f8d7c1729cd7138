/**
 * Internal: the piece picker. Decides which 16 KiB blocks to request from which peer (deadlines,
 * priorities 0 to 7, partial pieces first, rarest first or sequential, end-game) and tracks the
 * state of every block of the pieces being downloaded. Used only from a torrent's event loop.
 */
package io.torrentine.internal.picker;
