/**
 * The Kademlia DHT (BEP 5) for Torrentine: a peer source that the session finds through
 * {@code io.torrentine.spi}. It has no public API yet; it exports its package once it has one.
 */
module io.torrentine.dht {
    requires io.torrentine.core;
}
