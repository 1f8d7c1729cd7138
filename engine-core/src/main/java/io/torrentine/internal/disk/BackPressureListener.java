package io.torrentine.internal.disk;

/**
 * Told when the network should stop reading from peers because too many received bytes wait to
 * be written, and when it may read again (GUIDE.md, "Threads"). Registered with {@link
 * DiskIoThreadPool#addBackPressureListener}, and called on the executor given there, one call at
 * a time, stop and resume alternating, in the order the thresholds were crossed.
 */
public interface BackPressureListener {
    /** The bytes queued for writing passed the high-water mark: stop reading from peers. */
    void stopReading();

    /** The bytes queued for writing fell to the low-water mark: reading may resume. */
    void resumeReading();
}
