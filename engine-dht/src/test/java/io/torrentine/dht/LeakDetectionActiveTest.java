package io.torrentine.dht;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.torrentine.testing.LeakCheck;
import org.junit.jupiter.api.Test;

/** Leaked buffers fail this module's tests too: the test-jar's extension and detector are active here. */
class LeakDetectionActiveTest {
    @Test
    void leakDetectionIsActiveInThisModule() {
        assertThatCode(LeakCheck::assertActive).doesNotThrowAnyException();
    }
}
