package io.torrentine.internal.tracker;

/**
 * The {@code event} of an announce (BEP 3), with its HTTP text and its BEP 15 UDP code.
 */
public enum TrackerEvent {
    /** A regular announce: no {@code event} parameter, UDP code 0. */
    NONE(null, 0),
    /** The first announce of a torrent to a tracker. */
    STARTED("started", 2),
    /** The download finished; sent once, and never if the torrent was complete when started. */
    COMPLETED("completed", 1),
    /** The torrent stops (paused or removed). */
    STOPPED("stopped", 3);

    private final String httpValue;
    private final int udpCode;

    TrackerEvent(String httpValue, int udpCode) {
        this.httpValue = httpValue;
        this.udpCode = udpCode;
    }

    /**
     * The value of the HTTP {@code event} parameter.
     *
     * @return the text, or null for {@link #NONE} (the parameter is left out)
     */
    public String httpValue() {
        return httpValue;
    }

    /**
     * The event field of a BEP 15 announce request.
     *
     * @return 0 none, 1 completed, 2 started, 3 stopped
     */
    public int udpCode() {
        return udpCode;
    }
}
