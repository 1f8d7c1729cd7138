package io.torrentine.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real clients that interop tests run against (libtorrent's Python bindings,
 * mktorrent, transmission, aria2, opentracker). Locally a missing tool skips the test with a
 * message; under {@code CI=true} it fails it, because CI installs them all.
 */
public final class ExternalTool {
    /** Debian's Python, the one that sees {@code python3-libtorrent} (INTEROP-NOTES.md). */
    public static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private ExternalTool() {
    }

    /** Whether this run is CI, where a missing tool is a failure. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The path of an executable on the PATH, or skip/fail the test if it is missing.
     *
     * @param executable the program name, e.g. {@code mktorrent}
     * @param debianPackage the package that provides it, for the message
     */
    public static Path require(String executable, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(executable + " (Debian package " + debianPackage + ")");
        throw new AssertionError("unreachable");
    }

    /** Debian's Python with the libtorrent bindings, or skip/fail the test. */
    public static Path requirePythonLibtorrent() {
        if (Files.isExecutable(SYSTEM_PYTHON)) {
            try {
                Process p = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-c", "import libtorrent")
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return SYSTEM_PYTHON;
                }
                p.destroyForcibly();
            } catch (java.io.IOException e) {
                // Falls through to the missing-tool report below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        missing("libtorrent's Python bindings (Debian package python3-libtorrent, used through /usr/bin/python3)");
        throw new AssertionError("unreachable");
    }

    /** Runs {@code /usr/bin/python3 -c script args...} with the libtorrent bindings. */
    public static ProcessRunner.Result runLibtorrentPython(String script, List<String> args,
                                                           java.time.Duration timeout) {
        Path python = requirePythonLibtorrent();
        List<String> command = new java.util.ArrayList<>(List.of(python.toString(), "-c", script));
        command.addAll(args);
        return ProcessRunner.run(command, null, timeout);
    }

    private static void missing(String what) {
        String message = "interop tool missing: " + what;
        if (isCi()) {
            Assertions.fail(message + " (CI=true: .ci/run must install it)");
        }
        Assumptions.abort(message + "; skipped outside CI");
    }
}
