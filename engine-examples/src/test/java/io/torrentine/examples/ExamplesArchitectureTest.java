package io.torrentine.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.torrentine.testing.ArchitectureRules.mainClassesOf;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The examples show how an application uses Torrentine, so they use only its public API; the
 * JMH benchmarks are the exception, since they measure internal hot paths directly.
 */
class ExamplesArchitectureTest {
    private static final JavaClasses EXAMPLES = mainClassesOf(ExamplesArchitectureTest.class);

    @Test
    void examplesOtherThanBenchmarksUseNoInternalPackage() {
        noClasses().that().resideOutsideOfPackages("..bench..", "..benchmark..", "..benchmarks..", "..jmh..", "..jmh_generated..")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .allowEmptyShould(true)
                .because("an example is written like an application: against exported packages only")
                .check(EXAMPLES);
    }
}
