/**
 * Internal: one peer connection as a Netty pipeline (handshake checks, the BEP 3 / BEP 6 state
 * machine, the BEP 10 extension handshake, keep-alives, timeouts and rates), plus the TCP dialer
 * and listener that create such pipelines. Not part of the API.
 */
package io.torrentine.internal.peer;
