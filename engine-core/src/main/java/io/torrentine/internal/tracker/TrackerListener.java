package io.torrentine.internal.tracker;

import io.torrentine.metainfo.PeerAddress;
import io.torrentine.session.TrackerException;
import java.util.List;

/**
 * What a {@link TrackerAnnouncer} tells its torrent. Every call comes on the torrent's executor,
 * so an implementation may touch the torrent's state directly; it must not block.
 */
public interface TrackerListener {
    /**
     * A tracker gave peers. Duplicates within one reply are removed; our own address may be
     * among them (opentracker returns it), which the torrent must recognise and skip.
     *
     * @param url the tracker's URL
     * @param peers the peers, not empty
     */
    void peersFound(String url, List<PeerAddress> peers);

    /**
     * A tracker answered an announce (called before {@link #peersFound}).
     *
     * @param url the tracker's URL
     * @param event the event the announce carried
     * @param response the answer, with counts and the BEP 24 external address if given
     */
    default void replied(String url, TrackerEvent event, AnnounceResponse response) {
    }

    /**
     * A tracker's reply carried a {@code warning message}.
     *
     * @param url the tracker's URL
     * @param message the text
     */
    default void warning(String url, String message) {
    }

    /**
     * An announce failed; the announcer has already scheduled the retry and fallen through to
     * the next tracker where BEP 12 says so.
     *
     * @param url the tracker's URL
     * @param error why, typed
     * @param failures consecutive failures of this tracker, this one included
     */
    default void failed(String url, TrackerException error, int failures) {
    }
}
