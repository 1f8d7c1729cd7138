package io.torrentine.internal.create;

import java.util.List;

/**
 * The fields of a created torrent that do not come from hashing.
 *
 * @param trackerTiers BEP 12 tiers of tracker URLs, first tier first, no empty tier
 * @param webSeeds BEP 19 web seed URLs
 * @param comment the comment, or null
 * @param createdBy the creator's name, or null
 * @param creationDate seconds since the epoch, or null to leave it out
 * @param privateTorrent whether to set BEP 27 {@code private}
 * @param executableAttribute whether to mark executable files with BEP 47 {@code attr} x
 */
public record MetainfoFields(List<List<String>> trackerTiers, List<String> webSeeds,
                             String comment, String createdBy, Long creationDate,
                             boolean privateTorrent, boolean executableAttribute) {
    /**
     * Copies the lists.
     *
     * @param trackerTiers the tracker tiers
     * @param webSeeds the web seeds
     * @param comment the comment, or null
     * @param createdBy the creator, or null
     * @param creationDate seconds since the epoch, or null
     * @param privateTorrent whether the torrent is private
     * @param executableAttribute whether to write attr x
     */
    public MetainfoFields {
        trackerTiers = trackerTiers.stream().map(List::copyOf).toList();
        webSeeds = List.copyOf(webSeeds);
    }
}
