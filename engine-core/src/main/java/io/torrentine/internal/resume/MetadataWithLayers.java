package io.torrentine.internal.resume;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BInteger;
import io.torrentine.bencode.BList;
import io.torrentine.bencode.BString;
import io.torrentine.bencode.BValue;
import io.torrentine.metainfo.DhtNode;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.MetainfoLimits;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds v2 piece layers (BEP 52) recovered from resume data to a {@link TorrentInfo}. A
 * TorrentInfo is immutable and gets its layers only by parsing, so the copy is parsed from an
 * equivalent .torrent file: the same exact {@code info} bytes, the same top-level fields
 * (trackers, web seeds, HTTP seeds, DHT nodes, comment, creator, creation date, BEP 38 similar
 * torrents and collections) and the union of the layers, which the parser verifies again.
 */
final class MetadataWithLayers {
    private MetadataWithLayers() {
    }

    /**
     * The torrent with the given layers too.
     *
     * @param base the metadata
     * @param layers piece layers by file root, each already verified against its root
     * @param limits the limits to parse the copy with
     * @return {@code base} itself if it has every layer already, else a copy that has them
     * @throws InvalidMetainfoException if the copy does not load (a layer of no file of the torrent)
     */
    static TorrentInfo of(TorrentInfo base, Map<Sha256Hash, byte[]> layers, MetainfoLimits limits) {
        boolean missing = false;
        for (Sha256Hash root : layers.keySet()) {
            if (base.pieceLayer(root).isEmpty()) {
                missing = true;
                break;
            }
        }
        if (!missing) {
            return base;
        }
        BDictionary.Builder top = BDictionary.builder();
        if (!base.trackers().isEmpty()) {
            List<BValue> tiers = new ArrayList<>();
            for (List<String> tier : base.trackers()) {
                tiers.add(strings(tier));
            }
            top.put("announce-list", BList.of(tiers));
        }
        base.comment().ifPresent(c -> top.put("comment", c));
        base.createdBy().ifPresent(c -> top.put("created by", c));
        base.creationDate().ifPresent(d -> top.put("creation date", d.getEpochSecond()));
        if (!base.webSeeds().isEmpty()) {
            top.put("url-list", strings(base.webSeeds()));
        }
        if (!base.httpSeeds().isEmpty()) {
            top.put("httpseeds", strings(base.httpSeeds()));
        }
        if (!base.dhtNodes().isEmpty()) {
            List<BValue> nodes = new ArrayList<>();
            for (DhtNode n : base.dhtNodes()) {
                nodes.add(BList.of(List.of(BString.of(n.host()), BInteger.of(n.port()))));
            }
            top.put("nodes", BList.of(nodes));
        }
        if (!base.similarTorrents().isEmpty()) {
            List<BValue> similar = new ArrayList<>();
            for (Sha1Hash h : base.similarTorrents()) {
                similar.add(BString.of(h.toByteArray()));
            }
            top.put("similar", BList.of(similar));
        }
        if (!base.collections().isEmpty()) {
            top.put("collections", strings(base.collections()));
        }
        BDictionary.Builder allLayers = BDictionary.builder();
        for (FileEntry f : base.files()) {
            Optional<Sha256Hash> root = f.piecesRoot();
            if (root.isEmpty()) {
                continue;
            }
            Optional<byte[]> layer = base.pieceLayer(root.get()).or(() -> Optional.ofNullable(layers.get(root.get())));
            layer.ifPresent(l -> allLayers.put(BString.of(root.get().toByteArray()), BString.of(l)));
        }
        top.put("piece layers", allLayers.build());
        return TorrentInfo.parse(ResumeDataWriter.withRawInfo(top.build(), base.infoDictionary()), limits);
    }

    private static BList strings(List<String> values) {
        List<BValue> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(BString.of(v));
        }
        return BList.of(out);
    }
}
