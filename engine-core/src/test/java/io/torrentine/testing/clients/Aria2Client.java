package io.torrentine.testing.clients;

import io.torrentine.testing.ExternalTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * aria2 1.36 ({@code aria2c}) with one v1 torrent (it computes a wrong info-hash for hybrids,
 * INTEROP-NOTES.md): bound to 127.0.0.1 ({@code --interface}) on a free {@code --listen-port},
 * DHT, LPD and PEX off, plaintext accepted ({@code --bt-require-crypto=false
 * --bt-min-crypto-level=plain}), seeding without end ({@code --seed-ratio=0.0}), existing data
 * checked first ({@code --check-integrity}), and stopped by itself if the JVM goes
 * ({@code --stop-with-process}).
 *
 * <p>aria2 cannot be told a peer: it ignores a magnet link's {@code x.pe} (measured with 1.36:
 * it never dials it) and has no option for one, so without a tracker the other side must dial
 * {@link #address()} (a {@link LibtorrentClient} seed with {@link LibtorrentClient#connect}, or
 * Torrentine).
 *
 * <p>"Complete" is its {@code --on-bt-download-complete} hook, set to {@code /bin/echo}, whose
 * output ("GID 1 PATH") lands on aria2's own standard output; aria2 runs it after a download and
 * after a successful check of existing data. {@link #lastStatus()} is parsed from the
 * once-a-second progress summary ("[#2089b0 1048576B/3000000B(34%) CN:1 SD:1 DL:523000B]" or
 * "[#2089b0 SEED(1.0) CN:1 SD:0 UL:52000B(3000000B)]").
 */
public final class Aria2Client extends ConsoleClient {
    /** How long a seed's start (the check of its data) may take. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** What /bin/echo prints as the hook: the 16-hex-digit GID, the file count, the path. */
    private static final Pattern HOOK = Pattern.compile("^[0-9a-f]{16} \\d+ /.*");
    private static final Pattern DOWNLOADING = Pattern.compile(
            "\\[#\\w+ (\\d+)B/(\\d+)B\\((\\d+)%\\) CN:(\\d+)(?: SD:\\d+)?(?: DL:(\\d+)B)?(?: UL:(\\d+)B\\((\\d+)B\\))?");
    private static final Pattern SEEDING = Pattern.compile(
            "\\[#\\w+ SEED\\([\\d.]+\\) CN:(\\d+)(?: SD:\\d+)?(?: UL:(\\d+)B\\((\\d+)B\\))?");

    /**
     * How aria2 is set up.
     *
     * @param encryption false (the default): plaintext accepted and preferred
     *     ({@code --bt-min-crypto-level=plain}); true: {@code --bt-require-crypto=true}, only MSE
     * @param uploadLimitBytes {@code --max-upload-limit} in bytes per second, 0 = none
     */
    public record Options(boolean encryption, long uploadLimitBytes) {
        /**
         * Plaintext, no upload limit.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(false, 0);
        }
    }

    private Aria2Client(String name, int port, Path torrentFile, Path saveDir) {
        super(name, port, torrentFile, saveDir, "torrentine-aria2-");
    }

    /**
     * Starts a seed and returns once aria2 has checked the data and seeds.
     *
     * @param torrentFile the {@code .torrent} (v1)
     * @param dataDir the save path holding the content
     * @param options settings
     * @return the running seed; close it
     */
    public static Aria2Client seed(Path torrentFile, Path dataDir, Options options) {
        Aria2Client client = start("aria2 seed", torrentFile, dataDir, options);
        try {
            client.awaitFinished(START_TIMEOUT);
        } catch (RuntimeException | Error e) {
            client.closeAfter(e);
            throw e;
        }
        return client;
    }

    /**
     * Starts a downloader and returns once it listens; someone must dial {@link #address()}.
     *
     * @param torrentFile the {@code .torrent} (v1)
     * @param saveDir the save path
     * @param options settings
     * @return the running downloader; close it
     */
    public static Aria2Client download(Path torrentFile, Path saveDir, Options options) {
        return start("aria2 download", torrentFile, saveDir, options);
    }

    private static Aria2Client start(String name, Path torrentFile, Path saveDir, Options options) {
        Path aria2c = ExternalTool.require("aria2c", "aria2");
        int port = FreePorts.loopback();
        Aria2Client client = new Aria2Client(name, port, torrentFile, saveDir);
        try {
            List<String> command = new ArrayList<>(List.of(aria2c.toString(),
                    "--dir=" + saveDir.toAbsolutePath(),
                    "--listen-port=" + port,
                    "--interface=127.0.0.1",
                    "--disable-ipv6=true",
                    "--enable-dht=false", "--enable-dht6=false",
                    "--bt-enable-lpd=false",
                    "--enable-peer-exchange=false",
                    "--bt-require-crypto=" + options.encryption(),
                    "--bt-min-crypto-level=" + (options.encryption() ? "arc4" : "plain"),
                    "--seed-ratio=0.0",
                    "--check-integrity=true",
                    "--file-allocation=none",
                    "--on-bt-download-complete=/bin/echo",
                    "--summary-interval=1",
                    "--enable-color=false",
                    "--human-readable=false",
                    "--console-log-level=notice",
                    "--stop-with-process=" + ProcessHandle.current().pid(),
                    "--max-upload-limit=" + options.uploadLimitBytes()));
            command.add(torrentFile.toAbsolutePath().toString());
            client.start(command, START_TIMEOUT);
        } catch (RuntimeException | Error e) {
            client.closeAfter(e);
            throw e;
        }
        return client;
    }

    @Override
    void parseStdout(String line) {
        if (HOOK.matcher(line).matches()) {
            // It seeds from here on; the next summary (within a second) has the figures.
            ClientStatus last = lastStatus().orElse(new ClientStatus(0, "", 0, 0, 0, 0, 0));
            status(new ClientStatus(1.0, "seeding", 0, last.uploadRate(), last.peers(), last.totalDownload(),
                    last.totalUpload()));
            saidComplete();
            return;
        }
        Matcher downloading = DOWNLOADING.matcher(line);
        if (downloading.find()) {
            long done = Long.parseLong(downloading.group(1));
            long total = Long.parseLong(downloading.group(2));
            status(new ClientStatus(total == 0 ? 0 : (double) done / total, "downloading", number(downloading.group(5)),
                    number(downloading.group(6)), Integer.parseInt(downloading.group(4)), done, number(downloading.group(7))));
            return;
        }
        Matcher seeding = SEEDING.matcher(line);
        if (seeding.find()) {
            status(new ClientStatus(1.0, "seeding", 0, number(seeding.group(2)), Integer.parseInt(seeding.group(1)),
                    lastStatus().map(ClientStatus::totalDownload).orElse(0L), number(seeding.group(3))));
        }
    }

    private static long number(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }
}
