package io.torrentine.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What the command-line tests share: the client run in the test JVM, its output kept. */
abstract class CliTestSupport {
    /** What the client printed on stdout. */
    protected final StringWriter out = new StringWriter();
    /** What the client printed on stderr. */
    protected final StringWriter err = new StringWriter();

    /**
     * Runs {@code torrentine} with the arguments, as picocli does from {@code main}.
     *
     * @param args the arguments
     * @return the exit status
     */
    protected int run(String... args) {
        CommandLine cli = TorrentineCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
