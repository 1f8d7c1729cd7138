package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher script and the bench give Torrentine's JVMs the same options. */
class LauncherJvmOptionsTest {
    private static final Pattern DEFAULTS_LINE = Pattern.compile("(?m)^default_java_opts=\\(([^)]*)\\)$");

    private static List<String> scriptDefaults() throws IOException {
        // Surefire runs in the module's folder; the launcher is at the project's root.
        String script = Files.readString(Path.of("..", "torrentine"));
        Matcher m = DEFAULTS_LINE.matcher(script);
        assertThat(m.find()).as("the launcher's default_java_opts line").isTrue();
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    @Test
    void theLauncherPassesExactlyTheDefaults() throws IOException {
        assertThat(scriptDefaults()).containsExactlyElementsOf(LauncherJvmOptions.DEFAULTS);
    }

    @Test
    void benchChildrenGetTheHeapThenTheLauncherDefaultsThenTheUsersOptions() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--jvm-option=-XX:+UseParallelGC", "--jvm-option=-XX:FreqInlineSize=325");
        assertThat(bench.torrentineJvmOptions()).containsExactly("-Xmx256m", "-XX:FreqInlineSize=30",
                "-XX:+UseParallelGC", "-XX:FreqInlineSize=325");
    }
}
