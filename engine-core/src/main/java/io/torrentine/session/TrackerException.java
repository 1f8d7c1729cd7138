package io.torrentine.session;

import java.util.Objects;

/**
 * A tracker announce or scrape failed. The {@link #reason()} says how, the {@link #trackerUrl()}
 * says which tracker; the message is for logs. A failing tracker affects only itself: the
 * torrent goes on with its other trackers and peer sources.
 *
 * <p>Trackers report these asynchronously (a failed future or a tracker error alert); nothing
 * throws them into application code on a network thread.
 */
public final class TrackerException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** How a tracker request failed. */
    public enum Reason {
        /** The tracker refused the request and said why: the message is its {@code failure reason}
         * (BEP 3) or the text of a UDP error response (BEP 15 action 3). */
        FAILURE_REASON,
        /** No complete answer arrived in time (HTTP timeout, or every UDP retransmission unanswered). */
        TIMEOUT,
        /** The tracker's host could not be resolved or reached, or the connection broke. */
        CONNECTION_FAILED,
        /** The HTTP tracker answered with a status other than 200 (and not a redirect we follow). */
        HTTP_STATUS,
        /** The answer is not a valid tracker response (bad bencode, missing or wrong fields,
         * a UDP packet too short or with the wrong action). */
        MALFORMED_RESPONSE,
        /** The answer is longer than the configured response size limit; reading stopped there. */
        RESPONSE_TOO_LARGE,
        /** More HTTP redirects than the configured limit, or a redirect without a usable location. */
        TOO_MANY_REDIRECTS,
        /** The URL breaks a tracker URL rule: a tracker on a local, loopback or private address
         * whose path does not end in {@code /announce} (the libtorrent security audit rule). */
        FORBIDDEN_URL,
        /** The URL's scheme is not {@code http}, {@code https} or {@code udp}, or the URL cannot
         * be parsed. */
        UNSUPPORTED_SCHEME,
        /** The tracker supports no scrape (BEP 48: its announce path's last segment does not start
         * with {@code announce}), or the request names more info-hashes than one scrape may carry. */
        SCRAPE_NOT_SUPPORTED,
        /** Too many requests are in flight in this client; the request was not sent. */
        BUSY,
        /** The request was abandoned because the client is shutting down. */
        SHUTDOWN
    }

    /** How the request failed. */
    private final Reason reason;
    /** The tracker's URL as given in the torrent. */
    private final String trackerUrl;
    /** The detail text without the reason and URL. */
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param reason how the request failed
     * @param trackerUrl the tracker's URL
     * @param detail what exactly, for logs; for {@link Reason#FAILURE_REASON} the tracker's own text
     */
    public TrackerException(Reason reason, String trackerUrl, String detail) {
        this(reason, trackerUrl, detail, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason how the request failed
     * @param trackerUrl the tracker's URL
     * @param detail what exactly, for logs; for {@link Reason#FAILURE_REASON} the tracker's own text
     * @param cause the underlying error, or null
     */
    public TrackerException(Reason reason, String trackerUrl, String detail, Throwable cause) {
        super(reason + " from " + trackerUrl + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.trackerUrl = Objects.requireNonNull(trackerUrl, "trackerUrl");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * How the request failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The tracker's URL.
     *
     * @return the URL as the torrent gives it
     */
    public String trackerUrl() {
        return trackerUrl;
    }

    /**
     * The detail alone: for {@link Reason#FAILURE_REASON} exactly the tracker's text, otherwise a
     * short description (e.g. {@code HTTP 404}).
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }
}
