/**
 * Internal: delivery of alerts from the engine's threads to the application, through one bounded,
 * lock-free queue per session ({@link io.torrentine.internal.alert.AlertQueue}). Not part of the
 * API.
 */
package io.torrentine.internal.alert;
