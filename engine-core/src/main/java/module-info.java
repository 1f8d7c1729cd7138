/**
 * Torrentine's engine core: everything a torrent needs with TCP and trackers alone.
 *
 * <p>Only the public API packages are exported; everything under {@code io.torrentine.internal}
 * is an implementation detail that may change in any release.
 */
module io.torrentine.core {
    requires io.netty.buffer;
    requires io.netty.common;
    requires transitive io.netty.transport;
    requires io.netty.codec;
    requires org.slf4j;
    // HTTP(S) trackers: the JDK client, so no extra dependency (docs/trackers.md says why).
    requires java.net.http;

    exports io.torrentine.alert;
    exports io.torrentine.bencode;
    exports io.torrentine.metainfo;
    exports io.torrentine.session;
    exports io.torrentine.spi;
}
