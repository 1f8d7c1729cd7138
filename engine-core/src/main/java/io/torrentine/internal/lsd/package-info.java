/**
 * Internal: BEP 14 local service discovery. {@link io.torrentine.internal.lsd.LsdCodec} formats
 * and parses the {@code BT-SEARCH} announces (bounded, lenient where HTTP is);
 * {@link io.torrentine.internal.lsd.LocalServiceDiscovery} is the session-wide service: Netty
 * datagram channels joined to the IPv4 and IPv6 groups on one interface, rate-limited announces,
 * our own announces recognised by their cookie, and the peers found handed to a callback on the
 * session's executor. Private torrents (BEP 27) are never announced. See
 * {@code docs/discovery.md}. Not part of the API.
 */
package io.torrentine.internal.lsd;
