package io.torrentine.internal.alert;

import io.torrentine.alert.Alert;
import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.AlertsDroppedAlert;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's alerts on their way from the engine to the application: bounded, filtered by a
 * category mask, posted from any thread without blocking, and consumed in one of two modes.
 *
 * <p><b>Posting.</b> {@link #post} is called from event loops and disk threads. It never waits:
 * a category the mask disables is refused at once ({@link #wants} lets a caller skip building an
 * expensive alert), and when the queue holds {@link #capacity()} alerts the new one is dropped
 * and counted. The next consumer then gets an {@link AlertsDroppedAlert} with that count before
 * anything else. {@link #postResponse} is for alerts that answer a call of the application (resume
 * data, statistics): they ignore the mask, as libtorrent's non-discardable alerts do, and may use
 * a second {@code capacity()} of room, so that a flood of peer alerts cannot drop the answer an
 * application is waiting for. The queue never holds more than twice its capacity.
 *
 * <p><b>Consuming.</b> Either <em>pull</em>: {@link #poll} (never blocks) and {@link #waitFor}
 * (blocks the caller until an alert comes or the time is up; refused on an event loop); or
 * <em>listen</em>: {@link #setListener} drains alerts onto the application's executor, one task at
 * a time and in queue order. While a listener is set, {@link #poll} and {@link #waitFor} throw;
 * {@link #clearListener} returns to pulling. Alerts posted by one thread are consumed in the order
 * that thread posted them; alerts from different threads are consumed in the order they entered
 * the queue.
 *
 * <p><b>Closing.</b> {@link #close} discards what is queued, stops the listener and wakes waiters;
 * later posts are ignored (and not counted as dropped).
 *
 * <p>Thread-safe. Posting and polling are lock-free: a {@link ConcurrentLinkedQueue} whose size
 * is bounded by a separate counter, reserved with a compare-and-set before the alert is added.
 */
public final class AlertQueue implements AutoCloseable {
    /** The default capacity, as libtorrent 1.2's {@code alert_queue_size}. */
    public static final int DEFAULT_CAPACITY = 1000;
    /** The largest capacity: alerts are small, but a million of them is already a lot of memory. */
    public static final int MAX_CAPACITY = 1 << 20;
    /**
     * How many alerts one listener task delivers before it hands its thread back to the
     * executor (and schedules the next task): an application that shares the executor with other
     * work is not starved by a burst of alerts.
     */
    static final int LISTENER_BATCH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(AlertQueue.class);

    /**
     * Drops are counted in one long, so that a consumer takes the count and the categories with
     * one atomic swap: the count in the low bits, a bit per category above them.
     */
    private static final int CATEGORY_SHIFT = 48;
    private static final long COUNT_MASK = (1L << CATEGORY_SHIFT) - 1;

    static {
        if (AlertCategory.values().length > Long.SIZE - CATEGORY_SHIFT) {
            throw new IllegalStateException("too many alert categories for the drop counter");
        }
    }

    private final ConcurrentLinkedQueue<Alert> queue = new ConcurrentLinkedQueue<>();
    /** Alerts in {@link #queue}, reserved before they are added: never above twice the capacity. */
    private final AtomicInteger size = new AtomicInteger();
    /** Drops not yet reported: count and categories, see {@link #CATEGORY_SHIFT}. */
    private final AtomicLong drops = new AtomicLong();
    /**
     * Threads blocked in {@link #waitFor}, to be unparked by a post. Bounded by the number of
     * application threads that wait at the same time: each adds itself once and removes itself
     * before it returns.
     */
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private final Clock clock;
    private final BooleanSupplier onEventLoop;

    private volatile int capacity;
    /** Enabled categories, a bit per ordinal: read on every post, so no set lookup. */
    private volatile int mask;
    /** The listener, or null when the application pulls. */
    private volatile Delivery delivery;
    private volatile boolean closed;

    /**
     * A queue.
     *
     * @param capacity the most alerts it holds; see {@link #setCapacity}
     * @param mask the categories to queue; see {@link #setMask}
     * @param clock the clock that stamps {@link AlertsDroppedAlert}s (the session's)
     * @param onEventLoop tells whether the calling thread is one of the engine's event loops,
     *     where {@link #waitFor} must not block
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public AlertQueue(int capacity, Set<AlertCategory> mask, Clock clock, BooleanSupplier onEventLoop) {
        setCapacity(capacity);
        setMask(mask);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onEventLoop = Objects.requireNonNull(onEventLoop, "onEventLoop");
    }

    /**
     * Changes the capacity at run time. Shrinking drops nothing already queued; posts are refused
     * until the queue is below the new capacity.
     *
     * @param capacity from 1 to {@link #MAX_CAPACITY}
     * @throws IllegalArgumentException if out of range
     */
    public void setCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("alert queue capacity must be 1 to " + MAX_CAPACITY + ": " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The capacity.
     *
     * @return the most alerts {@link #post} queues
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Changes the enabled categories at run time. Alerts of other categories are refused from
     * now on; those already queued stay.
     *
     * @param categories the categories to queue (copied)
     */
    public void setMask(Set<AlertCategory> categories) {
        int bits = 0;
        for (AlertCategory c : categories) {
            bits |= bit(c);
        }
        this.mask = bits;
    }

    /**
     * The enabled categories.
     *
     * @return an unmodifiable copy
     */
    public Set<AlertCategory> mask() {
        EnumSet<AlertCategory> set = EnumSet.noneOf(AlertCategory.class);
        int bits = mask;
        for (AlertCategory c : AlertCategory.values()) {
            if ((bits & bit(c)) != 0) {
                set.add(c);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /**
     * Whether an alert of this category would be queued (unless the queue is full): a caller
     * checks this before building an alert that is expensive to build.
     *
     * @param category the category
     * @return false if the category is masked out or the queue is closed
     */
    public boolean wants(AlertCategory category) {
        return !closed && (mask & bit(category)) != 0;
    }

    /**
     * Queues an alert if its category is enabled and there is room; never blocks. A full queue
     * drops it and counts it for the next {@link AlertsDroppedAlert}.
     *
     * @param alert the alert
     * @return true if it was queued
     */
    public boolean post(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (!wants(alert.category())) {
            return false;
        }
        return offer(alert, capacity);
    }

    /**
     * Queues an alert that answers a call of the application (resume data, statistics): it
     * ignores the mask, and may fill the queue up to twice its capacity before it is dropped.
     *
     * @param alert the alert
     * @return true if it was queued; false if the queue is closed, or dropped
     */
    public boolean postResponse(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (closed) {
            return false;
        }
        return offer(alert, 2 * capacity);
    }

    private boolean offer(Alert alert, int limit) {
        int s;
        do {
            s = size.get();
            if (s >= limit) {
                recordDrop(alert.category());
                // The consumer is already due (the queue is full); this only retries a listener
                // task that an executor rejected.
                wakeConsumers();
                return false;
            }
        } while (!size.compareAndSet(s, s + 1));
        queue.offer(alert);
        wakeConsumers();
        return true;
    }

    private void recordDrop(AlertCategory category) {
        long categoryBit = (long) bit(category) << CATEGORY_SHIFT;
        // The count saturates rather than wrap into the category bits (2^48 drops is not a
        // realistic number, but the arithmetic must not corrupt the categories).
        drops.getAndUpdate(v -> ((v & COUNT_MASK) == COUNT_MASK ? v : v + 1) | categoryBit);
    }

    private void wakeConsumers() {
        // The queue's offer above and the add in waitFor are both volatile writes, followed by a
        // read of the other side: either the waiter sees the alert, or we see the waiter.
        if (!waiters.isEmpty()) {
            for (Thread t : waiters) {
                LockSupport.unpark(t);
            }
        }
        Delivery d = delivery;
        if (d != null) {
            d.schedule();
        }
    }

    /**
     * Takes up to {@code max} alerts, oldest first, without blocking; an
     * {@link AlertsDroppedAlert} comes first if alerts were dropped since the last one.
     *
     * @param max the most alerts to take, at least 1
     * @return the alerts, possibly none; a new mutable list the caller owns
     * @throws IllegalArgumentException if max is less than 1
     * @throws IllegalStateException if a listener is set
     */
    public List<Alert> poll(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        requirePulling();
        List<Alert> out = new ArrayList<>(Math.min(max, size.get() + 1));
        if (closed) {
            return out;
        }
        while (out.size() < max) {
            Alert a = next();
            if (a == null) {
                break;
            }
            out.add(a);
        }
        return out;
    }

    /**
     * Blocks until an alert is queued or the timeout passes, then takes every queued alert (as
     * {@link #poll} with no limit: at most twice the capacity, plus an {@link AlertsDroppedAlert}).
     * Returns at once, empty, if the queue is closed. Waits in real time (the injected clock only
     * stamps alerts).
     *
     * @param timeout the longest wait
     * @return the alerts, empty if none came in time
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException if called on one of the engine's event loops (which must
     *     never block), if a listener is set, or if one is set while waiting
     */
    public List<Alert> waitFor(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (onEventLoop.getAsBoolean()) {
            throw new IllegalStateException("waitFor blocks; it must never be called on an event loop");
        }
        requirePulling();
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            while (!closed && !hasPending()) {
                requirePulling();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new ArrayList<>();
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for alerts");
                }
            }
        } finally {
            waiters.remove(me);
        }
        return poll(Integer.MAX_VALUE);
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            // Over 292 years: as good as forever, and the deadline arithmetic must not overflow.
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * Delivers alerts to a listener from now on: each alert is passed to {@code listener} in a
     * task run on {@code executor}, one call at a time, in queue order ({@link AlertsDroppedAlert}
     * first, as for {@link #poll}). Alerts already queued are delivered too. A task delivers at most
     * {@value #LISTENER_BATCH} alerts and then schedules the next one.
     *
     * <p>The listener runs on the executor's threads, never on the posting thread, unless the
     * executor runs tasks in the calling thread (a direct executor): then the listener runs on the
     * engine's event loops and disk threads and must return at once and never block. The
     * executor's {@code execute} is called on those threads too, so it must not block either
     * (an executor that rejects a task makes the queue log it and try again on the next post).
     * A listener that throws a {@link RuntimeException} is logged, and delivery goes on with the
     * next alert.
     *
     * @param listener receives each alert
     * @param executor runs the delivery tasks
     * @throws IllegalStateException if a listener is already set, or the queue is closed
     */
    public void setListener(Consumer<Alert> listener, Executor executor) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(executor, "executor");
        Delivery d = new Delivery(listener, executor);
        synchronized (this) {
            // Only changes of mode take this lock: posts and polls never do.
            if (closed) {
                throw new IllegalStateException("the alert queue is closed");
            }
            if (delivery != null) {
                throw new IllegalStateException("a listener is already set; clear it first");
            }
            delivery = d;
        }
        for (Thread t : waiters) {
            LockSupport.unpark(t); // they throw: the mode changed under them
        }
        if (hasPending()) {
            d.schedule();
        }
    }

    /**
     * Stops delivering to the listener and returns to pulling. The alert being delivered when this
     * is called may still reach the listener; later alerts stay queued for {@link #poll}.
     */
    public void clearListener() {
        synchronized (this) {
            delivery = null;
        }
    }

    /**
     * Whether a listener is set.
     *
     * @return true in listener mode
     */
    public boolean hasListener() {
        return delivery != null;
    }

    /**
     * Closes the queue: discards what is queued (and any unreported drop count), stops the
     * listener after the alert it is being given, wakes every waiter. Later posts are ignored and
     * {@link #poll} returns nothing. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            delivery = null;
        }
        queue.clear();
        size.set(0);
        drops.set(0);
        for (Thread t : waiters) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Whether {@link #close} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void requirePulling() {
        if (delivery != null) {
            throw new IllegalStateException("a listener is set: alerts go to it, not to poll or waitFor");
        }
    }

    private boolean hasPending() {
        return drops.get() != 0 || !queue.isEmpty();
    }

    /** The next alert to consume: a drop report if there is one, else the oldest queued alert. */
    private Alert next() {
        if (drops.get() != 0) {
            long d = drops.getAndSet(0);
            if (d != 0) {
                return droppedAlert(d);
            }
        }
        Alert a = queue.poll();
        if (a != null) {
            size.decrementAndGet();
        }
        return a;
    }

    private AlertsDroppedAlert droppedAlert(long d) {
        EnumSet<AlertCategory> categories = EnumSet.noneOf(AlertCategory.class);
        for (AlertCategory c : AlertCategory.values()) {
            if ((d & ((long) bit(c) << CATEGORY_SHIFT)) != 0) {
                categories.add(c);
            }
        }
        return new AlertsDroppedAlert(clock.instant(), d & COUNT_MASK, categories);
    }

    private static int bit(AlertCategory c) {
        return 1 << c.ordinal();
    }

    /** One listener and its executor; at most one of its tasks is scheduled or running. */
    private final class Delivery implements Runnable {
        private final Consumer<Alert> listener;
        private final Executor executor;
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Delivery(Consumer<Alert> listener, Executor executor) {
            this.listener = listener;
            this.executor = executor;
        }

        void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false);
                    LOG.warn("the alert listener's executor rejected a delivery; alerts stay queued until the next post", e);
                }
            }
        }

        private boolean current() {
            return delivery == this && !closed;
        }

        @Override
        public void run() {
            try {
                for (int n = 0; n < LISTENER_BATCH && current(); n++) {
                    Alert a = next();
                    if (a == null) {
                        break;
                    }
                    deliver(a);
                }
            } finally {
                // Released even if the listener threw an Error, so that the next post can
                // schedule delivery again.
                scheduled.set(false);
            }
            // A post that came after the loop found the queue empty, but before the flag was
            // released, could not schedule: look again.
            if (current() && hasPending()) {
                schedule();
            }
        }

        private void deliver(Alert a) {
            try {
                listener.accept(a);
            } catch (RuntimeException e) {
                LOG.warn("the alert listener threw on {}; delivery goes on", a, e);
            }
        }
    }
}
