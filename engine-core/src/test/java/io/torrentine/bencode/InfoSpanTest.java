package io.torrentine.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.bencode.BencodeException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The info-hash (BEP 3: the SHA-1 of the bencoded {@code info} value as found in the file) is the
 * hash of the decoded span, even when the file is not canonical and re-encoding would change it.
 */
class InfoSpanTest {

    /** Files of libtorrent's corpus whose info dictionaries have unsorted keys. */
    @ParameterizedTest
    @CsvSource({
        // file, info-hash that libtorrent 2.0.8 reports (torrent_info(file).info_hashes().v1)
        "unordered.torrent, 1e44709a0ec082a6a5ea4837e450ae08d3f4394e",
        "pad_file.torrent,  fa2d263afecd65b98640ae50d5b11d9d250d9e2a",
    })
    void infoHashOfALenientDecodeIsTheHashOfTheOriginalBytes(String file, String libtorrentInfoHash)
            throws IOException, NoSuchAlgorithmException {
        byte[] torrent = resource(file);
        BDictionary top = (BDictionary) BencodeDecoder.lenient().decode(torrent);
        BDictionary info = top.getDictionary("info").orElseThrow();
        Span span = info.span().orElseThrow();
        byte[] infoBytes = Arrays.copyOfRange(torrent, span.offset(), span.end());

        assertThat(sha1Hex(infoBytes)).isEqualTo(libtorrentInfoHash);
        // Re-encoding sorts the keys, so hashing it would give a different, wrong info-hash.
        assertThat(BencodeEncoder.encode(info)).isNotEqualTo(infoBytes);
        assertThat(sha1Hex(BencodeEncoder.encode(info))).isNotEqualTo(libtorrentInfoHash);
        // And a strict decode names the reason.
        assertThatThrownBy(() -> BencodeDecoder.strict().decode(torrent))
                .isInstanceOfSatisfying(BencodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSORTED_KEYS));
    }

    private static String sha1Hex(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = InfoSpanTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
