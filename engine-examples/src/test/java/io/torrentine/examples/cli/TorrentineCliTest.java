package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TorrentineCliTest extends CliTestSupport {
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
