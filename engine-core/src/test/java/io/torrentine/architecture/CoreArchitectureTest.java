package io.torrentine.architecture;

import static io.torrentine.testing.ArchitectureRules.CORE_API_PACKAGES;
import static io.torrentine.testing.ArchitectureRules.apiSignaturesHideNettyAndInternals;
import static io.torrentine.testing.ArchitectureRules.catchesOfThrowable;
import static io.torrentine.testing.ArchitectureRules.libraryCodeRules;
import static io.torrentine.testing.ArchitectureRules.mainClassesOf;
import static io.torrentine.testing.ArchitectureRules.mainSourcesOf;
import static io.torrentine.testing.ArchitectureRules.mustNotDependOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** GUIDE.md's layering, checked on engine-core's main classes. */
class CoreArchitectureTest {
    private static final JavaClasses CORE = mainClassesOf(CoreArchitectureTest.class);

    @Test
    void importsTheCoreClasses() {
        assertThat(CORE.containPackage("io.torrentine.bencode")).isTrue();
    }

    @Test
    void coreDependsOnNeitherThePluginModulesNorTheExamples() {
        mustNotDependOn("engine-core works with TCP and trackers alone; uTP and the DHT plug in through"
                        + " io.torrentine.spi, and nothing in the library depends on the examples",
                "io.torrentine.utp..", "io.torrentine.dht..", "io.torrentine.examples..")
                .check(CORE);
    }

    @Test
    void apiSignaturesMentionNoNettyOrInternalType() {
        apiSignaturesHideNettyAndInternals(CORE_API_PACKAGES).check(CORE);
    }

    @Test
    void coreNeitherPrintsNorUsesJul() {
        for (ArchRule rule : libraryCodeRules()) {
            rule.check(CORE);
        }
    }

    @Test
    void coreNeverCatchesThrowable() {
        assertThat(catchesOfThrowable(mainSourcesOf(CoreArchitectureTest.class)))
                .as("catch clauses that swallow Errors (STYLE.md: let them propagate)").isEmpty();
    }
}
