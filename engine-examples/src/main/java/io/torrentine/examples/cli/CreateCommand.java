package io.torrentine.examples.cli;

import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.HashProgressListener;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentCreationException;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torrentine create}: make a .torrent file from a file or folder. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a .torrent file from a file or folder.",
        footer = {"", "Exit status: 0 created, 1 the output could not be written,"
                + " 2 the torrent could not be created (the reason is printed on stderr)."})
final class CreateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<path>", description = "The file or folder to share.")
    private Path source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<out.torrent>",
            description = "Where to write the .torrent file.")
    private Path output;

    @ArgGroup(exclusive = true)
    private VersionChoice versionChoice;

    @Option(names = "--piece-size", paramLabel = "BYTES",
            description = "Piece size in bytes, with an optional K or M suffix (e.g. 256K). "
                    + "A power of two for v2 and hybrid, a multiple of 16K for v1. "
                    + "Default: libtorrent 2.0's automatic choice.")
    private String pieceSize;

    @Option(names = "--tracker", paramLabel = "URL",
            description = "A tracker; each --tracker is a tier of its own (BEP 12). "
                    + "Comma-separated URLs form one tier.")
    private List<String> trackers = new ArrayList<>();

    @Option(names = "--web-seed", paramLabel = "URL",
            description = "A web seed URL (BEP 19); repeatable.")
    private List<String> webSeeds = new ArrayList<>();

    @Option(names = "--private", description = "Mark the torrent private (BEP 27).")
    private boolean privateTorrent;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment.")
    private String comment;

    @Option(names = "--no-date",
            description = "Leave out the creation date, for reproducible output.")
    private boolean noDate;

    @Option(names = "--threads", paramLabel = "N",
            description = "Hashing threads (default: the number of processors).")
    private Integer threads;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    private boolean noProgress;

    /** The mutually exclusive version flags. */
    static final class VersionChoice {
        @Option(names = "--v1", description = "v1 only (BEP 3): readable by every client.")
        boolean v1;

        @Option(names = "--v2", description = "v2 only (BEP 52).")
        boolean v2;

        @Option(names = "--hybrid", description = "v1 and v2 in one torrent (the default).")
        boolean hybrid;

        TorrentVersion version() {
            return v1 ? TorrentVersion.V1 : v2 ? TorrentVersion.V2 : TorrentVersion.HYBRID;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = noProgress ? null : new Progress(err);
        CreatedTorrent torrent;
        try {
            TorrentCreator.Builder builder = TorrentCreator.builder(source)
                    .version(versionChoice == null ? TorrentVersion.HYBRID : versionChoice.version())
                    .pieceSize(pieceSize == null ? 0 : parseSize(pieceSize))
                    .privateTorrent(privateTorrent)
                    .comment(comment)
                    .progressListener(progress);
            for (String tier : trackers) {
                builder.addTrackerTier(Arrays.stream(tier.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList());
            }
            webSeeds.forEach(builder::addWebSeed);
            if (noDate) {
                builder.omitCreationDate();
            }
            if (threads != null) {
                builder.hashThreads(threads);
            }
            torrent = builder.build().create();
        } catch (TorrentCreationException e) {
            // The message starts with the reason, for scripts to match on.
            err.println("torrentine create: " + e.getMessage());
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        } catch (IllegalArgumentException e) {
            err.println("torrentine create: INVALID_OPTION: " + e.getMessage());
            err.flush();
            return TorrentineCli.EXIT_REJECTED;
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        try {
            write(torrent.bytes());
        } catch (IOException e) {
            err.println("torrentine create: cannot write " + output + ": " + e);
            err.flush();
            return 1;
        }
        out.printf("created %s: %s, %s torrent, %d file%s, %s, %d pieces of %s%n", output,
                torrent.name(), torrent.version().name().toLowerCase(Locale.ROOT),
                torrent.fileCount(), torrent.fileCount() == 1 ? "" : "s",
                bytes(torrent.totalSize()), torrent.pieceCount(), bytes(torrent.pieceLength()));
        torrent.infoHashes().v1().map(Sha1Hash::toHex)
                .ifPresent(h -> out.println("info-hash v1: " + h));
        torrent.infoHashes().v2().map(Sha256Hash::toHex)
                .ifPresent(h -> out.println("info-hash v2: " + h));
        out.flush();
        return 0;
    }

    /** Writes through a temporary file, so a failed write never leaves half a torrent. */
    private void write(byte[] bytes) throws IOException {
        Path target = output.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), ".torrentine-", ".tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static int parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long multiplier = 1;
        if (t.endsWith("K") || t.endsWith("KIB")) {
            multiplier = 1024;
            t = t.substring(0, t.indexOf('K'));
        } else if (t.endsWith("M") || t.endsWith("MIB")) {
            multiplier = 1024 * 1024;
            t = t.substring(0, t.indexOf('M'));
        }
        try {
            return Math.toIntExact(Long.parseLong(t.trim()) * multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--piece-size: not a size in bytes: " + text, e);
        }
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Forwards the engine's progress reports to a {@link ByteProgressBar}. */
    private static final class Progress implements HashProgressListener, AutoCloseable {
        private final ByteProgressBar bar;

        Progress(PrintWriter err) {
            this.bar = new ByteProgressBar("Hashing", err);
        }

        @Override
        public void onProgress(long bytesHashed, long totalBytes) {
            bar.update(bytesHashed, totalBytes);
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
