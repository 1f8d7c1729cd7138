package io.torrentine.internal.tracker;

import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import io.torrentine.session.TrackerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Talks to the trackers of one torrent: decides when to announce to which tracker (BEP 12
 * tiers), with which event, and hands the results to a {@link TrackerListener}.
 *
 * <p>Threading: every method must be called on the torrent's executor, and every result comes
 * back on it; nothing here blocks or locks. The torrent calls {@link #start} when it starts,
 * {@link #tick} from a periodic timer (once a second is plenty), {@link #finished} when the
 * download completes and {@link #stop} when it is paused or removed. Time is a
 * {@code nanoTime}-style tick passed in (and read from the injected ticker for results), so
 * tests drive it by hand.
 *
 * <p>Which trackers: by default, in each tier the first tracker that is not failing is used and
 * the walk ends at the first tier that has one (BEP 12); a failing tracker waiting for its
 * back-off is passed over for the next one in its tier, then the next tier. With
 * {@code announceToAllTiers} every tier gets one tracker; with {@code announceToAllTrackers}
 * every tracker is announced to on its own schedule.
 *
 * <p>Events: {@code started} on the first announce to a tracker after {@link #start} (if the
 * torrent is complete then, no {@code completed} will follow, BEP 3); {@code completed} once per
 * tracker after {@link #finished}; {@code stopped} from {@link #stop} to every tracker that got
 * a {@code started}, best effort with a short deadline.
 *
 * <p>Private torrents (BEP 27): the announcer only ever talks to the trackers it was built
 * with, so giving it only the torrent's own trackers is enough.
 */
public final class TrackerAnnouncer {
    private final TorrentIdentity identity;
    private final Supplier<TransferTotals> totals;
    private final TrackerClient client;
    private final TrackerSettings settings;
    private final Executor executor;
    private final TrackerListener listener;
    private final LongSupplier ticker;
    private final Clock clock;
    private final TrackerList trackers;
    private boolean running;
    private boolean finished;
    /** Bumped by start and stop, so that late replies from before are not taken for new ones. */
    private int epoch;

    /**
     * What identifies the torrent and us to its trackers.
     *
     * @param infoHash the 20-byte info-hash announced (v1, or the truncated v2 hash)
     * @param peerId our 20-byte peer id
     * @param port the TCP port we listen on
     * @param key our random key for this torrent (kept across announces so the tracker knows us
     *     after an address change)
     * @param tiers the tracker URLs in tiers (BEP 12), or one tier with the {@code announce} URL
     */
    public record TorrentIdentity(byte[] infoHash, byte[] peerId, int port, int key, List<List<String>> tiers) {
        /**
         * Checks and copies.
         *
         * @param infoHash the info-hash
         * @param peerId our peer id
         * @param port our port
         * @param key our key
         * @param tiers the tiers
         */
        public TorrentIdentity {
            if (infoHash.length != AnnounceRequest.ID_LENGTH || peerId.length != AnnounceRequest.ID_LENGTH) {
                throw new IllegalArgumentException("info-hash and peer id are 20 bytes");
            }
            infoHash = infoHash.clone();
            peerId = peerId.clone();
            tiers = tiers.stream().map(List::copyOf).toList();
        }
    }

    /**
     * The byte counts announced.
     *
     * @param uploaded bytes uploaded since started
     * @param downloaded bytes downloaded since started
     * @param left bytes missing; 0 means the torrent is complete
     */
    public record TransferTotals(long uploaded, long downloaded, long left) {
    }

    /**
     * Creates the announcer; nothing is sent before {@link #start}.
     *
     * @param identity the torrent and us
     * @param totals read on the torrent's executor for each announce
     * @param client sends the requests (HTTP and UDP)
     * @param settings intervals, back-off, multitracker rules
     * @param executor the torrent's executor, where results are handled and the listener called
     * @param listener receives peers, replies, warnings and errors
     * @param ticker the monotonic clock in nanoseconds, the same one {@link #tick} times come from
     * @param clock the wall clock, for the {@link Instant}s of {@link #status}
     * @param random shuffles the tiers once
     */
    public TrackerAnnouncer(TorrentIdentity identity, Supplier<TransferTotals> totals, TrackerClient client,
                            TrackerSettings settings, Executor executor, TrackerListener listener,
                            LongSupplier ticker, Clock clock, Random random) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.totals = Objects.requireNonNull(totals, "totals");
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trackers = new TrackerList(identity.tiers(), settings, random);
    }

    /**
     * URLs refused by the scheme rule when the list was built.
     *
     * @return the URLs
     */
    public List<String> refusedUrls() {
        return trackers.refused();
    }

    /**
     * Starts announcing: every tracker becomes due at once, with {@code started}.
     *
     * @param now the current tick
     */
    public void start(long now) {
        if (running) {
            return;
        }
        running = true;
        epoch++;
        for (TrackerEntry e : trackers.all()) {
            e.startSent = false;
            e.completeSent = false;
            e.nextAnnounce = TrackerEntry.NEVER;
        }
        tick(now);
    }

    /**
     * Sends the announces that are due.
     *
     * @param now the current tick
     */
    public void tick(long now) {
        if (!running) {
            return;
        }
        for (List<TrackerEntry> tier : trackers.tiers()) {
            boolean tierHasTracker = false;
            // Copied: a reply delivered synchronously could reorder the tier while we walk it.
            for (TrackerEntry e : List.copyOf(tier)) {
                if (e.disabled) {
                    continue;
                }
                if (e.updating || e.notFailing() || e.due(now)) {
                    if (!e.updating && e.due(now)) {
                        announce(e, now);
                    }
                    tierHasTracker = true;
                    if (!settings.announceToAllTrackers()) {
                        break;
                    }
                }
                // A failing tracker still backing off: fall through to the next one (BEP 12).
            }
            if (tierHasTracker && !settings.announceToAllTiers() && !settings.announceToAllTrackers()) {
                break;
            }
        }
    }

    /**
     * The download completed: {@code completed} goes out at once to the trackers in use that had
     * {@code started} (and to the others when they are next announced to).
     *
     * @param now the current tick
     */
    public void finished(long now) {
        if (finished) {
            return;
        }
        finished = true;
        for (TrackerEntry e : trackers.all()) {
            if (e.startSent && !e.completeSent && !e.updating) {
                e.nextAnnounce = now;
            }
        }
        tick(now);
    }

    /**
     * Announces again as soon as each tracker's {@code min interval} allows.
     *
     * @param now the current tick
     */
    public void forceReannounce(long now) {
        for (TrackerEntry e : trackers.all()) {
            if (e.updating || e.disabled) {
                continue;
            }
            long earliest = e.lastSuccess == TrackerEntry.NEVER ? now : e.lastSuccess + e.minIntervalNanos;
            e.nextAnnounce = now - earliest >= 0 ? now : earliest;
        }
        tick(now);
    }

    /**
     * Stops announcing and sends {@code stopped} to every tracker that was told {@code started}
     * (or has one in flight), with the stop deadline.
     *
     * @param now the current tick
     * @return completes on the torrent's executor when every {@code stopped} was answered or
     *     failed; never fails
     */
    public CompletableFuture<Void> stop(long now) {
        if (!running) {
            return CompletableFuture.completedFuture(null);
        }
        running = false;
        epoch++;
        TransferTotals t = totals.get();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (TrackerEntry e : trackers.all()) {
            if (e.disabled || (!e.startSent && !e.updating)) {
                continue;
            }
            AnnounceRequest request = request(e, TrackerEvent.STOPPED, t, 0);
            CompletableFuture<Void> done = new CompletableFuture<>();
            client.announce(e.url, request, Optional.of(settings.stopTimeout()))
                    .orTimeout(settings.stopTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .whenComplete((r, error) -> executor.execute(() -> {
                        e.lastAnnounce = ticker.getAsLong();
                        if (error != null) {
                            e.lastError = Optional.of(HttpTrackerClient.toTrackerException(e.url, error).detail());
                        }
                        done.complete(null);
                    }));
            e.startSent = false;
            sent.add(done);
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * Scrapes the first tracker (in tier order) that supports it, for this torrent only.
     *
     * @return the counts, completed on the torrent's executor, or a {@code TrackerException}
     */
    public CompletableFuture<ScrapeResponse> scrape() {
        CompletableFuture<ScrapeResponse> result = new CompletableFuture<>();
        Optional<TrackerEntry> target = trackers.all().stream()
                .filter(e -> !e.disabled && TrackerUrls.scrapeUrl(e.url).isPresent()).findFirst();
        if (target.isEmpty()) {
            result.completeExceptionally(new TrackerException(Reason.SCRAPE_NOT_SUPPORTED, "(none)",
                    "no tracker of this torrent supports scrape"));
            return result;
        }
        client.scrape(target.get().url, List.of(Sha1Hash.of(identity.infoHash())))
                .whenComplete((r, error) -> executor.execute(() -> {
                    if (error != null) {
                        result.completeExceptionally(HttpTrackerClient.toTrackerException(target.get().url, error));
                    } else {
                        result.complete(r);
                    }
                }));
        return result;
    }

    /**
     * A snapshot of every tracker, tier by tier in current order.
     *
     * @param now the current tick
     * @return one status per tracker
     */
    public List<TrackerStatus> status(long now) {
        Instant wallNow = clock.instant();
        List<TrackerStatus> out = new ArrayList<>();
        for (TrackerEntry e : trackers.all()) {
            Optional<Instant> last = e.lastAnnounce == TrackerEntry.NEVER ? Optional.empty()
                    : Optional.of(wallNow.minusNanos(now - e.lastAnnounce));
            Optional<Instant> next = Optional.empty();
            if (running && !e.updating && !e.disabled) {
                next = Optional.of(e.nextAnnounce == TrackerEntry.NEVER || now - e.nextAnnounce >= 0
                        ? wallNow : wallNow.plusNanos(e.nextAnnounce - now));
            }
            out.add(new TrackerStatus(e.url, e.tier, last, next, e.seeds, e.peers, e.fails, e.lastError,
                    e.warning, e.lastSuccess != TrackerEntry.NEVER && e.fails == 0, e.updating));
        }
        return out;
    }

    private void announce(TrackerEntry e, long now) {
        TransferTotals t = totals.get();
        TrackerEvent event;
        if (!e.startSent) {
            event = TrackerEvent.STARTED;
        } else if (finished && !e.completeSent) {
            event = TrackerEvent.COMPLETED;
        } else {
            event = TrackerEvent.NONE;
        }
        // BEP 3: no completed is sent if the torrent was complete when started.
        boolean completeAtStart = event == TrackerEvent.STARTED && t.left() == 0;
        AnnounceRequest request = request(e, event, t, settings.numWant());
        e.updating = true;
        int sentEpoch = epoch;
        client.announce(e.url, request, Optional.empty())
                .whenComplete((response, error) -> executor.execute(() -> {
                    if (error == null) {
                        succeeded(e, event, completeAtStart, response, sentEpoch);
                    } else {
                        failed(e, HttpTrackerClient.toTrackerException(e.url, error), sentEpoch);
                    }
                }));
    }

    private AnnounceRequest request(TrackerEntry e, TrackerEvent event, TransferTotals t, int numWant) {
        return new AnnounceRequest(identity.infoHash(), identity.peerId(), identity.port(), t.uploaded(),
                t.downloaded(), t.left(), event, numWant, identity.key(), e.trackerId);
    }

    private void succeeded(TrackerEntry e, TrackerEvent event, boolean completeAtStart, AnnounceResponse r,
                           int sentEpoch) {
        long now = ticker.getAsLong();
        e.updating = false;
        e.fails = 0;
        e.lastAnnounce = now;
        e.lastSuccess = now;
        e.lastError = Optional.empty();
        e.warning = r.warning();
        long interval = Math.max(Duration.ofSeconds(r.interval()).toNanos(), settings.minAnnounceInterval().toNanos());
        e.intervalNanos = interval;
        e.minIntervalNanos = Math.min(interval, r.minInterval().isPresent()
                ? Duration.ofSeconds(r.minInterval().getAsInt()).toNanos() : settings.minAnnounceInterval().toNanos());
        e.nextAnnounce = now + interval;
        r.seeds().ifPresent(s -> e.seeds = s);
        r.leechers().ifPresent(l -> e.peers = l);
        r.trackerId().ifPresent(id -> e.trackerId = Optional.of(id));
        if (sentEpoch == epoch) {
            if (event == TrackerEvent.STARTED) {
                e.startSent = true;
                e.completeSent |= completeAtStart;
            } else if (event == TrackerEvent.COMPLETED) {
                e.completeSent = true;
            }
        }
        trackers.moveToFront(e);
        listener.replied(e.url, event, r);
        r.warning().ifPresent(w -> listener.warning(e.url, w));
        if (running && sentEpoch == epoch && !r.peers().isEmpty()) {
            listener.peersFound(e.url, List.copyOf(new LinkedHashSet<>(r.peers())));
        }
        // A completed that raced with this announce is still owed.
        if (running && finished && e.startSent && !e.completeSent) {
            e.nextAnnounce = now;
            tick(now);
        }
    }

    private void failed(TrackerEntry e, TrackerException error, int sentEpoch) {
        long now = ticker.getAsLong();
        e.updating = false;
        e.fails++;
        e.lastAnnounce = now;
        e.lastError = Optional.of(error.detail());
        if (error.reason() == Reason.FORBIDDEN_URL || error.reason() == Reason.UNSUPPORTED_SCHEME) {
            // Nothing will change on a retry: leave it out of the tier walk for good.
            e.disabled = true;
        }
        e.nextAnnounce = now + backOff(e);
        listener.failed(e.url, error, e.fails);
        if (running && sentEpoch == epoch) {
            // Fall through to the next tracker or tier now, not at the next tick.
            tick(now);
        }
    }

    /** 5 s × 2^(fails-1) up to the cap, and never sooner than the tracker's own min interval. */
    private long backOff(TrackerEntry e) {
        int shift = Math.min(e.fails - 1, 30);
        long base = settings.retryBase().toNanos();
        long delay = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        delay = Math.min(delay, settings.retryMax().toNanos());
        return Math.max(delay, e.minIntervalNanos);
    }
}
