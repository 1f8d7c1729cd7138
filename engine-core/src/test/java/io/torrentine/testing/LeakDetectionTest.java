package io.torrentine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.torrentine.testing.RecordingLeakDetector.LeakReport;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;

/**
 * Proves that a leaked buffer fails a test: each leak here is deliberate, and each test takes
 * the report out of the detector itself, so that {@link LeakCheckExtension} finds nothing left
 * when the test ends.
 */
class LeakDetectionTest {

    @Test
    void leakedBufferIsRecordedWithItsAccessRecords() {
        String hint = "deliberate leak " + UUID.randomUUID();
        leak(ByteBufAllocator.DEFAULT, hint);

        List<LeakReport> reports = LeakCheck.collect(true);

        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.resourceType()).isEqualTo("ByteBuf");
            assertThat(report.records()).contains(hint).contains(getClass().getName() + ".leak");
        });
    }

    @Test
    void leakFailsTheCheckThatTheExtensionRuns() {
        String hint = "deliberate leak " + UUID.randomUUID();
        leak(PooledByteBufAllocator.DEFAULT, hint);

        assertThatThrownBy(() -> LeakCheck.assertNoLeaks("in this test", true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 leaked resource(s) detected in this test")
                .hasMessageContaining(hint);
        // The failed check consumed the report.
        assertThat(LeakCheck.collect(true)).isEmpty();
    }

    @Test
    void leaksOnAnotherThreadAreCaughtToo() throws Exception {
        String hint = "deliberate leak " + UUID.randomUUID();
        Thread thread = new Thread(() -> leak(ByteBufAllocator.DEFAULT, hint), "leaker");
        thread.start();
        thread.join();

        assertThat(LeakCheck.collect(true)).singleElement()
                .satisfies(report -> assertThat(report.records()).contains(hint));
    }

    @Test
    void releasedBuffersAreNotReported() {
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(64).writeLong(1);
        ByteBuf wrapped = Unpooled.wrappedBuffer(new byte[8]);
        direct.release();
        wrapped.release();

        assertThatCode(() -> LeakCheck.assertNoLeaks("in this test", true)).doesNotThrowAnyException();
    }

    @Test
    void nettyUsesTheRecordingDetectorAtParanoidLevel() {
        long tracked = RecordingLeakDetector.trackedCount();
        ByteBufAllocator.DEFAULT.buffer(1).release();

        assertThat(RecordingLeakDetector.trackedCount()).isGreaterThan(tracked);
        assertThat(RecordingLeakDetector.isInstalled()).isTrue();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void extensionIsRegisteredForEveryModuleThatHasTheTestJar() {
        assertThat(ServiceLoader.load(Extension.class))
                .anyMatch(extension -> extension instanceof LeakCheckExtension);
        assertThatCode(LeakCheck::assertActive).doesNotThrowAnyException();
    }

    /** In its own frame, so that nothing on the caller's stack keeps the buffer reachable. */
    private static void leak(ByteBufAllocator allocator, String hint) {
        ByteBuf buffer = allocator.heapBuffer(32);
        buffer.writeInt(42);
        buffer.touch(hint);
    }
}
