/**
 * Public API: the interfaces through which the engine is extended. {@link
 * io.torrentine.spi.StorageFactory} lets an application keep a torrent's bytes somewhere other
 * than files under a save path; later the uTP transport and the DHT plug in here too.
 */
package io.torrentine.spi;
