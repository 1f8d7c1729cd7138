package io.torrentine.examples.cli;

import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.InvalidMagnetLinkException;
import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.MagnetLink;
import io.torrentine.metainfo.Sha1Hash;
import io.torrentine.metainfo.Sha256Hash;
import io.torrentine.metainfo.TorrentInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code torrentine info}: what a .torrent file or magnet link holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show what a .torrent file or magnet link holds. Exits 2 if the input is rejected.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<file.torrent|magnet>", description = "a .torrent file or a magnet: URI")
    String source;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> fields;
        try {
            fields = source.startsWith("magnet:") ? describe(MagnetLink.parse(source)) : describe(TorrentInfo.load(Path.of(source)));
        } catch (InvalidMetainfoException e) {
            err.println("rejected: " + e.getMessage());
            return TorrentineCli.EXIT_REJECTED;
        } catch (InvalidMagnetLinkException e) {
            err.println("rejected: " + e.getMessage());
            return TorrentineCli.EXIT_REJECTED;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + source);
            return 1;
        } catch (IOException e) {
            err.println("cannot read " + source + ": " + e.getMessage());
            return 1;
        }
        out.println(json ? Json.write(fields) : Text.of(fields));
        out.flush();
        return 0;
    }

    static Map<String, Object> describe(TorrentInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("infoHashV1", info.infoHashes().v1().map(Sha1Hash::toHex).orElse(null));
        m.put("infoHashV2", info.infoHashes().v2().map(Sha256Hash::toHex).orElse(null));
        m.put("pieceLength", info.pieceLength());
        m.put("pieceCount", info.pieceCount());
        m.put("totalSize", info.totalSize());
        m.put("private", info.isPrivate());
        List<Object> files = new ArrayList<>();
        for (FileEntry f : info.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("path", f.path());
            fm.put("size", f.size());
            fm.put("pad", f.pad());
            f.symlinkTarget().ifPresent(t -> fm.put("symlinkTarget", t));
            files.add(fm);
        }
        m.put("files", files);
        m.put("trackers", info.trackers());
        m.put("webSeeds", info.webSeeds());
        info.creationDate().ifPresent(d -> m.put("creationDate", d.toString()));
        info.comment().ifPresent(c -> m.put("comment", c));
        info.createdBy().ifPresent(c -> m.put("createdBy", c));
        return m;
    }

    static Map<String, Object> describe(MagnetLink magnet) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", magnet.displayName().orElse(null));
        m.put("infoHashV1", magnet.infoHashes().v1().map(Sha1Hash::toHex).orElse(null));
        m.put("infoHashV2", magnet.infoHashes().v2().map(Sha256Hash::toHex).orElse(null));
        m.put("trackers", magnet.trackers().stream().map(List::of).toList());
        m.put("webSeeds", magnet.webSeeds());
        m.put("peers", magnet.peers().stream().map(Object::toString).toList());
        return m;
    }

    /** The plain-text form: one field per line, files indented. */
    private static final class Text {
        static String of(Map<String, Object> fields) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                if (e.getValue() instanceof List<?> list && e.getKey().equals("files")) {
                    sb.append("files:\n");
                    for (Object o : list) {
                        Map<?, ?> f = (Map<?, ?>) o;
                        sb.append("  ").append(f.get("path")).append("  ").append(f.get("size"))
                                .append(Boolean.TRUE.equals(f.get("pad")) ? "  (pad)" : "")
                                .append(f.containsKey("symlinkTarget") ? "  -> " + f.get("symlinkTarget") : "")
                                .append('\n');
                    }
                } else {
                    sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                }
            }
            return sb.toString().stripTrailing();
        }
    }
}
