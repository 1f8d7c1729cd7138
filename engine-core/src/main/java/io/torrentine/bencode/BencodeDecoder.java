package io.torrentine.bencode;

import io.torrentine.bencode.BencodeException.Reason;
import io.torrentine.internal.bencode.InputSharingDecoders;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Decodes bencode (BEP 3) into {@link BValue}s, without recursion and within
 * {@link BencodeLimits}.
 *
 * <p>Two modes: {@link #strict()} accepts only canonical bencode (no leading zeros, no
 * {@code -0}, dictionary keys sorted and unique, nothing after the value); {@link #lenient()}
 * reads what libtorrent reads (unsorted or repeated keys, leading zeros, trailing bytes), and the
 * span of every value still covers its exact input bytes, so an info-hash taken from a lenient
 * decode is the hash of the original {@code info} bytes.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BencodeDecoder {
    private static final BencodeDecoder STRICT = new BencodeDecoder(true, BencodeLimits.DEFAULT, false);
    private static final BencodeDecoder LENIENT = new BencodeDecoder(false, BencodeLimits.DEFAULT, false);

    static {
        // The engine's own parsers may decode without copying strings; that mode is not public
        // API because its values share (and keep alive) the input array.
        InputSharingDecoders.register(BencodeDecoder::sharingInput);
    }

    private final boolean strict;
    private final BencodeLimits limits;
    /** Strings are ranges of the input instead of copies (never true for a public instance). */
    private final boolean shareInput;

    private BencodeDecoder(boolean strict, BencodeLimits limits, boolean shareInput) {
        this.strict = strict;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.shareInput = shareInput;
    }

    /**
     * A decoder of canonical bencode only, with the default limits.
     *
     * @return the strict decoder
     */
    public static BencodeDecoder strict() {
        return STRICT;
    }

    /**
     * A decoder that reads what libtorrent reads, with the default limits.
     *
     * @return the lenient decoder
     */
    public static BencodeDecoder lenient() {
        return LENIENT;
    }

    /**
     * This decoder's mode with other limits.
     *
     * @param newLimits the limits
     * @return a decoder with those limits
     */
    public BencodeDecoder withLimits(BencodeLimits newLimits) {
        return new BencodeDecoder(strict, newLimits, shareInput);
    }

    /** This decoder, but its strings are ranges of the input array rather than copies. */
    private BencodeDecoder sharingInput() {
        return new BencodeDecoder(strict, limits, true);
    }

    /**
     * The limits this decoder enforces.
     *
     * @return the limits
     */
    public BencodeLimits limits() {
        return limits;
    }

    /**
     * Whether this decoder accepts only canonical bencode.
     *
     * @return true for strict mode
     */
    public boolean isStrict() {
        return strict;
    }

    /**
     * Decodes a whole array. Spans are offsets into {@code input}.
     *
     * @param input the bencoded bytes
     * @return the value
     * @throws BencodeException if the input is not valid bencode in this mode or exceeds a limit;
     *     in strict mode also if bytes follow the value
     */
    public BValue decode(byte[] input) {
        return decode(input, 0, input.length);
    }

    /**
     * Decodes {@code length} bytes of {@code input} from {@code offset}. Spans are offsets into
     * {@code input}.
     *
     * @param input the array holding the bencoded bytes
     * @param offset where the value starts
     * @param length how many bytes belong to the input
     * @return the value
     * @throws BencodeException if the input is not valid bencode in this mode or exceeds a limit;
     *     in strict mode also if bytes follow the value
     * @throws IndexOutOfBoundsException if the range is outside {@code input}
     */
    public BValue decode(byte[] input, int offset, int length) {
        Decoded decoded = decodePrefix(input, offset, length);
        if (strict && decoded.end() != offset + length) {
            throw new BencodeException(Reason.TRAILING_DATA, decoded.end(),
                    (offset + length - decoded.end()) + " bytes after the value");
        }
        return decoded.value();
    }

    /**
     * Decodes the value at the start of a range and tells where it ended: the bytes after it are
     * left alone (a BEP 9 {@code ut_metadata} data message carries a piece of metadata there).
     *
     * @param input the array holding the bencoded bytes
     * @param offset where the value starts
     * @param length how many bytes may be read
     * @return the value and the offset just past it
     * @throws BencodeException if the value is not valid bencode in this mode or exceeds a limit
     * @throws IndexOutOfBoundsException if the range is outside {@code input}
     */
    public Decoded decodePrefix(byte[] input, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, input.length);
        if (length > limits.maxInputSize()) {
            throw new BencodeException(Reason.INPUT_TOO_LARGE, offset,
                    length + " bytes, limit " + limits.maxInputSize());
        }
        return new Run(input, offset, offset + length).decode();
    }

    /**
     * A value decoded from the start of a range, and where it ended.
     *
     * @param value the decoded value
     * @param end the offset in the input just past the value
     */
    public record Decoded(BValue value, int end) {
    }

    /** The state of one decode: an explicit stack of open containers instead of recursion. */
    private final class Run {
        private final byte[] in;
        private final int limit;
        private final ArrayDeque<Container> stack = new ArrayDeque<>();
        private int pos;
        private int items;

        Run(byte[] in, int start, int limit) {
            this.in = in;
            this.pos = start;
            this.limit = limit;
        }

        Decoded decode() {
            while (true) {
                Container top = stack.peek();
                if (pos >= limit) {
                    throw new BencodeException(Reason.UNEXPECTED_END, pos,
                            top == null ? "no value" : "inside an unterminated container");
                }
                byte c = in[pos];
                BValue value;
                if (c == 'e') {
                    if (top == null) {
                        throw new BencodeException(Reason.UNMATCHED_END, pos, "");
                    }
                    if (top instanceof DictContainer dict && dict.pendingKey != null) {
                        throw new BencodeException(Reason.MISSING_VALUE, pos,
                                "key '" + preview(dict.pendingKey) + "' has no value");
                    }
                    pos++;
                    stack.pop();
                    value = top.close(pos);
                } else if (top instanceof DictContainer dict && dict.pendingKey == null) {
                    if (!isDigit(c)) {
                        throw new BencodeException(Reason.KEY_NOT_STRING, pos,
                                "found '" + (char) (c & 0xFF) + "'");
                    }
                    dict.acceptKey(readString(), strict);
                    continue;
                } else if (c == 'i') {
                    value = readInteger();
                } else if (isDigit(c)) {
                    value = readString();
                } else if (c == 'l' || c == 'd') {
                    countItem();
                    if (stack.size() >= limits.maxDepth()) {
                        throw new BencodeException(Reason.DEPTH_EXCEEDED, pos,
                                "limit " + limits.maxDepth());
                    }
                    stack.push(c == 'l' ? new ListContainer(pos) : new DictContainer(pos));
                    pos++;
                    continue;
                } else {
                    throw new BencodeException(Reason.INVALID_TYPE, pos,
                            "byte 0x" + Integer.toHexString(c & 0xFF));
                }
                Container parent = stack.peek();
                if (parent == null) {
                    return new Decoded(value, pos);
                }
                parent.add(value);
            }
        }

        private void countItem() {
            if (++items > limits.maxItems()) {
                throw new BencodeException(Reason.TOO_MANY_ITEMS, pos, "limit " + limits.maxItems());
            }
        }

        private BInteger readInteger() {
            countItem();
            int start = pos;
            pos++; // 'i'
            boolean negative = false;
            if (pos < limit && in[pos] == '-') {
                negative = true;
                pos++;
            }
            int firstDigit = pos;
            long value = 0;
            while (pos < limit && isDigit(in[pos])) {
                if (pos - firstDigit >= limits.maxIntegerDigits()) {
                    throw new BencodeException(Reason.TOO_MANY_DIGITS, pos,
                            "limit " + limits.maxIntegerDigits());
                }
                int d = in[pos] - '0';
                // Accumulate negatively so that Long.MIN_VALUE fits.
                if (value < (Long.MIN_VALUE + d) / 10) {
                    throw new BencodeException(Reason.INTEGER_OVERFLOW, start, "");
                }
                value = value * 10 - d;
                pos++;
            }
            int digits = pos - firstDigit;
            if (pos >= limit) {
                throw new BencodeException(Reason.UNEXPECTED_END, pos, "in an integer");
            }
            if (digits == 0 || in[pos] != 'e') {
                throw new BencodeException(Reason.INVALID_INTEGER, pos, "expected a digit or 'e'");
            }
            if (strict && digits > 1 && in[firstDigit] == '0') {
                throw new BencodeException(Reason.LEADING_ZERO, firstDigit, "");
            }
            if (strict && negative && value == 0) {
                throw new BencodeException(Reason.NEGATIVE_ZERO, start, "");
            }
            if (!negative && value == Long.MIN_VALUE) {
                throw new BencodeException(Reason.INTEGER_OVERFLOW, start, "");
            }
            pos++; // 'e'
            return new BInteger(negative ? value : -value, new Span(start, pos - start));
        }

        private BString readString() {
            countItem();
            int start = pos;
            long length = 0;
            while (pos < limit && isDigit(in[pos])) {
                length = length * 10 + (in[pos] - '0');
                if (length > limits.maxStringLength()) {
                    throw new BencodeException(Reason.STRING_TOO_LONG, start,
                            "limit " + limits.maxStringLength());
                }
                pos++;
            }
            if (pos >= limit) {
                throw new BencodeException(Reason.UNEXPECTED_END, pos, "in a string length");
            }
            if (in[pos] != ':') {
                throw new BencodeException(Reason.INVALID_STRING_LENGTH, pos, "expected ':'");
            }
            if (strict && pos - start > 1 && in[start] == '0') {
                throw new BencodeException(Reason.LEADING_ZERO, start, "");
            }
            pos++; // ':'
            if (length > limit - pos) {
                throw new BencodeException(Reason.UNEXPECTED_END, pos,
                        "string of " + length + " bytes, " + (limit - pos) + " left");
            }
            int n = (int) length;
            Span span = new Span(start, pos + n - start);
            BString s;
            if (shareInput) {
                s = new BString(in, pos, n, span);
            } else {
                byte[] bytes = new byte[n];
                System.arraycopy(in, pos, bytes, 0, n);
                s = new BString(bytes, span);
            }
            pos += n;
            return s;
        }
    }

    /** The most key bytes an exception message shows. */
    private static final int PREVIEW_BYTES = 32;

    /**
     * A key for an exception message, cut short: a key may be megabytes long, and printing it
     * whole (as hex, if binary) would cost several times the input in memory.
     */
    private static String preview(BString key) {
        if (key.length() <= PREVIEW_BYTES) {
            return key.toString();
        }
        return BString.of(key.copyOfRange(0, PREVIEW_BYTES)) + "... (" + key.length() + " bytes)";
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private abstract static class Container {
        final int start;

        Container(int start) {
            this.start = start;
        }

        abstract void add(BValue value);

        abstract BValue close(int end);
    }

    private static final class ListContainer extends Container {
        private final List<BValue> values = new ArrayList<>();

        ListContainer(int start) {
            super(start);
        }

        @Override
        void add(BValue value) {
            values.add(value);
        }

        @Override
        BValue close(int end) {
            return new BList(List.copyOf(values), new Span(start, end - start));
        }
    }

    private static final class DictContainer extends Container {
        private final LinkedHashMap<BString, BValue> entries = new LinkedHashMap<>();
        private BString lastKey;
        private BString pendingKey;
        private boolean pendingIsDuplicate;

        DictContainer(int start) {
            super(start);
        }

        void acceptKey(BString key, boolean strict) {
            int keyOffset = key.span().orElseThrow().offset();
            if (lastKey != null) {
                int order = lastKey.compareTo(key);
                if (strict && order == 0) {
                    throw new BencodeException(Reason.DUPLICATE_KEY, keyOffset,
                            "key '" + preview(key) + "'");
                }
                if (strict && order > 0) {
                    throw new BencodeException(Reason.UNSORTED_KEYS, keyOffset,
                            "'" + preview(key) + "' after '" + preview(lastKey) + "'");
                }
            }
            pendingIsDuplicate = entries.containsKey(key);
            lastKey = key;
            pendingKey = key;
        }

        @Override
        void add(BValue value) {
            if (!pendingIsDuplicate) {
                entries.put(pendingKey, value);
            }
            pendingKey = null;
        }

        @Override
        BValue close(int end) {
            return new BDictionary(entries, new Span(start, end - start));
        }
    }
}
