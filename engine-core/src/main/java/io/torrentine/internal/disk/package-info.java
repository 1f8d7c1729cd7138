/**
 * Internal: the disk layer. Maps pieces to file slices, does positional reads and writes on a
 * bounded pool of disk threads, keeps received blocks readable until written, hashes finished
 * pieces from memory, checks existing data and applies back-pressure to the network.
 */
package io.torrentine.internal.disk;
