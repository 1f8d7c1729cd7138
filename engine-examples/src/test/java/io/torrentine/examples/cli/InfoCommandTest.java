package io.torrentine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.torrentine.metainfo.TorrentInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest extends CliTestSupport {
    private static final Path SAMPLE = Path.of("..", "docs", "examples", "sample.torrent");


    @Test
    void printsTheFieldsOfATorrentAsJson() throws Exception {
        assertThat(run("info", "--json", SAMPLE.toString())).isZero();
        TorrentInfo info = TorrentInfo.load(SAMPLE);
        String json = out.toString();
        assertThat(json)
                .contains("\"name\": \"torrentine-sample\"")
                .contains("\"infoHashV1\": \"" + info.infoHashes().v1().orElseThrow().toHex() + "\"")
                .contains("\"infoHashV2\": \"" + info.infoHashes().v2().orElseThrow().toHex() + "\"")
                .contains("\"pieceLength\": 65536", "\"pieceCount\": " + info.pieceCount(),
                        "\"totalSize\": " + info.totalSize(), "\"private\": false")
                .contains("\"path\": \"torrentine-sample/docs/big.txt\"", "\"pad\": true")
                .contains("\"trackers\": [", "http://127.0.0.1:6969/announce", "\"webSeeds\": []");
    }

    @Test
    void readsMagnetLinks() {
        assertThat(run("info", "--json", "magnet:?xt=urn:btih:c0fda1edafdbdbb96443424e0b3899af7159d10e&dn=temp")).isZero();
        assertThat(out.toString()).contains("\"infoHashV1\": \"c0fda1edafdbdbb96443424e0b3899af7159d10e\"",
                "\"infoHashV2\": null", "\"name\": \"temp\"");
    }

    @Test
    void aRejectedInputExitsWithStatusTwoAndATypedReason(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.torrent");
        Files.writeString(bad, "d4:infod4:name4:tempee");
        assertThat(run("info", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("rejected: MISSING_PIECE_LENGTH");
        assertThat(run("info", "magnet:?dn=no-hash")).isEqualTo(2);
        assertThat(err.toString()).contains("rejected: ");
    }
}
