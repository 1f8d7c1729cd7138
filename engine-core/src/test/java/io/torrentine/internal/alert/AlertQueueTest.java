package io.torrentine.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.torrentine.alert.Alert;
import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.AlertsDroppedAlert;
import io.torrentine.alert.PieceFinishedAlert;
import io.torrentine.alert.ResumeDataSavedAlert;
import io.torrentine.alert.SessionStatsAlert;
import io.torrentine.alert.TorrentAddedAlert;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.SessionStats;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AlertQueue}: order, bound and drop accounting, mask, the two consumption modes, close. */
class AlertQueueTest {
    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);
    private static final InfoHashes IH = InfoHashes.ofV1(Sha1Hash.fromHex("0123456789abcdef0123456789abcdef01234567"));
    private static final Set<AlertCategory> WITH_PROGRESS = EnumSet.of(AlertCategory.PROGRESS, AlertCategory.STATUS);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ExecutorService p : pools) {
            p.shutdownNow();
            assertThat(p.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private ExecutorService pool(int threads) {
        ExecutorService p = Executors.newFixedThreadPool(threads);
        pools.add(p);
        return p;
    }

    private static AlertQueue queue(int capacity) {
        return new AlertQueue(capacity, WITH_PROGRESS, CLOCK, () -> false);
    }

    /** A PROGRESS alert that says who posted it (name) and its sequence number there (piece). */
    private static PieceFinishedAlert piece(String poster, int seq) {
        return new PieceFinishedAlert(T, IH, poster, seq);
    }

    private static List<Alert> pieces(String poster, int from, int to) {
        List<Alert> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(piece(poster, i));
        }
        return out;
    }

    @Test
    void pollTakesAlertsInPostOrderUpToMax() {
        AlertQueue q = queue(10);
        for (int i = 0; i < 5; i++) {
            assertThat(q.post(piece("p", i))).isTrue();
        }
        assertThat(q.poll(2)).containsExactlyElementsOf(pieces("p", 0, 2));
        assertThat(q.poll(100)).containsExactlyElementsOf(pieces("p", 2, 5));
        assertThat(q.poll(100)).isEmpty();
        assertThatThrownBy(() -> q.poll(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullQueueDropsAndTheNextConsumerHearsOfItFirst() {
        AlertQueue q = queue(3);
        for (int i = 0; i < 3; i++) {
            assertThat(q.post(piece("p", i))).isTrue();
        }
        assertThat(q.post(piece("p", 3))).isFalse();
        assertThat(q.post(new TorrentAddedAlert(T, IH, "x"))).isFalse();

        List<Alert> got = q.poll(100);
        assertThat(got.get(0)).isEqualTo(new AlertsDroppedAlert(T, 2, EnumSet.of(AlertCategory.PROGRESS, AlertCategory.STATUS)));
        assertThat(got.subList(1, got.size())).containsExactlyElementsOf(pieces("p", 0, 3));
        // Reported once; room again afterwards.
        assertThat(q.post(piece("p", 4))).isTrue();
        assertThat(q.poll(100)).containsExactly(piece("p", 4));
    }

    @Test
    void theDropReportCountsAgainstMaxAndTheRestWaits() {
        AlertQueue q = queue(1);
        q.post(piece("p", 0));
        q.post(piece("p", 1));
        assertThat(q.poll(1)).containsExactly(new AlertsDroppedAlert(T, 1, EnumSet.of(AlertCategory.PROGRESS)));
        assertThat(q.poll(1)).containsExactly(piece("p", 0));
    }

    @Test
    void concurrentPostersFillExactlyTheCapacityAndEveryDropIsCounted() throws Exception {
        int posters = 4;
        int each = 5_000;
        int capacity = 1_000;
        AlertQueue q = queue(capacity);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService p = pool(posters);
        List<Future<Integer>> accepted = new ArrayList<>();
        for (int t = 0; t < posters; t++) {
            String name = "poster-" + t;
            accepted.add(p.submit(() -> {
                start.await();
                int ok = 0;
                for (int i = 0; i < each; i++) {
                    if (q.post(piece(name, i))) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        start.countDown();
        int acceptedTotal = 0;
        for (Future<Integer> f : accepted) {
            acceptedTotal += f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(acceptedTotal).isEqualTo(capacity);

        List<Alert> got = q.poll(Integer.MAX_VALUE);
        assertThat(got).hasSize(capacity + 1);
        assertThat(got.get(0)).isEqualTo(new AlertsDroppedAlert(T, (long) posters * each - capacity,
                EnumSet.of(AlertCategory.PROGRESS)));
        assertPerPosterOrder(got.subList(1, got.size()));
    }

    @Test
    void withAConsumerRacingThePostersNothingIsLostUncounted() throws Exception {
        int posters = 3;
        int each = 20_000;
        AlertQueue q = queue(64);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService p = pool(posters);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < posters; t++) {
            String name = "poster-" + t;
            done.add(p.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    q.post(piece(name, i));
                }
                return null;
            }));
        }
        List<Alert> consumed = new ArrayList<>();
        long dropped = 0;
        start.countDown();
        // Consume while the posters run; bounded: the posters finish, then one last drain.
        while (!done.stream().allMatch(Future::isDone)) {
            for (Alert a : q.poll(16)) {
                if (a instanceof AlertsDroppedAlert) {
                    dropped += ((AlertsDroppedAlert) a).dropped();
                } else {
                    consumed.add(a);
                }
            }
        }
        for (Future<?> f : done) {
            f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        for (Alert a : q.poll(Integer.MAX_VALUE)) {
            if (a instanceof AlertsDroppedAlert) {
                dropped += ((AlertsDroppedAlert) a).dropped();
            } else {
                consumed.add(a);
            }
        }
        assertThat(consumed.size() + dropped).isEqualTo((long) posters * each);
        assertPerPosterOrder(consumed);
    }

    /** Alerts of one poster come out in the order it posted them (with gaps where some were dropped). */
    private static void assertPerPosterOrder(List<Alert> alerts) {
        Map<String, Integer> last = new HashMap<>();
        for (Alert a : alerts) {
            PieceFinishedAlert p = (PieceFinishedAlert) a;
            Integer before = last.put(p.name(), p.piece());
            if (before != null) {
                assertThat(p.piece()).as("order of " + p.name()).isGreaterThan(before);
            }
        }
    }

    @Test
    void maskedOutAlertsAreNeverQueuedNorCountedAndTheMaskChangesAtRunTime() {
        AlertQueue q = new AlertQueue(10, AlertCategory.defaults(), CLOCK, () -> false);
        assertThat(q.wants(AlertCategory.PROGRESS)).isFalse();
        assertThat(q.wants(AlertCategory.STATUS)).isTrue();
        assertThat(q.post(piece("p", 0))).isFalse();
        assertThat(q.poll(10)).isEmpty();

        q.setMask(EnumSet.of(AlertCategory.PROGRESS));
        assertThat(q.mask()).containsExactly(AlertCategory.PROGRESS);
        assertThat(q.post(piece("p", 1))).isTrue();
        assertThat(q.post(new TorrentAddedAlert(T, IH, "x"))).isFalse();
        assertThat(q.poll(10)).containsExactly(piece("p", 1));

        q.setMask(Set.of());
        assertThat(q.mask()).isEmpty();
        assertThat(q.wants(AlertCategory.ERROR)).isFalse();
    }

    @Test
    void responsesIgnoreTheMaskAndMayUseASecondCapacityOfRoom() {
        AlertQueue q = new AlertQueue(2, Set.of(), CLOCK, () -> false);
        SessionStatsAlert stats = new SessionStatsAlert(T, new SessionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        ResumeDataSavedAlert saved = new ResumeDataSavedAlert(T, IH, "x",
                AddTorrentParams.builder(IH, Path.of("/srv")).build());
        assertThat(q.post(stats)).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(q.postResponse(stats)).isTrue();
        }
        assertThat(q.postResponse(saved)).isTrue();
        assertThat(q.postResponse(saved)).as("twice the capacity is the hard bound").isFalse();
        List<Alert> got = q.poll(100);
        assertThat(got).containsExactly(new AlertsDroppedAlert(T, 1, EnumSet.of(AlertCategory.STORAGE)),
                stats, stats, stats, saved);
    }

    @Test
    void theCapacityChangesAtRunTimeWithoutLosingWhatIsQueued() {
        AlertQueue q = queue(5);
        for (int i = 0; i < 3; i++) {
            q.post(piece("p", i));
        }
        q.setCapacity(2);
        assertThat(q.capacity()).isEqualTo(2);
        assertThat(q.post(piece("p", 3))).isFalse();
        assertThat(q.poll(10)).hasSize(4).startsWith(new AlertsDroppedAlert(T, 1, EnumSet.of(AlertCategory.PROGRESS)));
        assertThatThrownBy(() -> q.setCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.setCapacity(AlertQueue.MAX_CAPACITY + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListenerGetsAlertsOneCallAtATimeInOrderAndNeverOnThePostingThread() throws Exception {
        int posters = 3;
        int each = 3_000;
        AlertQueue q = queue(posters * each);
        ConcurrentLinkedQueue<Alert> delivered = new ConcurrentLinkedQueue<>();
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Thread> posterThreads = ConcurrentHashMap.newKeySet();
        Set<Thread> listenerThreads = ConcurrentHashMap.newKeySet();
        q.setListener(a -> {
            mostAtOnce.accumulateAndGet(inCall.incrementAndGet(), Math::max);
            listenerThreads.add(Thread.currentThread());
            delivered.add(a);
            inCall.decrementAndGet();
        }, pool(4));

        ExecutorService p = pool(posters);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < posters; t++) {
            String name = "poster-" + t;
            done.add(p.submit(() -> {
                posterThreads.add(Thread.currentThread());
                for (int i = 0; i < each; i++) {
                    assertThat(q.post(piece(name, i))).isTrue();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> delivered.size() == posters * each);
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(listenerThreads).doesNotContainAnyElementsOf(posterThreads);
        List<Alert> all = new ArrayList<>(delivered);
        assertPerPosterOrder(all);
        assertThat(all.stream().filter(a -> ((PieceFinishedAlert) a).name().equals("poster-0")))
                .containsExactlyElementsOf(pieces("poster-0", 0, each));
    }

    @Test
    void aListenerFirstGetsTheDropReportAndWhatWasAlreadyQueued() {
        AlertQueue q = queue(2);
        for (int i = 0; i < 3; i++) {
            q.post(piece("p", i));
        }
        List<Alert> delivered = Collections.synchronizedList(new ArrayList<>());
        q.setListener(delivered::add, pool(1));
        await().atMost(PATIENCE).until(() -> delivered.size() == 3);
        assertThat(delivered).containsExactly(new AlertsDroppedAlert(T, 1, EnumSet.of(AlertCategory.PROGRESS)),
                piece("p", 0), piece("p", 1));
    }

    @Test
    void aThrowingListenerIsLoggedAndDeliveryGoesOn() {
        AlertQueue q = queue(10);
        List<Alert> delivered = Collections.synchronizedList(new ArrayList<>());
        q.setListener(a -> {
            delivered.add(a);
            if (((PieceFinishedAlert) a).piece() == 1) {
                throw new IllegalStateException("listener bug (expected by the test)");
            }
        }, pool(1));
        for (int i = 0; i < 4; i++) {
            q.post(piece("p", i));
        }
        await().atMost(PATIENCE).until(() -> delivered.size() == 4);
        assertThat(delivered).containsExactlyElementsOf(pieces("p", 0, 4));
    }

    @Test
    void pullingIsRefusedWhileAListenerIsSetAndClearingItReturnsToPulling() throws Exception {
        AlertQueue q = queue(10);
        List<Alert> delivered = Collections.synchronizedList(new ArrayList<>());
        q.setListener(delivered::add, pool(1));
        assertThat(q.hasListener()).isTrue();
        assertThatThrownBy(() -> q.poll(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> q.waitFor(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> q.setListener(a -> { }, Runnable::run)).isInstanceOf(IllegalStateException.class);

        q.post(piece("p", 0));
        await().atMost(PATIENCE).until(() -> delivered.size() == 1);
        q.clearListener();
        assertThat(q.hasListener()).isFalse();
        q.post(piece("p", 1));
        assertThat(q.poll(10)).containsExactly(piece("p", 1));
        assertThat(delivered).containsExactly(piece("p", 0));
    }

    @Test
    void aRejectedDeliveryIsRetriedOnTheNextPost() {
        AlertQueue q = queue(10);
        List<Alert> delivered = new ArrayList<>();
        AtomicBoolean rejectNext = new AtomicBoolean(true);
        // A direct executor (runs the listener on the posting thread, as documented) that
        // rejects its first task.
        Executor flaky = task -> {
            if (rejectNext.getAndSet(false)) {
                throw new RejectedExecutionException("full (expected by the test)");
            }
            task.run();
        };
        q.setListener(delivered::add, flaky);
        q.post(piece("p", 0));
        assertThat(delivered).isEmpty();
        q.post(piece("p", 1));
        assertThat(delivered).containsExactly(piece("p", 0), piece("p", 1));
    }

    @Test
    void waitForReturnsNothingWhenTheTimeoutPasses() throws Exception {
        AlertQueue q = queue(10);
        long start = System.nanoTime();
        assertThat(q.waitFor(Duration.ofMillis(100))).isEmpty();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(q.waitFor(Duration.ofMillis(-5))).isEmpty();
    }

    @Test
    void waitForReturnsAtOnceWhenAlertsAreQueued() throws Exception {
        AlertQueue q = queue(10);
        q.post(piece("p", 0));
        q.post(piece("p", 1));
        assertThat(q.waitFor(Duration.ofDays(1))).containsExactlyElementsOf(pieces("p", 0, 2));
    }

    @Test
    void aPostWakesAWaiter() throws Exception {
        AlertQueue q = queue(10);
        CompletableFuture<List<Alert>> result = new CompletableFuture<>();
        Thread waiter = waitInThread(q, Duration.ofSeconds(60), result);
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        long start = System.nanoTime();
        q.post(piece("p", 7));
        assertThat(result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).containsExactly(piece("p", 7));
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(30).toNanos());
        waiter.join(PATIENCE.toMillis());
    }

    @Test
    void anInterruptedWaiterGetsInterruptedException() throws Exception {
        AlertQueue q = queue(10);
        CompletableFuture<List<Alert>> result = new CompletableFuture<>();
        Thread waiter = waitInThread(q, Duration.ofSeconds(60), result);
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();
        assertThatThrownBy(() -> result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
        waiter.join(PATIENCE.toMillis());
    }

    @Test
    void settingAListenerMakesAWaiterFail() throws Exception {
        AlertQueue q = queue(10);
        CompletableFuture<List<Alert>> result = new CompletableFuture<>();
        Thread waiter = waitInThread(q, Duration.ofSeconds(60), result);
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        q.setListener(a -> { }, pool(1));
        assertThatThrownBy(() -> result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        waiter.join(PATIENCE.toMillis());
    }

    private static Thread waitInThread(AlertQueue q, Duration timeout, CompletableFuture<List<Alert>> result) {
        Thread t = new Thread(() -> {
            try {
                result.complete(q.waitFor(timeout));
            } catch (InterruptedException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "alert-waiter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void waitForIsRefusedOnAnEventLoop() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            AlertQueue q = new AlertQueue(10, WITH_PROGRESS, CLOCK, loop::inEventLoop);
            Future<List<Alert>> onLoop = loop.submit(() -> q.waitFor(Duration.ofSeconds(60)));
            assertThatThrownBy(() -> onLoop.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
            // The same queue waits happily on a user thread.
            q.post(piece("p", 0));
            assertThat(q.waitFor(Duration.ofSeconds(1))).containsExactly(piece("p", 0));
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(PATIENCE.toMillis());
        }
    }

    @Test
    void closeDiscardsWakesWaitersStopsTheListenerAndIgnoresLaterPosts() throws Exception {
        AlertQueue q = queue(2);
        q.post(piece("p", 0));
        q.post(piece("p", 1));
        q.post(piece("p", 2)); // dropped: the report is discarded with the rest
        q.close();
        assertThat(q.isClosed()).isTrue();
        assertThat(q.post(piece("p", 3))).isFalse();
        assertThat(q.postResponse(piece("p", 4))).isFalse();
        assertThat(q.wants(AlertCategory.PROGRESS)).isFalse();
        assertThat(q.poll(10)).isEmpty();
        assertThat(q.waitFor(Duration.ofDays(1))).isEmpty();
        assertThatThrownBy(() -> q.setListener(a -> { }, Runnable::run)).isInstanceOf(IllegalStateException.class);
        q.close(); // idempotent
    }

    @Test
    void closeWakesABlockedWaiter() throws Exception {
        AlertQueue q = queue(10);
        CompletableFuture<List<Alert>> result = new CompletableFuture<>();
        Thread waiter = waitInThread(q, Duration.ofSeconds(60), result);
        await().atMost(PATIENCE).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        q.close();
        assertThat(result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        waiter.join(PATIENCE.toMillis());
    }

    @Test
    void afterCloseTheListenerIsNotCalledAgain() {
        AlertQueue q = queue(10);
        List<Alert> delivered = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        // An executor the test runs by hand: a task scheduled before close runs after it.
        q.setListener(delivered::add, tasks::add);
        q.post(piece("p", 0));
        assertThat(tasks).hasSize(1);
        q.close();
        tasks.get(0).run();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aListenerTaskHandsItsThreadBackAfterABatch() {
        AlertQueue q = queue(1_000);
        List<Alert> delivered = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        Consumer<Alert> listener = delivered::add;
        q.setListener(listener, tasks::add);
        int total = AlertQueue.LISTENER_BATCH * 2 + 5;
        for (int i = 0; i < total; i++) {
            q.post(piece("p", i));
        }
        assertThat(tasks).as("one task scheduled at a time").hasSize(1);
        AtomicReference<Integer> runs = new AtomicReference<>(0);
        while (runs.get() < tasks.size()) {
            int before = delivered.size();
            tasks.get(runs.get()).run();
            runs.set(runs.get() + 1);
            assertThat(delivered.size() - before).isLessThanOrEqualTo(AlertQueue.LISTENER_BATCH);
        }
        assertThat(runs.get()).isEqualTo(3);
        assertThat(delivered).containsExactlyElementsOf(pieces("p", 0, total));
    }
}
