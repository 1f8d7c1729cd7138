package io.torrentine.examples.cli;

import io.torrentine.metainfo.InvalidMagnetLinkException;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.session.AddTorrentParams;
import java.io.IOException;
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
}
