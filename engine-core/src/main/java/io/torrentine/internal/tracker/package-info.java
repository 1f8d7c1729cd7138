/**
 * Internal: everything that talks to trackers and decides when. HTTP(S) announce and scrape
 * (BEP 3, 23, 7, 24, 48) on the JDK's {@code java.net.http.HttpClient}, UDP trackers (BEP 15, 41)
 * on a Netty datagram channel of their own, the tracker URL rules, and the per-torrent
 * {@link io.torrentine.internal.tracker.TrackerAnnouncer} that applies the multitracker rules
 * (BEP 12) on the torrent's event loop. See {@code docs/trackers.md}.
 */
package io.torrentine.internal.tracker;
