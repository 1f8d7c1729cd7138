package io.torrentine.internal.net;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Why a channel does not read: one set of reasons per channel, and {@code autoRead} on exactly
 * when the set is empty. Each part of the engine that wants a peer's socket quiet (disk
 * back-pressure, the download rate limit, a paused torrent) blocks and unblocks its own reason,
 * so one part resuming never undoes another's stop. Nothing else should touch the channel's
 * {@code autoRead}.
 *
 * <p>One gate per channel, found with {@link #of(Channel)}. Used on the channel's event loop
 * only; a call from another thread throws {@link IllegalStateException} (post it to
 * {@code channel.eventLoop()}).
 */
public final class ReadGate {
    /** Why reading is off. */
    public enum Reason {
        /** The session's bytes queued for disk passed the high-water mark (docs/disk-io.md). */
        DISK_BACKPRESSURE,
        /** The download rate limit's quota is spent ({@link RateLimitHandler}). */
        RATE_LIMIT,
        /** The torrent or the session is paused. */
        PAUSED
    }

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "readGate");

    private final Channel channel;
    private final EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    /**
     * The channel's gate, created on first use. The creation is atomic, so any thread may ask
     * for it, though only the event loop may use it.
     *
     * @param channel the channel
     * @return its gate
     */
    public static ReadGate of(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        ReadGate gate = channel.attr(KEY).get();
        if (gate != null) {
            return gate;
        }
        ReadGate created = new ReadGate(channel);
        ReadGate raced = channel.attr(KEY).setIfAbsent(created);
        return raced != null ? raced : created;
    }

    /**
     * Adds a reason; the first reason turns {@code autoRead} off. Bytes the channel is reading
     * at this moment are still delivered (Netty ends its read loop after the current buffer).
     *
     * @param reason the reason
     * @return false if the reason was already there
     * @throws IllegalStateException if not called on the channel's event loop
     */
    public boolean block(Reason reason) {
        checkLoop();
        boolean wasOpen = reasons.isEmpty();
        if (!reasons.add(Objects.requireNonNull(reason))) {
            return false;
        }
        if (wasOpen) {
            channel.config().setAutoRead(false);
        }
        return true;
    }

    /**
     * Removes a reason; removing the last one turns {@code autoRead} back on, which makes the
     * channel read at once.
     *
     * @param reason the reason
     * @return false if the reason was not there
     * @throws IllegalStateException if not called on the channel's event loop
     */
    public boolean unblock(Reason reason) {
        checkLoop();
        if (!reasons.remove(Objects.requireNonNull(reason))) {
            return false;
        }
        if (reasons.isEmpty()) {
            channel.config().setAutoRead(true);
        }
        return true;
    }

    /**
     * Whether a reason is there.
     *
     * @param reason the reason
     * @return true if blocked for it
     * @throws IllegalStateException if not called on the channel's event loop
     */
    public boolean isBlocked(Reason reason) {
        checkLoop();
        return reasons.contains(reason);
    }

    /**
     * Whether no reason stops reading.
     *
     * @return true if open
     * @throws IllegalStateException if not called on the channel's event loop
     */
    public boolean isOpen() {
        checkLoop();
        return reasons.isEmpty();
    }

    /**
     * The reasons now.
     *
     * @return a copy
     * @throws IllegalStateException if not called on the channel's event loop
     */
    public Set<Reason> reasons() {
        checkLoop();
        return reasons.isEmpty() ? Set.of() : Set.copyOf(reasons);
    }

    private void checkLoop() {
        if (!channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("ReadGate used off the event loop of " + channel);
        }
    }

    @Override
    public String toString() {
        return "ReadGate" + reasons;
    }
}
