package io.torrentine.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.torrentine.testing.RecordingLeakDetector.LeakReport;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.Extension;

/**
 * Makes Netty report leaked buffers now rather than whenever it next happens to look, and fails
 * with the reports that {@link RecordingLeakDetector} recorded.
 *
 * <p>Netty notices a leak only when the garbage collector has cleared a buffer that was never
 * released and a later allocation polls its reference queue. A check therefore runs two rounds
 * of: collect garbage, wait until the collector has processed a sentinel weak reference (so the
 * references cleared by that collection have been enqueued), allocate and release a tracked
 * buffer (so Netty polls). The second round makes sure that every reference cleared by the first
 * collection had been enqueued before the last poll.
 */
public final class LeakCheck {
    private static final String DETECTOR_PROPERTY = "io.netty.customResourceLeakDetector";
    private static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    private static final String OLD_LEVEL_PROPERTY = "io.netty.leakDetectionLevel";
    private static final long GC_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static long trackedAtLastCheck = -1;

    private LeakCheck() {
    }

    /**
     * Turns on recording leak detection at the paranoid level unless the JVM was started with
     * its own choice; Maven always passes both properties, this covers runs started elsewhere
     * (an IDE without the surefire argLine). It takes effect only if no Netty buffer class has
     * been initialised yet; {@link #assertNoLeaks} fails if it did not.
     */
    public static void configureIfUnset() {
        if (System.getProperty(DETECTOR_PROPERTY) == null) {
            System.setProperty(DETECTOR_PROPERTY, RecordingLeakDetector.class.getName());
        }
        if (System.getProperty(LEVEL_PROPERTY) == null && System.getProperty(OLD_LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, ResourceLeakDetector.Level.PARANOID.name());
        }
    }

    /**
     * Fails if a resource leaked since the last check, and clears the reports either way.
     *
     * @param when what just finished, for the message (e.g. the test's name)
     * @param always provoke detection even if no resource was tracked since the last check
     * @throws AssertionError listing every leak report, or if leak detection is not installed
     *     at the paranoid level
     */
    public static void assertNoLeaks(String when, boolean always) {
        List<LeakReport> leaks = collect(always);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked resource(s) detected " + when
                    + " (a leak is reported after the garbage collector clears it, so it may come"
                    + " from an earlier test; the records show where it was created and last touched; see"
                    + " https://netty.io/wiki/reference-counted-objects.html):\n"
                    + leaks.stream().map(LeakReport::toString).collect(Collectors.joining("\n\n")));
        }
    }

    /**
     * Provokes detection and removes the leak reports recorded so far, for tests that leak on
     * purpose and assert on the reports.
     *
     * @param always provoke detection even if no resource was tracked since the last check
     * @return the reports, oldest first
     */
    public static synchronized List<LeakReport> collect(boolean always) {
        if (always || RecordingLeakDetector.trackedCount() != trackedAtLastCheck) {
            provokeDetection();
            requireInstalled();
            trackedAtLastCheck = RecordingLeakDetector.trackedCount();
        }
        return RecordingLeakDetector.drainReports();
    }

    /**
     * Fails unless leaks fail tests in this JVM: Netty uses {@link RecordingLeakDetector} at the
     * paranoid level and JUnit can load {@link LeakCheckExtension} as a service. For each
     * module's own test, to prove the setup reaches it.
     *
     * @throws AssertionError naming what is missing
     */
    public static void assertActive() {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
        requireInstalled();
        boolean registered = ServiceLoader.load(Extension.class).stream()
                .anyMatch(provider -> provider.type() == LeakCheckExtension.class);
        if (!registered) {
            throw new AssertionError(LeakCheckExtension.class.getName() + " is not registered as a JUnit"
                    + " extension service: is engine-core's test-jar on this module's test class path?");
        }
    }

    private static void provokeDetection() {
        for (int round = 0; round < 2; round++) {
            awaitGarbageCollection();
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
    }

    private static void awaitGarbageCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        long start = System.nanoTime();
        try {
            do {
                System.gc();
                if (queue.remove(100) != null) {
                    return;
                }
            } while (System.nanoTime() - start < GC_DEADLINE_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a garbage collection", e);
        } finally {
            Reference.reachabilityFence(sentinel);
        }
        throw new AssertionError("System.gc() collected nothing within 10 s (is the JVM running with"
                + " -XX:+DisableExplicitGC?): leaked buffers cannot be detected");
    }

    private static void requireInstalled() {
        if (!RecordingLeakDetector.isInstalled()) {
            throw new AssertionError("Netty is not using " + RecordingLeakDetector.class.getName()
                    + ": run the tests with -D" + DETECTOR_PROPERTY + "=" + RecordingLeakDetector.class.getName()
                    + " (the parent pom's surefire argLine does), or leaks will not fail tests");
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("Netty leak detection is at " + ResourceLeakDetector.getLevel()
                    + ", not PARANOID: tests must track every buffer (-D" + LEVEL_PROPERTY + "=paranoid)");
        }
    }
}
