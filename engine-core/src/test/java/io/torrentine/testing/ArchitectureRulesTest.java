package io.torrentine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.netty.buffer.ByteBuf;
import io.torrentine.internal.util.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that each architecture rule catches what it is meant to catch, on fixture classes
 * (public, because the API rule only looks at public classes).
 */
public class ArchitectureRulesTest {
    private static final String FIXTURE_PACKAGE = ArchitectureRulesTest.class.getPackageName();

    @Test
    void apiRuleReportsNettyAndInternalTypesAnywhereInPublicSignatures() {
        EvaluationResult result = evaluate(
                ArchitectureRules.apiSignaturesHideNettyAndInternals(List.of(FIXTURE_PACKAGE)),
                ExposesNetty.class);

        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains("buffer()") && d.contains("io.netty.buffer.ByteBuf in its return type"))
                .anyMatch(d -> d.contains("take(java.util.Map)") && d.contains("ByteBuf in a parameter"))
                .anyMatch(d -> d.contains("hex") && d.contains("io.torrentine.internal.util.Hex in its type"))
                .anyMatch(d -> d.contains("maybe()") && d.contains("Hex in its return type"))
                .hasSize(4);
    }

    @Test
    void apiRuleIgnoresPrivateAndPackagePrivateMembersAndNonPublicClasses() {
        EvaluationResult result = evaluate(
                ArchitectureRules.apiSignaturesHideNettyAndInternals(List.of(FIXTURE_PACKAGE)),
                HidesNetty.class, PackagePrivateClass.class);

        assertThat(result.hasViolation()).isFalse();
    }

    @Test
    void apiRuleAcceptsPackagesThatDoNotExistYet() {
        EvaluationResult result = evaluate(
                ArchitectureRules.apiSignaturesHideNettyAndInternals(List.of("io.torrentine.not.yet")),
                ExposesNetty.class);

        assertThat(result.hasViolation()).isFalse();
    }

    @Test
    void printingRuleReportsStandardStreamsAndPrintStackTrace() {
        EvaluationResult result = evaluate(ArchitectureRules.noPrinting(), Prints.class);

        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains("System.out"))
                .anyMatch(d -> d.contains("System.err"))
                .anyMatch(d -> d.contains("printStackTrace"));
        assertThat(evaluate(ArchitectureRules.noPrinting(), HidesNetty.class).hasViolation()).isFalse();
    }

    @Test
    void julRuleReportsJavaUtilLogging() {
        assertThat(evaluate(ArchitectureRules.noJavaUtilLogging(), UsesJul.class).hasViolation()).isTrue();
        assertThat(evaluate(ArchitectureRules.noJavaUtilLogging(), Prints.class).hasViolation()).isFalse();
    }

    @Test
    void throwableScanFindsWrittenCatchesOfThrowableOnly(@TempDir Path sources) throws IOException {
        Path file = sources.resolve("io/example/Catches.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "package io.example;",
                "class Catches {",
                "    void a() { try { run(); } catch (Throwable t) { } }",
                "    void b() { try { run(); } catch (final java.lang.Throwable t) { } }",
                "    void c() { try { run(); } catch (RuntimeException | Throwable e) { } }",
                "    void d() { try { run(); } catch (ThrowableLike e) { } }",
                "    // catch (Throwable t) in a comment",
                "    /* catch (Throwable t)",
                "       in a block comment */",
                "    String s = \"catch (Throwable t) in a string \\\" still\";",
                "    char q = '\"';",
                "    void e() throws Exception { try (var in = open()) { in.read(); } }",
                "    void f() {",
                "        try { run(); }",
                "        catch (",
                "            Throwable t) { }",
                "    }",
                "}"));

        assertThat(ArchitectureRules.catchesOfThrowable(sources)).containsExactly(
                "io/example/Catches.java:3: catch (Throwable t)",
                "io/example/Catches.java:4: catch (final java.lang.Throwable t)",
                "io/example/Catches.java:5: catch (RuntimeException | Throwable e)",
                "io/example/Catches.java:15: catch ( Throwable t)");
    }

    @Test
    void dependencyRuleReportsAForbiddenPackage() {
        ArchRule rule = ArchitectureRules.mustNotDependOn("fixture", "io.netty..");

        assertThat(evaluate(rule, ExposesNetty.class).hasViolation()).isTrue();
        assertThat(evaluate(rule, Prints.class).hasViolation()).isFalse();
    }

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        return rule.evaluate(classes);
    }

    /** Fixture: leaks Netty and internal types through public signatures. */
    public static class ExposesNetty {
        /** Fixture. */
        public Hex hex;

        /** @return fixture */
        public ByteBuf buffer() {
            return null;
        }

        /** @param buffers fixture */
        public void take(Map<String, List<ByteBuf>> buffers) {
        }

        /** @return fixture */
        protected Optional<Hex> maybe() {
            return Optional.empty();
        }
    }

    /** Fixture: uses Netty and internals only where users cannot see them. */
    public static class HidesNetty {
        private ByteBuf buffer;
        Hex hex;

        ByteBuf packagePrivate() {
            return buffer;
        }

        private void privateMethod(ByteBuf buffer) {
            this.buffer = buffer;
        }
    }

    /** Fixture: not public, so not API. */
    static class PackagePrivateClass {
        /** @return fixture */
        public ByteBuf buffer() {
            return null;
        }
    }

    /** Fixture: prints. */
    public static class Prints {
        void print(IOException e) {
            System.out.println("out");
            System.err.println("err");
            e.printStackTrace();
        }
    }

    /** Fixture: logs with java.util.logging. */
    public static class UsesJul {
        String level() {
            return Level.INFO.getName();
        }
    }
}
