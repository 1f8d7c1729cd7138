package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TorrentineCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TorrentineCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheSubcommandsOnStdout() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: torrentine").contains("info", "create");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void versionNamesTheProgram() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("torrentine ");
    }

    @Test
    void unknownOptionIsAUsageErrorOnStderr() {
        assertThat(run("--no-such-option")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
        assertThat(out.toString()).isEmpty();
    }
}
