package io.torrentine.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Netty leak detector that keeps every leak report so that a test can fail on it; Netty's own
 * detector only logs, and a log line never failed a build.
 *
 * <p>Netty instantiates it when the JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=io.torrentine.testing.RecordingLeakDetector}
 * (the parent pom passes it to surefire, with {@code -Dio.netty.leakDetection.level=paranoid}).
 * Netty's {@code ResourceLeakDetectorFactory} loads the class through the system class loader
 * and looks up two public constructors, {@code (Class, int)} and the obsolete
 * {@code (Class, int, long)}; it logs an error for each one that is missing. Reports are not
 * logged: {@link LeakCheck} turns them into test failures whose message carries the records.
 *
 * @param <T> the tracked resource type ({@code ByteBuf} for buffers)
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final Queue<LeakReport> REPORTS = new ConcurrentLinkedQueue<>();
    private static final AtomicLong TRACKED = new AtomicLong();
    private static final AtomicLong INSTANCES = new AtomicLong();

    /**
     * One leaked resource: it was garbage-collected without being released.
     *
     * @param resourceType the simple name of the resource class, e.g. {@code ByteBuf}
     * @param records Netty's access records (most recent first; empty if it kept none)
     */
    public record LeakReport(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK of a " + resourceType + " (garbage-collected before release())"
                    + (records.isEmpty() ? ", no access records" : ":" + records);
        }
    }

    /**
     * Called by Netty's {@code ResourceLeakDetectorFactory} for each tracked resource type.
     *
     * @param resourceType the class whose instances are tracked
     * @param samplingInterval how many allocations per tracked one below the paranoid level
     */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        INSTANCES.incrementAndGet();
    }

    /**
     * The obsolete constructor that Netty's factory also looks up; {@code maxActive} has been
     * ignored by Netty for years.
     *
     * @param resourceType the class whose instances are tracked
     * @param samplingInterval how many allocations per tracked one below the paranoid level
     * @param maxActive ignored
     */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /**
     * Counts the tracking request, so that a check can skip provoking detection when nothing
     * was tracked since the last one; Netty also polls its queue of collected resources here.
     */
    @Override
    public ResourceLeakTracker<T> track(T obj) {
        TRACKED.incrementAndGet();
        return super.track(obj);
    }

    /** Reports even when Netty's logger has error logging off: the record is what fails tests. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add(new LeakReport(resourceType, records));
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add(new LeakReport(resourceType, ""));
    }

    /**
     * Removes and returns the leak reports recorded so far, from any thread.
     *
     * @return the reports, oldest first; empty if there were none
     */
    public static List<LeakReport> drainReports() {
        List<LeakReport> drained = new ArrayList<>();
        for (LeakReport report; (report = REPORTS.poll()) != null; ) {
            drained.add(report);
        }
        return drained;
    }

    /**
     * Whether Netty created at least one detector of this class in this JVM, i.e. whether the
     * system property is in effect (Netty creates its buffer detector when the first buffer
     * class initialises).
     *
     * @return true if leak reports are being recorded
     */
    public static boolean isInstalled() {
        return INSTANCES.get() > 0;
    }

    /**
     * How many resources were handed to a detector of this class so far.
     *
     * @return a counter that only grows
     */
    public static long trackedCount() {
        return TRACKED.get();
    }
}
