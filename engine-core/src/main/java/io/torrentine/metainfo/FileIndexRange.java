package io.torrentine.metainfo;

/**
 * An inclusive range of file indices, as a magnet link's select-only list names them
 * (BEP 53: {@code so=0,2,4-6} is the ranges 0, 2 and 4-6). Files are numbered from 0 in the
 * order of the torrent's file list.
 *
 * @param first the first index in the range, at least 0
 * @param last the last index in the range, at least {@code first} and at most
 *     {@link MagnetLink#MAX_FILE_INDEX}
 */
public record FileIndexRange(int first, int last) {

    /**
     * Checks the bounds.
     *
     * @param first the first index in the range
     * @param last the last index in the range
     * @throws IllegalArgumentException if {@code first < 0}, {@code last < first} or
     *     {@code last > MagnetLink.MAX_FILE_INDEX}
     */
    public FileIndexRange {
        if (first < 0 || last < first || last > MagnetLink.MAX_FILE_INDEX) {
            throw new IllegalArgumentException("not a file index range within 0-"
                    + MagnetLink.MAX_FILE_INDEX + ": " + first + "-" + last);
        }
    }

    /**
     * The range that holds one index.
     *
     * @param index the file index
     * @return the range {@code index-index}
     * @throws IllegalArgumentException if the index is negative or above
     *     {@link MagnetLink#MAX_FILE_INDEX}
     */
    public static FileIndexRange of(int index) {
        return new FileIndexRange(index, index);
    }

    /**
     * Whether the range holds an index.
     *
     * @param index a file index
     * @return true if {@code first <= index <= last}
     */
    public boolean contains(int index) {
        return index >= first && index <= last;
    }

    /**
     * The number of indices in the range.
     *
     * @return {@code last - first + 1}
     */
    public int size() {
        return last - first + 1;
    }

    /** Returns the BEP 53 form: {@code first} alone, or {@code first-last}. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
