package io.torrentine.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code shared/} (the specs and the conformance corpus), which sits beside the project's
 * clone: found by walking up from the working directory. Missing locally, a test is skipped;
 * under {@code CI=true} it fails.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    /** The directory {@code shared/<relative>}, or skip/fail the test. */
    public static Path require(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        String message = "shared/" + relative + " not found above " + Path.of("").toAbsolutePath();
        if (ExternalTool.isCi()) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
