package io.torrentine.testing.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Tells whether some process listens on a TCP port, from Linux's {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}: how the harness knows that a client given a port on its command line
 * (Transmission, aria2) is ready to be dialed, without dialing it (a probe connection would be a
 * peer that never handshakes).
 */
final class ListeningSockets {
    /** {@code st} of a listening socket in {@code /proc/net/tcp}: the kernel's {@code TCP_LISTEN}. */
    private static final String LISTEN = "0A";
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListeningSockets() {
    }

    /**
     * Whether a socket of this network namespace listens on the port, on any address.
     *
     * @param port the TCP port
     * @return true if one does; false if none does or the tables cannot be read (not Linux)
     */
    static boolean isListening(int port) {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue; // no IPv6 table, or not Linux
            }
            // "  sl  local_address rem_address   st ...", then "   0: 0100007F:1F90 00000000:0000 0A ..."
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(suffix) && fields[3].equals(LISTEN)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the tables can be read at all here.
     *
     * @return true on Linux
     */
    static boolean available() {
        return Files.isReadable(TABLES.get(0));
    }
}
