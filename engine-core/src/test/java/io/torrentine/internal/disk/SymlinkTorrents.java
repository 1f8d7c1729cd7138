package io.torrentine.internal.disk;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeEncoder;
import java.util.ArrayList;
import java.util.List;

/** Hand-made v1 torrents with BEP 47 symlinks (our creator does not make symlinks). */
final class SymlinkTorrents {

    private SymlinkTorrents() {
    }

    /**
     * A multi-file torrent named {@code t} with a file {@code data} (1000 bytes), a file
     * {@code sub/x} (500 bytes) and one symlink per pair of link name and raw {@code symlink
     * path} (relative to the torrent's root, as BEP 47 writes it).
     */
    static byte[] withLinks(String... linkAndTarget) {
        List<BValue> files = new ArrayList<>();
        files.add(BDictionary.builder().put("length", 1000).put("path", BList.of(BString.of("data"))).build());
        files.add(BDictionary.builder().put("length", 500)
                .put("path", BList.of(BString.of("sub"), BString.of("x"))).build());
        for (int i = 0; i < linkAndTarget.length; i += 2) {
            List<BValue> target = new ArrayList<>();
            for (String c : linkAndTarget[i + 1].split("/")) {
                target.add(BString.of(c));
            }
            files.add(BDictionary.builder().put("length", 0).put("attr", "l")
                    .put("path", BList.of(BString.of(linkAndTarget[i])))
                    .put("symlink path", BList.of(target)).build());
        }
        BDictionary info = BDictionary.builder().put("name", "t").put("piece length", 16384)
                .put("pieces", new byte[20]).put("files", BList.of(files)).build();
        return BencodeEncoder.encode(BDictionary.builder().put("info", info).build());
    }
}
