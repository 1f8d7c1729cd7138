package io.torrentine.utp;

import static io.torrentine.testing.ArchitectureRules.catchesOfThrowable;
import static io.torrentine.testing.ArchitectureRules.libraryCodeRules;
import static io.torrentine.testing.ArchitectureRules.mainClassesOf;
import static io.torrentine.testing.ArchitectureRules.mainSourcesOf;
import static io.torrentine.testing.ArchitectureRules.mustNotDependOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * GUIDE.md's layering for engine-utp: it plugs into engine-core through io.torrentine.spi and
 * knows nothing of the DHT or the examples. (Its public API may expose Netty channel types:
 * STYLE.md makes uTP the deliberate exception, so the API-signature rule is not applied here.)
 */
class UtpArchitectureTest {
    private static final JavaClasses UTP = mainClassesOf(UtpArchitectureTest.class);

    @Test
    void utpDependsOnNeitherTheDhtNorTheExamples() {
        mustNotDependOn("uTP and the DHT are independent plug-ins of engine-core",
                "io.torrentine.dht..", "io.torrentine.examples..")
                .check(UTP);
    }

    @Test
    void utpNeitherPrintsNorUsesJul() {
        for (ArchRule rule : libraryCodeRules()) {
            rule.check(UTP);
        }
    }

    @Test
    void utpNeverCatchesThrowable() {
        assertThat(catchesOfThrowable(mainSourcesOf(UtpArchitectureTest.class))).isEmpty();
    }
}
