package io.torrentine.metainfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves BEP 47 symlink targets as libtorrent does: a target is read from the torrent's root;
 * if nothing in the torrent lives there but something lives at the same path read from the
 * link's own directory, that one is meant. Targets are built from sanitized components only, so
 * either reading stays inside the torrent.
 */
final class SymlinkTargets {

    private SymlinkTargets() {
    }

    /**
     * Resolves every target.
     *
     * @param paths each file's final path components
     * @param rootRelative each file's target read from the torrent root, or empty
     * @return each file's resolved target, or empty for a regular file
     */
    static List<Optional<String>> resolve(List<List<String>> paths, List<Optional<String>> rootRelative) {
        Set<String> existing = new HashSet<>();
        for (List<String> p : paths) {
            for (int depth = 1; depth <= p.size(); depth++) {
                existing.add(String.join("/", p.subList(0, depth)));
            }
        }
        List<Optional<String>> out = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            Optional<String> target = rootRelative.get(i);
            if (target.isEmpty() || existing.contains(target.get())) {
                out.add(target);
                continue;
            }
            List<String> link = paths.get(i);
            String top = link.get(0) + "/";
            String tail = target.get().startsWith(top) ? target.get().substring(top.length()) : target.get();
            String fromLinkDirectory = String.join("/", link.subList(0, link.size() - 1)) + "/" + tail;
            out.add(Optional.of(existing.contains(fromLinkDirectory) ? fromLinkDirectory : target.get()));
        }
        return out;
    }
}
