/**
 * Real BitTorrent clients for interop tests and benchmarks, run as processes on loopback:
 * libtorrent 2.0 (through Debian's {@code python3-libtorrent}), Transmission 3.00
 * ({@code transmission-cli}) and aria2 1.36 ({@code aria2c}), each as a seed or a downloader,
 * plus {@link io.torrentine.testing.clients.TestTorrents} to make payloads and v1 torrents and
 * {@link io.torrentine.testing.clients.LibtorrentBaseline} for the benchmark's reference figures.
 * Shared with every module through engine-core's test-jar. Facts behind every setting are in
 * {@code ../shared/INTEROP-NOTES.md}; docs/development.md ("Interop test harness") says how to
 * use them.
 */
package io.torrentine.testing.clients;
