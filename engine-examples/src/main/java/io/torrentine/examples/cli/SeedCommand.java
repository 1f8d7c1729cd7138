package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.Session;
import io.torrentine.session.SessionStartException;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torrentine seed}: checks a torrent's data, then seeds it until interrupted. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Check the data of a torrent under a directory, then seed it until interrupted.",
        footer = {"", "Exit status: 1 the data is incomplete or unreadable, 2 the torrent was rejected;"
                + " otherwise it runs until interrupted."})
final class SeedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file.torrent>", description = "The .torrent file.")
    private Path torrentFile;

    @Option(names = "--save-path", required = true, paramLabel = "DIR", description = "Where the data is.")
    private Path savePath;

    @Option(names = "--listen", paramLabel = "PORT", description = "TCP port to accept peers on (default 6881; 0 picks one).")
    private int listen = 6881;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: all).")
    private String bind;

    @Option(names = "--json", description = "One JSON line per second on stdout instead of a status line.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after this long (default: never).")
    private long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TorrentInfo info;
        try {
            info = TorrentInfo.load(torrentFile);
        } catch (InvalidMetainfoException | IOException e) {
            return TorrentSource.reportUnloadable(e, torrentFile, err);
        }
        try (Session session = SessionRunner.start(bind, listen)) {
            TorrentHandle handle = session.add(AddTorrentParams.fromTorrent(info, savePath)).join();
            TorrentStatus checked = SessionRunner.awaitChecked(handle);
            if (!checked.isFinished()) {
                err.printf("torrentine seed: the data under %s holds %d of %d pieces; nothing to seed in full%n",
                        savePath, checked.piecesHave(), checked.pieceCount());
                err.flush();
                return 1;
            }
            err.println("seeding " + info.name() + " on port " + session.listenAddress().getPort());
            err.flush();
            return SessionRunner.run(handle, "Seeding", json, true, timeoutSeconds, out, err, s -> false);
        } catch (SessionStartException e) {
            err.println("torrentine seed: " + e.getMessage() + ": " + e.getCause());
            err.flush();
            return 1;
        }
    }
}
