package io.torrentine.internal.tracker;

import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP(S) trackers (BEP 3, 23, 7, 24, 48) on the JDK's {@link HttpClient}.
 *
 * <p>Every request: the host is resolved on the blocking executor and checked against the URL
 * rules ({@link TrackerUrls#checkAddress}); redirects are followed here, not by the JDK client,
 * so each hop is checked the same way and counted against the limit; the body is read through a
 * {@link LimitedBodySubscriber}; the whole exchange, redirects included, has one deadline after
 * which the request is cancelled. HTTP/1.1 only (no h2c upgrade, which simple trackers choke on)
 * and no compression.
 */
public final class HttpTrackerClient implements TrackerClient {
    private static final String USER_AGENT = "Torrentine/0.1";

    private final HttpClient http;
    private final TrackerHostResolver resolver;
    private final TrackerSettings settings;

    /**
     * Creates a client on a given JDK client; it must not follow redirects itself.
     *
     * @param http the JDK client, shared by the session
     * @param resolver the off-loop DNS resolver
     * @param settings the limits and URL rules
     */
    public HttpTrackerClient(HttpClient http, TrackerHostResolver resolver, TrackerSettings settings) {
        this.http = Objects.requireNonNull(http, "http");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the JDK client must not follow redirects: each hop is checked here");
        }
    }

    /**
     * Creates a client with its own JDK client, whose tasks and DNS lookups run on
     * {@code executor}.
     *
     * @param settings the limits and URL rules
     * @param executor a bounded executor that may block (DNS)
     * @return the client
     */
    public static HttpTrackerClient create(TrackerSettings settings, Executor executor) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.httpTimeout())
                .executor(executor)
                .build();
        return new HttpTrackerClient(http, new TrackerHostResolver(executor), settings);
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request,
                                                        Optional<Duration> deadline) {
        return get(url, HttpQuery.announce(url, request), deadline)
                .thenApply(body -> HttpTrackerResponses.parseAnnounce(body, url, settings.maxPeersPerResponse()));
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(String url, List<Sha1Hash> infoHashes) {
        Optional<String> scrapeUrl = TrackerUrls.scrapeUrl(url);
        if (scrapeUrl.isEmpty()) {
            return CompletableFuture.failedFuture(new TrackerException(Reason.SCRAPE_NOT_SUPPORTED, url,
                    "the announce path does not end in a segment starting with 'announce'"));
        }
        return get(url, HttpQuery.scrape(scrapeUrl.get(), infoHashes), Optional.empty())
                .thenApply(body -> HttpTrackerResponses.parseScrape(body, url));
    }

    /** GETs a URL within one deadline, following checked redirects; the body of the 200. */
    private CompletableFuture<byte[]> get(String trackerUrl, String requestUrl, Optional<Duration> deadline) {
        Duration timeout = deadline.filter(d -> d.compareTo(settings.httpTimeout()) < 0)
                .orElse(settings.httpTimeout());
        AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
        // The first hop is judged by the tracker's own URL (a scrape goes to .../scrape), each
        // redirect by where it leads.
        CompletableFuture<byte[]> result = hop(trackerUrl, requestUrl, true, settings.maxRedirects(), timeout, inFlight)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<byte[]> mapped = new CompletableFuture<>();
        result.whenComplete((body, error) -> {
            if (error == null) {
                mapped.complete(body);
                return;
            }
            // Stops a hanging exchange: the JDK client aborts it when its future is cancelled.
            CompletableFuture<?> pending = inFlight.get();
            if (pending != null) {
                pending.cancel(true);
            }
            mapped.completeExceptionally(toTrackerException(trackerUrl, error));
        });
        return mapped;
    }

    private CompletableFuture<byte[]> hop(String trackerUrl, String requestUrl, boolean first, int redirectsLeft,
                                          Duration timeout, AtomicReference<CompletableFuture<?>> inFlight) {
        URI uri;
        URI judged;
        try {
            uri = TrackerUrls.parse(requestUrl);
            judged = first ? TrackerUrls.parse(trackerUrl) : uri;
        } catch (TrackerException e) {
            return CompletableFuture.failedFuture(new TrackerException(e.reason(), trackerUrl, e.detail()));
        }
        if (TrackerUrls.isUdp(uri)) {
            return CompletableFuture.failedFuture(new TrackerException(Reason.UNSUPPORTED_SCHEME, trackerUrl,
                    "an HTTP redirect to a udp URL"));
        }
        URI target = uri;
        return resolver.resolve(trackerUrl, uri.getHost()).thenCompose(addresses -> {
            for (InetAddress a : addresses) {
                TrackerUrls.checkAddress(trackerUrl, judged, a, settings);
            }
            HttpRequest request = HttpRequest.newBuilder(target)
                    .GET()
                    .timeout(timeout)
                    .header("User-Agent", USER_AGENT)
                    .build();
            CompletableFuture<HttpResponse<byte[]>> send = http.sendAsync(request,
                    info -> bodyFor(trackerUrl, info));
            inFlight.set(send);
            return send;
        }).thenCompose(response -> {
            int status = response.statusCode();
            if (status == 200) {
                return CompletableFuture.completedFuture(response.body());
            }
            if (isRedirect(status)) {
                if (redirectsLeft == 0) {
                    throw new TrackerException(Reason.TOO_MANY_REDIRECTS, trackerUrl,
                            "more than " + settings.maxRedirects() + " redirects");
                }
                String location = response.headers().firstValue("location")
                        .orElseThrow(() -> new TrackerException(Reason.TOO_MANY_REDIRECTS, trackerUrl,
                                "redirect without a location"));
                String next;
                try {
                    next = target.resolve(location).toString();
                } catch (IllegalArgumentException e) {
                    throw new TrackerException(Reason.TOO_MANY_REDIRECTS, trackerUrl, "bad redirect location", e);
                }
                return hop(trackerUrl, next, false, redirectsLeft - 1, timeout, inFlight);
            }
            throw new TrackerException(Reason.HTTP_STATUS, trackerUrl, "HTTP " + status);
        });
    }

    private BodySubscriber<byte[]> bodyFor(String trackerUrl, HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            // A redirect needs only its headers; an error body is not worth reading.
            return LimitedBodySubscriber.refusing(null);
        }
        OptionalLong length = info.headers().firstValueAsLong("content-length");
        if (length.isPresent() && length.getAsLong() > settings.maxResponseBytes()) {
            return LimitedBodySubscriber.refusing(new TrackerException(Reason.RESPONSE_TOO_LARGE, trackerUrl,
                    "Content-Length " + length.getAsLong() + " over " + settings.maxResponseBytes()));
        }
        return new LimitedBodySubscriber(settings.maxResponseBytes(), trackerUrl);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Maps whatever ended a request to a typed tracker error.
     *
     * @param url the tracker's URL
     * @param error the failure
     * @return the tracker exception
     */
    static TrackerException toTrackerException(String url, Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TrackerException te) {
            return te;
        }
        if (e instanceof TimeoutException || e instanceof HttpTimeoutException) {
            return new TrackerException(Reason.TIMEOUT, url, "no complete answer in time", e);
        }
        if (e instanceof CancellationException) {
            return new TrackerException(Reason.SHUTDOWN, url, "cancelled", e);
        }
        if (e instanceof IOException) {
            return new TrackerException(Reason.CONNECTION_FAILED, url, String.valueOf(e.getMessage()), e);
        }
        if (e instanceof RuntimeException re) {
            return new TrackerException(Reason.MALFORMED_RESPONSE, url, String.valueOf(re.getMessage()), re);
        }
        return new TrackerException(Reason.CONNECTION_FAILED, url, String.valueOf(e), e);
    }
}
