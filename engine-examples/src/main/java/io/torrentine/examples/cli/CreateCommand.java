package io.torrentine.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code torrentine create}: make a .torrent file from a file or folder. */
@Command(name = "create", description = "Create a .torrent file from a file or folder.")
final class CreateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
