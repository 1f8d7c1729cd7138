package io.torrentine.dht;

import static io.torrentine.testing.ArchitectureRules.apiSignaturesHideNettyAndInternals;
import static io.torrentine.testing.ArchitectureRules.catchesOfThrowable;
import static io.torrentine.testing.ArchitectureRules.libraryCodeRules;
import static io.torrentine.testing.ArchitectureRules.mainClassesOf;
import static io.torrentine.testing.ArchitectureRules.mainSourcesOf;
import static io.torrentine.testing.ArchitectureRules.mustNotDependOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GUIDE.md's layering for engine-dht: a peer source that plugs into engine-core through
 * io.torrentine.spi, independent of uTP and of the examples, with a public API free of Netty
 * and internal types.
 */
class DhtArchitectureTest {
    private static final JavaClasses DHT = mainClassesOf(DhtArchitectureTest.class);

    @Test
    void dhtDependsOnNeitherUtpNorTheExamples() {
        mustNotDependOn("uTP and the DHT are independent plug-ins of engine-core",
                "io.torrentine.utp..", "io.torrentine.examples..")
                .check(DHT);
    }

    @Test
    void dhtApiSignaturesMentionNoNettyOrInternalType() {
        apiSignaturesHideNettyAndInternals(List.of("io.torrentine.dht")).check(DHT);
    }

    @Test
    void dhtNeitherPrintsNorUsesJul() {
        for (ArchRule rule : libraryCodeRules()) {
            rule.check(DHT);
        }
    }

    @Test
    void dhtNeverCatchesThrowable() {
        assertThat(catchesOfThrowable(mainSourcesOf(DhtArchitectureTest.class))).isEmpty();
    }
}
