package io.torrentine.internal.net;

import java.io.IOException;

/**
 * A write refused by {@link RateLimitHandler} because its upload queue is at its bound: the
 * writer kept writing to a channel that was not writable. The message was released; the
 * connection itself is left open.
 */
public final class WriteQueueFullException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long queuedBytes;
    private final int queuedMessages;

    /**
     * Creates the exception.
     *
     * @param queuedBytes bytes already queued
     * @param queuedMessages messages already queued
     */
    public WriteQueueFullException(long queuedBytes, int queuedMessages) {
        super("upload queue full: " + queuedBytes + " bytes in " + queuedMessages + " messages");
        this.queuedBytes = queuedBytes;
        this.queuedMessages = queuedMessages;
    }

    /**
     * Bytes queued when the write was refused.
     *
     * @return bytes
     */
    public long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Messages queued when the write was refused.
     *
     * @return count
     */
    public int queuedMessages() {
        return queuedMessages;
    }
}
