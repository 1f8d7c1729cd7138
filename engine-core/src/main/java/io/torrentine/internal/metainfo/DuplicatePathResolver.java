package io.torrentine.internal.metainfo;

import io.torrentine.metainfo.InvalidMetainfoException;
import io.torrentine.metainfo.InvalidMetainfoException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes file paths unique the way libtorrent does: a path that repeats an earlier file's path,
 * or names a directory another file lives in, gets {@code .N} before its extension
 * ({@code bar.txt} becomes {@code bar.1.txt}). Pad files are left alone: they are never written.
 *
 * <p>libtorrent tries suffixes from 1 upwards for every copy, so n copies of a name cost about
 * n²/2 collisions, and it refuses a torrent past a collision budget. The same count is kept
 * here (in linear time) so that the same torrents are refused.
 *
 * <p>Paths are compared under the host's {@link FileNameRules#collisionKey}: exactly on Linux,
 * ignoring case on Windows, where {@code README} and {@code readme} are one file.
 */
public final class DuplicatePathResolver {
    private final int maxCollisions;
    private final FileNameRules rules;
    private final Set<String> taken = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();
    private long collisions;

    /**
     * A resolver with a collision budget.
     *
     * @param maxCollisions how many collisions renaming may meet before the torrent is refused
     * @param rules the host's rules, which say when two paths name the same file
     */
    public DuplicatePathResolver(int maxCollisions, FileNameRules rules) {
        this.maxCollisions = maxCollisions;
        this.rules = rules;
    }

    /**
     * Renames duplicates in place.
     *
     * @param paths every file's path components, in file order
     * @param isPad which files are pad files
     * @throws InvalidMetainfoException with {@link Reason#TOO_MANY_DUPLICATE_FILENAMES} when the
     *     budget is exceeded
     */
    public void resolve(List<List<String>> paths, boolean[] isPad) {
        for (int i = 0; i < paths.size(); i++) {
            if (isPad[i]) {
                continue; // a pad file's directory is never created
            }
            List<String> p = paths.get(i);
            for (int depth = 1; depth < p.size(); depth++) {
                directories.add(rules.collisionKey(String.join("/", p.subList(0, depth))));
            }
        }
        for (int i = 0; i < paths.size(); i++) {
            if (isPad[i]) {
                continue;
            }
            List<String> p = paths.get(i);
            String key = rules.collisionKey(String.join("/", p));
            if (!taken.contains(key) && !directories.contains(key)) {
                taken.add(key);
                continue;
            }
            paths.set(i, rename(p, key));
        }
    }

    private List<String> rename(List<String> path, String key) {
        String parent = path.size() > 1 ? String.join("/", path.subList(0, path.size() - 1)) + "/" : "";
        String last = path.get(path.size() - 1);
        int dot = last.lastIndexOf('.');
        String stem = dot > 0 ? last.substring(0, dot) : last;
        String extension = dot > 0 ? last.substring(dot) : "";
        int suffix = nextSuffix.getOrDefault(key, 1);
        while (true) {
            collisions += suffix;
            if (collisions > maxCollisions) {
                throw new InvalidMetainfoException(Reason.TOO_MANY_DUPLICATE_FILENAMES,
                        "renaming copies of '" + String.join("/", path) + "' exceeded " + maxCollisions + " collisions");
            }
            String candidateName = stem + "." + suffix + extension;
            String candidate = rules.collisionKey(parent + candidateName);
            suffix++;
            if (!taken.contains(candidate) && !directories.contains(candidate)) {
                nextSuffix.put(key, suffix);
                taken.add(candidate);
                List<String> renamed = new ArrayList<>(path);
                renamed.set(renamed.size() - 1, candidateName);
                return renamed;
            }
        }
    }
}
