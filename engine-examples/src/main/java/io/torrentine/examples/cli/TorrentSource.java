package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMagnetLinkException;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Turns the command line's {@code <file.torrent|magnet>} into what the session adds. */
final class TorrentSource {
    private TorrentSource() {
    }

    /**
     * Reads a torrent file or parses a magnet link.
     *
     * @param source a path or a {@code magnet:} URI
     * @param savePath where the data goes
     * @return the parameters
     * @throws InvalidMetainfoException if the torrent file is rejected
     * @throws InvalidMagnetLinkException if the magnet link is rejected
     * @throws IOException if the file cannot be read
     */
    static AddTorrentParams params(String source, Path savePath) throws IOException {
        if (source.regionMatches(true, 0, "magnet:", 0, 7)) {
            return AddTorrentParams.fromMagnet(MagnetLink.parse(source), savePath);
        }
        return AddTorrentParams.fromTorrent(TorrentInfo.load(Path.of(source)), savePath);
    }

    /**
     * Reports a torrent or magnet link that could not be loaded, in the words every command
     * uses, and gives the command's exit status.
     *
     * @param e why: a rejected torrent or magnet link, or a failed read
     * @param source what the user named
     * @param err where the report goes
     * @return {@link TorrentineCli#EXIT_REJECTED} for rejected input, 1 for a failed read
     */
    static int reportUnloadable(Exception e, Object source, PrintWriter err) {
        boolean rejected = e instanceof InvalidMetainfoException || e instanceof InvalidMagnetLinkException;
        err.println(rejected ? "rejected: " + e.getMessage() : "cannot read " + source + ": " + e.getMessage());
        err.flush();
        return rejected ? TorrentineCli.EXIT_REJECTED : 1;
    }
}
