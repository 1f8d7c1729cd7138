package io.torrentine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external process to completion with a deadline; on timeout the process and its
 * descendants are killed by PID and the test fails.
 */
public final class ProcessRunner {

    private ProcessRunner() {
    }

    /**
     * What a finished process left behind.
     *
     * @param exitCode the exit status
     * @param stdout standard output as UTF-8
     * @param stderr standard error as UTF-8
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Fails with both streams in the message unless the exit status was 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit status " + exitCode + "\nstdout:\n" + stdout
                        + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    /**
     * Runs a command and waits for it.
     *
     * @param command the program and its arguments
     * @param workingDirectory where it runs, or null for the current directory
     * @param timeout how long it may take
     */
    public static Result run(List<String> command, Path workingDirectory, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError("timed out after " + timeout + ": " + command
                        + "\nstdout:\n" + out.getNow("") + "\nstderr:\n" + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Kills a process and everything it started, by PID. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
    }
}
