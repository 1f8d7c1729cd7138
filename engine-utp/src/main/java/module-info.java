/**
 * uTP (BEP 29) for Torrentine: a transport that the session finds through
 * {@code io.torrentine.spi}. It has no public API yet; it exports its package once it has one.
 */
module io.torrentine.utp {
    requires io.torrentine.core;
}
