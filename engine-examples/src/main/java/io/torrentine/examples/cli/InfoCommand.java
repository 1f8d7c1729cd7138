package io.torrentine.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code torrentine info}: what a .torrent file or magnet link holds. */
@Command(name = "info", description = "Show what a .torrent file or magnet link holds.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
