package io.torrentine.bencode;

import java.util.Optional;

/**
 * A bencoded value (BEP 3): an integer, a byte string, a list or a dictionary.
 *
 * <p>Values are immutable and safe to share between threads. Equality compares content only,
 * never the span. A value built by hand has no span; a decoded one knows where it stood in the
 * input, so that the exact bytes of, say, an {@code info} dictionary can be hashed.
 */
public sealed interface BValue permits BInteger, BString, BList, BDictionary {

    /**
     * The deepest nesting a value may have, decoded or built: a list or dictionary is one level
     * deeper than its deepest child. The bound keeps every recursive walk of a value (encoding,
     * equality) far from the stack limit.
     */
    int MAX_NESTING = 1024;

    /**
     * Where this value stood in the decoded input.
     *
     * @return the span, or empty for a value built by hand
     */
    Optional<Span> span();

    /**
     * How deeply this value nests: 0 for an integer or string, 1 + the deepest child for a list
     * or dictionary.
     *
     * @return the nesting depth
     */
    int nesting();
}
