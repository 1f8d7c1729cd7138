package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The back-pressure counter: hysteresis, a bounded backlog per listener, failing listeners. */
class WriteQueueGaugeTest {
    private final WriteQueueGauge gauge = new WriteQueueGauge(100, 40, 150);
    private final List<String> events = new ArrayList<>();
    private final BackPressureListener recorder = new BackPressureListener() {
        @Override
        public void stopReading() {
            events.add("stop");
        }

        @Override
        public void resumeReading() {
            events.add("resume");
        }
    };

    /** An executor that runs tasks only when told: a lagging event loop. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
    }

    @Test
    void hysteresisBetweenTheMarks() {
        gauge.addListener(recorder, Runnable::run);
        assertThat(gauge.tryQueue(100)).isTrue();
        assertThat(events).isEmpty();
        assertThat(gauge.tryQueue(1)).isTrue();
        assertThat(events).containsExactly("stop");
        gauge.dequeued(50);
        assertThat(events).containsExactly("stop");
        assertThat(gauge.tryQueue(30)).isTrue();
        assertThat(events).containsExactly("stop");
        gauge.dequeued(41);
        assertThat(events).containsExactly("stop", "resume");
        assertThat(gauge.queuedBytes()).isEqualTo(40);
    }

    @Test
    void failedBytesLeaveTheQueueButCountAgainstTheHardBound() {
        gauge.addListener(recorder, Runnable::run);
        assertThat(gauge.tryQueue(120)).isTrue();
        gauge.failed(120);
        assertThat(events).containsExactly("stop", "resume");
        assertThat(gauge.heldBytes()).isEqualTo(120);
        assertThat(gauge.tryQueue(31)).isFalse();
        assertThat(gauge.tryQueue(30)).isTrue();
        gauge.retried(120);
        assertThat(events).containsExactly("stop", "resume", "stop");
        gauge.dequeued(150);
        gauge.released(0);
        assertThat(events).containsExactly("stop", "resume", "stop", "resume");
    }

    @Test
    void aLaggingListenerLearnsOnlyTheNetChange() {
        ManualExecutor loop = new ManualExecutor();
        gauge.addListener(recorder, loop);
        gauge.tryQueue(101);
        gauge.dequeued(101);
        gauge.tryQueue(101);
        loop.runAll();
        assertThat(events).containsExactly("stop");
        gauge.dequeued(101);
        gauge.tryQueue(101);
        loop.runAll();
        assertThat(events).containsExactly("stop");
        gauge.dequeued(101);
        loop.runAll();
        assertThat(events).containsExactly("stop", "resume");
    }

    @Test
    void aFailingOrRefusingListenerDoesNotStopTheOthers() {
        gauge.addListener(new BackPressureListener() {
            @Override
            public void stopReading() {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void resumeReading() {
            }
        }, Runnable::run);
        gauge.addListener(recorder, task -> {
            throw new RejectedExecutionException("loop shut down");
        });
        List<String> good = new ArrayList<>();
        gauge.addListener(new BackPressureListener() {
            @Override
            public void stopReading() {
                good.add("stop");
            }

            @Override
            public void resumeReading() {
                good.add("resume");
            }
        }, Runnable::run);
        gauge.tryQueue(101);
        gauge.dequeued(101);
        assertThat(good).containsExactly("stop", "resume");
        assertThat(events).isEmpty();
    }
}
