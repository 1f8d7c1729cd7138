/**
 * Internal: network plumbing shared by every peer connection, not part of the API. Rate limits
 * ({@link io.torrentine.internal.net.TokenBucket}, {@link io.torrentine.internal.net.BandwidthLimits},
 * {@link io.torrentine.internal.net.RateLimitHandler}) and the reasons a channel stops reading
 * ({@link io.torrentine.internal.net.ReadGate}). See {@code docs/rate-limits.md}.
 */
package io.torrentine.internal.net;
