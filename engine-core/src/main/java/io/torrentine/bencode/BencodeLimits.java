package io.torrentine.bencode;

/**
 * Bounds on what a decode may consume, so that hostile input costs little. Every bound is
 * checked before the memory it guards is allocated.
 *
 * @param maxInputSize the largest input in bytes
 * @param maxStringLength the longest byte string
 * @param maxDepth the deepest nesting of lists and dictionaries
 * @param maxItems the most values (keys included) in one input, libtorrent's token limit
 * @param maxIntegerDigits the most digits in an integer, sign excluded
 */
public record BencodeLimits(int maxInputSize, int maxStringLength, int maxDepth, int maxItems,
                            int maxIntegerDigits) {

    /**
     * libtorrent's bounds for loading a torrent: 100 levels, 3 million tokens; inputs up to
     * 64 MiB so that the piece layers of large v2 torrents fit.
     */
    public static final BencodeLimits DEFAULT =
            new BencodeLimits(64 << 20, 64 << 20, 100, 3_000_000, 20);

    /**
     * Checks that every bound is positive (the string length bound may be 0, which allows only
     * empty strings) and the depth within {@link BValue#MAX_NESTING}.
     *
     * @param maxInputSize the largest input in bytes
     * @param maxStringLength the longest byte string
     * @param maxDepth the deepest nesting of lists and dictionaries
     * @param maxItems the most values (keys included) in one input
     * @param maxIntegerDigits the most digits in an integer, sign excluded
     * @throws IllegalArgumentException if a bound is out of range
     */
    public BencodeLimits {
        if (maxInputSize <= 0 || maxStringLength < 0 || maxDepth <= 0 || maxItems <= 0
                || maxIntegerDigits <= 0) {
            throw new IllegalArgumentException("bencode limits must be positive");
        }
        if (maxDepth > BValue.MAX_NESTING) {
            throw new IllegalArgumentException("maxDepth may be at most " + BValue.MAX_NESTING);
        }
    }

    /**
     * These limits with another input size bound.
     *
     * @param bytes the largest input in bytes
     * @return the new limits
     */
    public BencodeLimits withMaxInputSize(int bytes) {
        return new BencodeLimits(bytes, maxStringLength, maxDepth, maxItems, maxIntegerDigits);
    }

    /**
     * These limits with another string length bound.
     *
     * @param bytes the longest byte string
     * @return the new limits
     */
    public BencodeLimits withMaxStringLength(int bytes) {
        return new BencodeLimits(maxInputSize, bytes, maxDepth, maxItems, maxIntegerDigits);
    }

    /**
     * These limits with another depth bound.
     *
     * @param levels the deepest nesting
     * @return the new limits
     */
    public BencodeLimits withMaxDepth(int levels) {
        return new BencodeLimits(maxInputSize, maxStringLength, levels, maxItems, maxIntegerDigits);
    }

    /**
     * These limits with another item count bound.
     *
     * @param count the most values in one input
     * @return the new limits
     */
    public BencodeLimits withMaxItems(int count) {
        return new BencodeLimits(maxInputSize, maxStringLength, maxDepth, count, maxIntegerDigits);
    }
}
