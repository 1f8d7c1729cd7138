package io.torrentine.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./torrentine}: one subcommand per job. */
@Command(name = "torrentine",
        mixinStandardHelpOptions = true,
        version = "torrentine 0.1.0-SNAPSHOT",
        description = "Torrentine, a BitTorrent engine for the JVM.",
        subcommands = {DemoCommand.class, DownloadCommand.class, SeedCommand.class, InfoCommand.class,
                CreateCommand.class, CheckCommand.class, BenchCommand.class,
                BenchDownloaderCommand.class})
public final class TorrentineCli {

    /** Exit status for input that was read and rejected (a typed reason goes to stderr). */
    static final int EXIT_REJECTED = 2;

    private TorrentineCli() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new TorrentineCli());
    }
}
