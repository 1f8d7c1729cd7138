package io.torrentine.testing.clients;

import io.torrentine.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transmission 3.00 ({@code transmission-cli}) with one torrent, configured by a
 * {@code settings.json} in a private config directory ({@code -g}): DHT, LPD, PEX, uTP, port
 * forwarding, RPC, blocklists and seeding limits off, bound to 127.0.0.1, listening on a free
 * port ({@code -p}), saving under {@code -w}.
 *
 * <p>Two facts shape every test with it (INTEROP-NOTES.md): it never dials 127.0.0.0/8, so the
 * other side must dial {@link #address()}; and it waits 10 to 14 seconds before it requests its
 * first block, so a downloader needs a timeout of 30 s or more even for a tiny torrent.
 *
 * <p>{@link #lastStatus()} is parsed from its once-a-second console line ("Progress: 59.0%, dl
 * from 1 of 1 peers (860 kB/s), ul to 0 (0 kB/s) [0.00]" or "Seeding, uploading to 1 of 1
 * peer(s), 976 kB/s [0.67]"): rates are rounded, {@code totalDownload} is progress times the
 * size and {@code totalUpload} is the share ratio times the size or the download.
 */
public final class TransmissionClient extends ConsoleClient {
    /** How long a seed's start (Transmission verifies the data of every torrent it adds) may take. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PROGRESS = Pattern.compile(
            "Progress: ([\\d.]+)%, dl from (\\d+) of (\\d+) peers \\(([\\d.]+) ([kMGT]B)/s\\), "
                    + "ul to (\\d+) \\(([\\d.]+) ([kMGT]B)/s\\) \\[([\\d.]+|None)\\]");
    private static final Pattern SEEDING = Pattern.compile(
            "Seeding, uploading to (\\d+) of (\\d+) peer\\(s\\), ([\\d.]+) ([kMGT]B)/s \\[([\\d.]+|None)\\]");

    /**
     * How Transmission is set up.
     *
     * @param encryption false (the default): {@code "encryption": 0} and {@code -et}, "prefer
     *     unencrypted" (Transmission 3.00 has no "plaintext only"); true: {@code -ep}, prefer
     *     encrypted
     * @param uploadLimitKBps upload limit in Transmission's kB/s (1000 bytes), 0 = none
     */
    public record Options(boolean encryption, int uploadLimitKBps) {
        /**
         * Prefer plaintext, no upload limit.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(false, 0);
        }
    }

    private TransmissionClient(String name, int port, Path torrentFile, Path saveDir) {
        super(name, port, torrentFile, saveDir, "torrentine-transmission-");
    }

    /**
     * Starts a seed and returns once Transmission has verified the data and seeds. Someone must
     * dial it: it never dials loopback.
     *
     * @param torrentFile the {@code .torrent} (v1: Transmission 3.00 refuses hybrids)
     * @param dataDir the save path holding the content
     * @param options settings
     * @return the running seed; close it
     */
    public static TransmissionClient seed(Path torrentFile, Path dataDir, Options options) {
        TransmissionClient client = start("transmission seed", torrentFile, dataDir, options);
        try {
            client.awaitFinished(START_TIMEOUT);
        } catch (RuntimeException | Error e) {
            client.closeAfter(e);
            throw e;
        }
        return client;
    }

    /**
     * Starts a downloader and returns once it listens. Someone must dial {@link #address()} (a {@link LibtorrentClient} seed
     * with {@link LibtorrentClient#connect}, or Torrentine); it requests nothing for 10 to 14 s.
     *
     * @param torrentFile the {@code .torrent} (v1)
     * @param saveDir the save path
     * @param options settings
     * @return the running downloader; close it
     */
    public static TransmissionClient download(Path torrentFile, Path saveDir, Options options) {
        return start("transmission download", torrentFile, saveDir, options);
    }

    private static TransmissionClient start(String name, Path torrentFile, Path saveDir, Options options) {
        Path cli = ExternalTool.require("transmission-cli", "transmission-cli");
        int port = FreePorts.loopback();
        TransmissionClient client = new TransmissionClient(name, port, torrentFile, saveDir);
        try {
            Path config = client.workDir().resolve("config");
            Files.createDirectories(config);
            Files.writeString(config.resolve("settings.json"), settings(port, options), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(cli.toString(), "-g", config.toString(),
                    "-p", Integer.toString(port), "-w", saveDir.toAbsolutePath().toString(),
                    options.encryption() ? "-ep" : "-et"));
            if (options.uploadLimitKBps() > 0) {
                command.addAll(List.of("-u", Integer.toString(options.uploadLimitKBps())));
            } else {
                command.add("-U");
            }
            command.add(torrentFile.toAbsolutePath().toString());
            client.start(command, START_TIMEOUT);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException(e);
            client.closeAfter(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            client.closeAfter(e);
            throw e;
        }
        return client;
    }

    /** INTEROP-NOTES.md: there is no --no-dht flag; the config file is the only way to turn these off. */
    private static String settings(int port, Options options) {
        return "{\n"
                + "  \"dht-enabled\": false,\n"
                + "  \"lpd-enabled\": false,\n"
                + "  \"pex-enabled\": false,\n"
                + "  \"utp-enabled\": false,\n"
                + "  \"port-forwarding-enabled\": false,\n"
                + "  \"rpc-enabled\": false,\n"
                + "  \"blocklist-enabled\": false,\n"
                + "  \"encryption\": " + (options.encryption() ? 1 : 0) + ",\n"
                + "  \"bind-address-ipv4\": \"127.0.0.1\",\n"
                + "  \"bind-address-ipv6\": \"::1\",\n"
                + "  \"peer-port\": " + port + ",\n"
                + "  \"peer-port-random-on-start\": false,\n"
                + "  \"ratio-limit-enabled\": false,\n"
                + "  \"idle-seeding-limit-enabled\": false,\n"
                + "  \"start-added-torrents\": true,\n"
                + "  \"message-level\": 2\n"
                + "}\n";
    }

    @Override
    void parseStdout(String line) {
        Matcher progress = PROGRESS.matcher(line);
        if (progress.find()) {
            double fraction = Double.parseDouble(progress.group(1)) / 100;
            long downloaded = Math.round(fraction * totalSize());
            status(new ClientStatus(fraction, "downloading", rate(progress.group(4), progress.group(5)),
                    rate(progress.group(7), progress.group(8)), Integer.parseInt(progress.group(3)),
                    downloaded, Math.round(ratio(progress.group(9)) * downloaded)));
            return;
        }
        Matcher seeding = SEEDING.matcher(line);
        if (seeding.find()) {
            status(new ClientStatus(1.0, "seeding", 0, rate(seeding.group(3), seeding.group(4)),
                    Integer.parseInt(seeding.group(2)), lastStatus().map(ClientStatus::totalDownload).orElse(0L),
                    Math.round(ratio(seeding.group(5)) * totalSize())));
            saidComplete();
        } else if (line.startsWith("Verifying local files") || line.startsWith("Waiting to verify")) {
            status(new ClientStatus(0, "checking_files", 0, 0, 0, 0, 0));
        }
    }

    private static long rate(String number, String unit) {
        // Transmission's speed units are decimal: kB = 1000 bytes.
        int power = "kMGT".indexOf(unit.charAt(0)) + 1;
        return Math.round(Double.parseDouble(number) * Math.pow(1000, power));
    }

    private static double ratio(String text) {
        return "None".equals(text) ? 0 : Double.parseDouble(text);
    }
}
