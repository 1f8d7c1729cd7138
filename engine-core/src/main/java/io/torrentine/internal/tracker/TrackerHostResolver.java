package io.torrentine.internal.tracker;

import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Resolves tracker host names on a blocking executor, never on an event loop (the JDK's
 * resolver blocks). The executor is the owner's: a bounded pool whose rejection fails the
 * request with {@code BUSY}.
 */
public final class TrackerHostResolver {
    private final Executor blocking;

    /**
     * Creates a resolver.
     *
     * @param blocking where lookups run; it may block
     */
    public TrackerHostResolver(Executor blocking) {
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    /**
     * Resolves a host (an IP literal resolves without a lookup).
     *
     * @param url the tracker URL, for errors
     * @param host the host name or literal
     * @return the addresses, or a {@code CONNECTION_FAILED} / {@code BUSY} failure
     */
    public CompletableFuture<List<InetAddress>> resolve(String url, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        try {
            blocking.execute(() -> {
                try {
                    result.complete(List.of(InetAddress.getAllByName(bare)));
                } catch (UnknownHostException | SecurityException e) {
                    result.completeExceptionally(new TrackerException(Reason.CONNECTION_FAILED, url,
                            "cannot resolve " + bare, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new TrackerException(Reason.BUSY, url, "resolver queue full", e));
        }
        return result;
    }
}
