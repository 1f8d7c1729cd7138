package io.torrentine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of every module has a {@code package-info.java} with Javadoc saying what the
 * package is for and whether it is API or internal (STYLE.md). Walks the source tree of all
 * modules, so a package added anywhere is covered.
 */
class PackageInfoTest {

    @Test
    void everyMainPackageOfEveryModuleHasADocumentedPackageInfo() throws IOException {
        List<Path> sourceRoots = mainSourceRoots();
        assertThat(sourceRoots).as("modules with src/main/java")
                .anyMatch(root -> root.startsWith(repositoryRoot().resolve("engine-core")));

        List<String> problems = new ArrayList<>();
        for (Path sourceRoot : sourceRoots) {
            for (Path packageDir : packageDirectories(sourceRoot)) {
                Path packageInfo = packageDir.resolve("package-info.java");
                Path shown = repositoryRoot().relativize(packageDir);
                if (!Files.isRegularFile(packageInfo)) {
                    problems.add(shown + ": no package-info.java");
                } else if (!Files.readString(packageInfo, StandardCharsets.UTF_8).contains("/**")) {
                    problems.add(shown + ": package-info.java has no Javadoc comment");
                }
            }
        }
        assertThat(problems).as("packages without a documented package-info.java").isEmpty();
    }

    /** Directories under a source root that hold Java sources other than module-info. */
    private static List<Path> packageDirectories(Path sourceRoot) throws IOException {
        try (Stream<Path> dirs = Files.walk(sourceRoot)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> !dir.equals(sourceRoot))
                    .filter(PackageInfoTest::holdsJavaSources)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean holdsJavaSources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> mainSourceRoots() throws IOException {
        try (Stream<Path> modules = Files.list(repositoryRoot())) {
            return modules.map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The parent of engine-core, found from where this test's classes are (target/test-classes). */
    private static Path repositoryRoot() {
        try {
            Path testClasses = Path.of(PackageInfoTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = testClasses.getParent().getParent().getParent();
            if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("engine-core"))) {
                throw new IllegalStateException("not the repository root: " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
