package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMagnetLinkException;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.Session;
import io.torrentine.session.SessionStartException;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torrentine download}: downloads a torrent or magnet link, then exits (or seeds). */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a torrent or a magnet link into a directory, showing progress.",
        footer = {"", "Exit status: 0 every wanted piece is verified, 1 the download failed"
                + " (the reason is on stderr), 2 the torrent or an option was rejected."})
final class DownloadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file.torrent|magnet>", description = "A .torrent file or a magnet: link.")
    private String source;

    @Option(names = "--save-path", required = true, paramLabel = "DIR", description = "Where the data goes.")
    private Path savePath;

    @Option(names = "--peer", paramLabel = "HOST:PORT", converter = PeerOption.class,
            description = "A peer to connect to (repeatable).")
    private List<InetSocketAddress> peers = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "PORT", description = "TCP port to accept peers on (default 6881; 0 picks one).")
    private int listen = 6881;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: all).")
    private String bind;

    @Option(names = "--seed", description = "Keep seeding once the download is complete, until interrupted.")
    private boolean seed;

    @Option(names = "--json", description = "One JSON line per second on stdout instead of a progress bar.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: never).")
    private long timeoutSeconds;

    @Option(names = "--status-interval", paramLabel = "MILLIS",
            description = "Milliseconds between status reports, e.g. JSON lines (default ${DEFAULT-VALUE};"
                    + " `torrentine bench` asks for 20).")
    private long statusIntervalMillis = 1000;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (statusIntervalMillis < 1) {
            err.println("torrentine download: INVALID_OPTION: --status-interval must be positive");
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        }
        AddTorrentParams params;
        try {
            params = TorrentSource.params(source, savePath);
        } catch (InvalidMetainfoException | InvalidMagnetLinkException | IOException e) {
            return TorrentSource.reportUnloadable(e, source, err);
        }
        try (Session session = SessionRunner.start(bind, listen)) {
            TorrentHandle handle = session.add(params).join();
            for (InetSocketAddress p : peers) {
                handle.connectPeer(p).join();
            }
            return SessionRunner.run(handle, "Downloading", json, seed, timeoutSeconds, statusIntervalMillis, out, err,
                    (TorrentStatus s) -> !seed && s.isFinished());
        } catch (SessionStartException e) {
            err.println("torrentine download: " + e.getMessage() + ": " + e.getCause());
            err.flush();
            return 1;
        }
    }
}
