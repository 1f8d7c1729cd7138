package io.torrentine.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.metainfo.PeerAddress;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import io.torrentine.session.TrackerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link TrackerAnnouncer} with a scripted client, a hand-driven clock and a queue standing in
 * for the torrent's event loop: BEP 12 tiers, BEP 3 events, intervals, back-off and status.
 */
class TrackerAnnouncerTest {
    private static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

    /** One announce the announcer sent, answered by the test. */
    record Call(String url, AnnounceRequest request, Optional<Duration> deadline,
                CompletableFuture<AnnounceResponse> reply) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final AtomicLong ticker = new AtomicLong(5_000_000_000L);
    private final List<String> events = new ArrayList<>();
    private long left = 1000;

    private final TrackerClient client = new TrackerClient() {
        @Override
        public CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request, Optional<Duration> deadline) {
            Call c = new Call(url, request, deadline, new CompletableFuture<>());
            calls.add(c);
            return c.reply();
        }

        @Override
        public CompletableFuture<ScrapeResponse> scrape(String url, List<Sha1Hash> infoHashes) {
            return CompletableFuture.completedFuture(new ScrapeResponse(java.util.Map.of(), OptionalInt.empty()));
        }
    };

    private final TrackerListener listener = new TrackerListener() {
        @Override
        public void peersFound(String url, List<PeerAddress> peers) {
            events.add("peers " + url + " " + peers.size());
        }

        @Override
        public void warning(String url, String message) {
            events.add("warning " + url + " " + message);
        }

        @Override
        public void failed(String url, TrackerException error, int failures) {
            events.add("failed " + url + " " + error.reason() + " " + failures);
        }
    };

    private TrackerAnnouncer announcer(TrackerSettings settings, List<List<String>> tiers) {
        return new TrackerAnnouncer(
                new TrackerAnnouncer.TorrentIdentity(new byte[20], new byte[20], 6881, 42, tiers),
                () -> new TrackerAnnouncer.TransferTotals(0, 0, left), client, settings, loop::add, listener,
                ticker::get, Clock.fixed(WALL, ZoneOffset.UTC), new Random(1));
    }

    private long now() {
        return ticker.get();
    }

    private void advance(Duration d) {
        ticker.addAndGet(d.toNanos());
    }

    /** Runs what the "event loop" has queued. */
    private void runLoop() {
        while (!loop.isEmpty()) {
            loop.poll().run();
        }
    }

    private static AnnounceResponse reply(int interval, int minInterval, int peers) {
        List<PeerAddress> list = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            list.add(new PeerAddress("10.0.0." + (i + 1), 6881));
        }
        return new AnnounceResponse(interval, minInterval > 0 ? OptionalInt.of(minInterval) : OptionalInt.empty(),
                list, OptionalInt.of(3), OptionalInt.of(4), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private void answer(Call c, AnnounceResponse r) {
        c.reply().complete(r);
        runLoop();
    }

    private void fail(Call c, Reason reason) {
        c.reply().completeExceptionally(new TrackerException(reason, c.url(), "scripted"));
        runLoop();
    }

    private Call last() {
        return calls.get(calls.size() - 1);
    }

    @Test
    void startedFirstThenTheTrackersInterval() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        assertThat(calls).hasSize(1);
        assertThat(last().request().event()).isEqualTo(TrackerEvent.STARTED);
        assertThat(last().request().numWant()).isEqualTo(200);
        assertThat(last().request().key()).isEqualTo(42);
        a.tick(now());
        assertThat(calls).as("no second announce while one is in flight").hasSize(1);
        answer(last(), reply(1800, 0, 2));
        assertThat(events).containsExactly("peers http://a/announce 2");
        TrackerStatus s = a.status(now()).get(0);
        assertThat(s.working()).isTrue();
        assertThat(s.seeds()).isEqualTo(3);
        assertThat(s.peers()).isEqualTo(4);
        assertThat(s.lastAnnounce()).hasValue(WALL);
        assertThat(s.nextAnnounce()).hasValue(WALL.plusSeconds(1800));
        advance(Duration.ofSeconds(1799));
        a.tick(now());
        assertThat(calls).hasSize(1);
        advance(Duration.ofSeconds(1));
        a.tick(now());
        assertThat(calls).hasSize(2);
        assertThat(last().request().event()).isEqualTo(TrackerEvent.NONE);
    }

    @Test
    void aFailingTrackerFallsThroughToTheNextInItsTierWhichMovesToTheFront() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS,
                List.of(List.of("http://a/announce", "http://b/announce")));
        a.start(now());
        Call first = last();
        String other = first.url().equals("http://a/announce") ? "http://b/announce" : "http://a/announce";
        fail(first, Reason.CONNECTION_FAILED);
        assertThat(calls).hasSize(2);
        assertThat(last().url()).isEqualTo(other);
        assertThat(last().request().event()).isEqualTo(TrackerEvent.STARTED);
        answer(last(), reply(60, 0, 1));
        assertThat(a.status(now())).extracting(TrackerStatus::url).containsExactly(other, first.url());
        // The first tracker's back-off ends, but the tier already has a working tracker.
        advance(Duration.ofSeconds(59));
        a.tick(now());
        assertThat(calls).hasSize(2);
        advance(Duration.ofSeconds(1));
        a.tick(now());
        assertThat(calls).hasSize(3);
        assertThat(last().url()).isEqualTo(other);
    }

    @Test
    void tiersAreWalkedInOrderAndAFailedFirstTierIsRetriedAfterItsBackOff() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS,
                List.of(List.of("http://t0/announce"), List.of("http://t1/announce")));
        a.start(now());
        assertThat(calls).extracting(Call::url).containsExactly("http://t0/announce");
        fail(last(), Reason.TIMEOUT);
        assertThat(calls).extracting(Call::url).containsExactly("http://t0/announce", "http://t1/announce");
        answer(last(), reply(1800, 0, 0));
        advance(Duration.ofSeconds(5));
        a.tick(now());
        assertThat(last().url()).isEqualTo("http://t0/announce");
        fail(last(), Reason.TIMEOUT);
        assertThat(events).containsExactly("failed http://t0/announce TIMEOUT 1", "failed http://t0/announce TIMEOUT 2");
        // Second failure: 10 s back-off (5 s × 2^1).
        TrackerStatus t0 = a.status(now()).stream().filter(s -> s.url().equals("http://t0/announce")).findFirst().orElseThrow();
        assertThat(t0.nextAnnounce()).hasValue(WALL.plusSeconds(10));
        assertThat(t0.failures()).isEqualTo(2);
        assertThat(t0.lastError()).hasValue("scripted");
        assertThat(t0.working()).isFalse();
    }

    @Test
    void backOffDoublesUpToTheCap() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fail(last(), Reason.CONNECTION_FAILED);
            Instant next = a.status(now()).get(0).nextAnnounce().orElseThrow();
            long wait = Duration.between(WALL, next).toSeconds();
            waits.add(wait);
            advance(Duration.ofSeconds(wait));
            a.tick(now());
        }
        assertThat(waits).containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L, 2560L, 3600L, 3600L);
    }

    @Test
    void announceToAllTiersAndToAllTrackers() {
        TrackerAnnouncer tiers = announcer(TrackerSettings.DEFAULTS.withAnnounceToAll(true, false),
                List.of(List.of("http://a/announce", "http://b/announce"), List.of("http://c/announce")));
        tiers.start(now());
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).url()).isEqualTo("http://c/announce");
        calls.clear();
        TrackerAnnouncer all = announcer(TrackerSettings.DEFAULTS.withAnnounceToAll(false, true),
                List.of(List.of("http://a/announce", "http://b/announce"), List.of("http://c/announce")));
        all.start(now());
        assertThat(calls).extracting(Call::url)
                .containsExactlyInAnyOrder("http://a/announce", "http://b/announce", "http://c/announce");
    }

    @Test
    void completedIsSentOnceWhenTheDownloadFinishes() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        answer(last(), reply(1800, 0, 0));
        left = 0;
        a.finished(now());
        assertThat(last().request().event()).isEqualTo(TrackerEvent.COMPLETED);
        assertThat(last().request().left()).isZero();
        answer(last(), reply(1800, 0, 0));
        a.finished(now());
        advance(Duration.ofSeconds(1800));
        a.tick(now());
        assertThat(calls).extracting(c -> c.request().event())
                .containsExactly(TrackerEvent.STARTED, TrackerEvent.COMPLETED, TrackerEvent.NONE);
    }

    @Test
    void noCompletedWhenCompleteAtStart() {
        left = 0;
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        answer(last(), reply(1800, 0, 0));
        a.finished(now());
        advance(Duration.ofSeconds(1800));
        a.tick(now());
        assertThat(calls).extracting(c -> c.request().event()).containsExactly(TrackerEvent.STARTED, TrackerEvent.NONE);
    }

    @Test
    void stopSendsStoppedWithTheShortDeadlineAndThenNothing() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS,
                List.of(List.of("http://a/announce"), List.of("http://never/announce")));
        a.start(now());
        answer(last(), reply(1800, 0, 0));
        CompletableFuture<Void> stopped = a.stop(now());
        assertThat(last().request().event()).isEqualTo(TrackerEvent.STOPPED);
        assertThat(last().url()).isEqualTo("http://a/announce");
        assertThat(last().request().numWant()).isZero();
        assertThat(last().deadline()).hasValue(TrackerSettings.DEFAULTS.stopTimeout());
        assertThat(calls).hasSize(2); // the tracker never told started gets no stopped
        assertThat(stopped).isNotDone();
        fail(last(), Reason.TIMEOUT);
        assertThat(stopped).isCompleted(); // best effort: a failed stopped still completes it
        advance(Duration.ofHours(2));
        a.tick(now());
        assertThat(calls).hasSize(2);
        assertThat(a.status(now())).allSatisfy(s -> assertThat(s.nextAnnounce()).isEmpty());
        // Restart: started again.
        a.start(now());
        assertThat(last().request().event()).isEqualTo(TrackerEvent.STARTED);
    }

    @Test
    void peersArrivingAfterStopAreNotHandedOn() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        Call started = last();
        a.stop(now());
        answer(started, reply(1800, 0, 5));
        assertThat(events).noneMatch(e -> e.startsWith("peers"));
    }

    @Test
    void forcedReannounceHonoursMinInterval() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        answer(last(), reply(1800, 300, 0));
        advance(Duration.ofSeconds(10));
        a.forceReannounce(now());
        assertThat(calls).hasSize(1);
        assertThat(a.status(now()).get(0).nextAnnounce()).hasValue(WALL.plusSeconds(290));
        advance(Duration.ofSeconds(290));
        a.tick(now());
        assertThat(calls).hasSize(2);
    }

    @Test
    void warningsAreReportedAndForbiddenUrlsAreNotRetried() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS,
                List.of(List.of("http://127.0.0.1/admin"), List.of("http://b/announce", "ftp://c/announce")));
        assertThat(a.refusedUrls()).containsExactly("ftp://c/announce");
        a.start(now());
        fail(last(), Reason.FORBIDDEN_URL);
        assertThat(last().url()).isEqualTo("http://b/announce");
        answer(last(), new AnnounceResponse(1800, OptionalInt.empty(), List.of(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.of("be nice"), Optional.empty()));
        assertThat(events).containsExactly("failed http://127.0.0.1/admin FORBIDDEN_URL 1", "warning http://b/announce be nice");
        assertThat(a.status(now()).get(1).warning()).hasValue("be nice");
        advance(Duration.ofHours(3));
        a.tick(now());
        assertThat(calls).extracting(Call::url).doesNotContain("ftp://c/announce")
                .filteredOn(u -> u.contains("admin")).hasSize(1);
    }

    @Test
    void trackerIdIsSentBack() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/announce")));
        a.start(now());
        answer(last(), new AnnounceResponse(60, OptionalInt.empty(), List.of(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.of(new byte[] {1, 2}), Optional.empty(), Optional.empty()));
        advance(Duration.ofSeconds(60));
        a.tick(now());
        assertThat(last().request().trackerId()).hasValueSatisfying(id -> assertThat(id).containsExactly(1, 2));
    }

    @Test
    void scrapeAsksTheFirstTrackerThatSupportsIt() {
        TrackerAnnouncer a = announcer(TrackerSettings.DEFAULTS, List.of(List.of("http://a/x"), List.of("http://b/announce")));
        CompletableFuture<ScrapeResponse> f = a.scrape();
        runLoop();
        assertThat(f).isCompleted();
    }
}
