package io.torrentine.internal.tracker;

import io.torrentine.metainfo.Sha1Hash;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends announces and scrapes to trackers. Implementations never block the calling thread (DNS
 * included) and complete their futures on a thread of their own: callers that own state must
 * hop back to their own executor. A future fails only with a
 * {@link io.torrentine.session.TrackerException}.
 */
public interface TrackerClient {
    /**
     * Announces to one tracker.
     *
     * @param url the tracker's URL as the torrent gives it
     * @param request what to announce
     * @param deadline a time limit shorter than the client's own, e.g. for {@code stopped}
     * @return the response, or a failure with a {@code TrackerException}
     */
    CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request, Optional<Duration> deadline);

    /**
     * Scrapes one tracker (BEP 48; BEP 15 over UDP).
     *
     * @param url the tracker's announce URL; the scrape URL is derived from it
     * @param infoHashes the torrents to ask about
     * @return the counts, or a failure with a {@code TrackerException}
     */
    CompletableFuture<ScrapeResponse> scrape(String url, List<Sha1Hash> infoHashes);
}
