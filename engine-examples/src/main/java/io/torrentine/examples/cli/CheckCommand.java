package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.spi.CheckProgressListener;
import io.torrentine.spi.CheckResult;
import io.torrentine.spi.StorageCheck;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageFactory;
import io.torrentine.spi.StorageParams;
import io.torrentine.spi.TorrentStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torrentine check}: which pieces of a torrent the files under a save path already hold. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Hash the data of a torrent under a save path and report which pieces are present."
                + " Only reads: nothing is created or changed.",
        footer = {"", "Exit status: 0 checked (whatever was found), 1 the data could not be read"
                + " (the reason is printed on stderr), 2 the torrent was rejected."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file.torrent>", description = "The .torrent file.")
    private Path torrentFile;

    @Option(names = "--save-path", required = true, paramLabel = "DIR",
            description = "The directory the torrent's files live under (a multi-file torrent's"
                    + " folder is inside it).")
    private Path savePath;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Option(names = "--threads", paramLabel = "N",
            description = "Pieces hashed at once (default: the number of processors).")
    private Integer threads;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TorrentInfo torrent;
        try {
            torrent = TorrentInfo.load(torrentFile);
        } catch (InvalidMetainfoException e) {
            err.println("rejected: " + e.getMessage());
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + torrentFile);
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("cannot read " + torrentFile + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        if (threads != null && threads < 1) {
            err.println("torrentine check: INVALID_OPTION: --threads must be at least 1");
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        }
        CheckResult result;
        Progress progress = noProgress ? null : new Progress(err);
        try (TorrentStorage storage = StorageFactory.files().open(StorageParams.of(torrent, savePath))) {
            StorageCheck.Builder check = StorageCheck.builder(torrent, storage).progressListener(progress);
            if (threads != null) {
                check.threads(threads);
            }
            result = check.start().join();
        } catch (CompletionException e) {
            return failed(err, e.getCause());
        } catch (StorageException e) {
            return failed(err, e);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pieceCount", result.pieceCount());
        fields.put("havePieces", result.havePieces());
        fields.put("bitfield", hex(result.bitfield()));
        fields.put("bytesChecked", result.bytesChecked());
        fields.put("seconds", result.elapsed().toNanos() / 1e9);
        if (json) {
            out.println(Json.write(fields));
        } else {
            out.printf(Locale.ROOT, "%s: %d of %d pieces present (%.1f%%), %d bytes checked in %.2f s%n",
                    torrent.name(), result.havePieces(), result.pieceCount(),
                    result.pieceCount() == 0 ? 100.0 : 100.0 * result.havePieces() / result.pieceCount(),
                    result.bytesChecked(), result.elapsed().toNanos() / 1e9);
        }
        out.flush();
        return 0;
    }

    private static int failed(PrintWriter err, Throwable cause) {
        // The message starts with the reason (e.g. PERMISSION_DENIED), for scripts to match on.
        err.println("torrentine check: " + cause.getMessage());
        err.flush();
        return 1;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Forwards the engine's progress reports to a {@link ByteProgressBar}. */
    private static final class Progress implements CheckProgressListener, AutoCloseable {
        private final ByteProgressBar bar;

        Progress(PrintWriter err) {
            this.bar = new ByteProgressBar("Checking", err);
        }

        @Override
        public void onProgress(int piecesChecked, int pieceCount, long bytesChecked, long totalBytes) {
            bar.update(bytesChecked, totalBytes);
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
