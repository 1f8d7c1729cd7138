package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import io.torrentine.session.Session;
import io.torrentine.session.SessionStartException;
import io.torrentine.session.TorrentHandle;
import io.torrentine.session.TorrentStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code torrentine bench-downloader}, hidden: the downloader of {@code torrentine bench}'s
 * transfer (5), one JVM and one session for all rounds, as an application that embeds the engine
 * runs it. Every line read from stdin is a directory: the torrent is downloaded into it from the
 * given peer, with the same JSON status lines as {@code torrentine download --json}, then removed
 * from the session (its data kept, for the bench to delete). {@value #READY} is printed once the
 * session has started and after every download, when the next directory may be sent. Ends at the
 * end of stdin, or with status 1 when a download fails or times out.
 */
@Command(name = "bench-downloader", hidden = true,
        description = "For torrentine bench: download one torrent from one peer again for every directory read"
                + " from stdin, in one session.")
final class BenchDownloaderCommand implements Callable<Integer> {
    /** The line that tells the bench the downloader is idle. */
    static final String READY = "ready";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file.torrent>", description = "The torrent to download.")
    private Path torrentFile;

    @Option(names = "--peer", required = true, paramLabel = "HOST:PORT", converter = PeerOption.class,
            description = "The seed to download from.")
    private InetSocketAddress peer;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: all).")
    private String bind;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Longest time for one download (default ${DEFAULT-VALUE}).")
    private long timeoutSeconds = 300;

    @Option(names = "--status-interval", paramLabel = "MILLIS", description = "Milliseconds between status lines (default ${DEFAULT-VALUE}).")
    private long statusIntervalMillis = 20;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (statusIntervalMillis < 1 || timeoutSeconds < 1) {
            err.println("torrentine bench-downloader: INVALID_OPTION: --status-interval and --timeout must be positive");
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        }
        TorrentInfo info;
        try {
            info = TorrentInfo.load(torrentFile);
        } catch (InvalidMetainfoException | IOException e) {
            return TorrentSource.reportUnloadable(e, torrentFile, err);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Session session = SessionRunner.start(bind, 0)) {
            out.println(READY);
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                TorrentHandle handle = session.add(AddTorrentParams.fromTorrent(info, Path.of(line))).join();
                handle.connectPeer(peer).join();
                int status = SessionRunner.run(handle, "Downloading", true, false, timeoutSeconds, statusIntervalMillis,
                        out, err, TorrentStatus::isFinished);
                if (status != 0) {
                    return status;
                }
                session.remove(handle, false).join();
                out.println(READY);
                out.flush();
            }
            return 0;
        } catch (SessionStartException e) {
            err.println("torrentine bench-downloader: " + e.getMessage() + ": " + e.getCause());
            err.flush();
            return 1;
        }
    }
}
