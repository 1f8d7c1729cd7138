package io.torrentine.testing.clients;

import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.TorrentInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A payload on disk and its v1 {@code .torrent}, made by {@link TestTorrents}.
 *
 * @param torrentFile the {@code .torrent}
 * @param dataDir the save path that holds the content: a seed's data directory
 * @param info the parsed torrent
 */
public record TestTorrent(Path torrentFile, Path dataDir, TorrentInfo info) {

    /**
     * The torrent's v1 info-hash in hex.
     *
     * @return 40 hex digits
     */
    public String infoHashHex() {
        return info.infoHashes().id().toHex();
    }

    /**
     * A BEP 9 magnet link with the info-hash only (no name, tracker or peer): whoever uses it must fetch the
     * metadata from a peer.
     *
     * @return the link
     */
    public String magnet() {
        return "magnet:?xt=urn:btih:" + infoHashHex();
    }

    /**
     * The size of the content.
     *
     * @return bytes, pad files excluded
     */
    public long totalSize() {
        return info.totalSize();
    }

    /**
     * The SHA-256 of each file of the torrent under a save path.
     *
     * @param saveDir the save path
     * @return hex digest by the file's path in the torrent (pad files left out); a missing file
     *     maps to {@code "missing"}
     */
    public Map<String, String> sha256Under(Path saveDir) {
        Map<String, String> digests = new TreeMap<>();
        for (FileEntry file : info.files()) {
            if (file.pad()) {
                continue;
            }
            Path path = saveDir.resolve(file.path());
            digests.put(file.path(), Files.isRegularFile(path) ? TestTorrents.sha256Hex(path) : "missing");
        }
        return digests;
    }

    /**
     * Checks byte for byte (SHA-256 of each file, and each file's size) that a save path holds
     * exactly the content of {@link #dataDir()}.
     *
     * @param saveDir where a client downloaded the torrent
     * @throws AssertionError naming the files that differ
     */
    public void assertSameContentIn(Path saveDir) {
        Map<String, String> expected = sha256Under(dataDir);
        Map<String, String> actual = sha256Under(saveDir);
        List<String> differing = new ArrayList<>();
        expected.forEach((path, digest) -> {
            if (!digest.equals(actual.get(path))) {
                differing.add(path + " (" + describe(saveDir.resolve(path)) + ")");
            }
        });
        if (!differing.isEmpty()) {
            throw new AssertionError("content under " + saveDir + " differs from " + dataDir + " in " + differing);
        }
    }

    private String describe(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) + " bytes" : "missing";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether every piece under a save path matches its v1 hash: how the harness decides that
     * a client that says "complete" early (before its cache reaches the files) is really done.
     *
     * @param saveDir the save path
     * @return true if every file is there and every piece passes
     */
    public boolean isCompleteIn(Path saveDir) {
        return TestTorrents.piecesComplete(info, saveDir);
    }
}
