package io.torrentine.internal.disk;

import java.util.Objects;

/**
 * The disk layer refused a job because one of its bounds was reached. Nothing was done; a
 * refused write's block was released. The caller sheds the load: a peer's request is dropped,
 * a block is requested again later.
 */
public final class DiskOverloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which bound was reached. */
    public enum Reason {
        /** The torrent already has {@link DiskIoConfig#maxJobsPerTorrent()} unfinished jobs. */
        JOB_QUEUE_FULL,
        /** The session holds {@link DiskIoConfig#storeBufferLimitBytes()} of unwritten blocks. */
        STORE_BUFFER_FULL
    }

    /** Which bound was reached. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason which bound was reached
     * @param detail the figures, for the message
     */
    public DiskOverloadException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Which bound was reached.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
