package io.torrentine.internal.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns one untrusted path component from metadata into a safe file name, following
 * libtorrent's {@code sanitize_append_path_element} (as of libtorrent 2.0.10):
 *
 * <ul>
 *   <li>{@code .} and {@code ..} (and anything that reduces to one or two dots) are dropped;</li>
 *   <li>an empty component, or one made only of separators, becomes {@code _};</li>
 *   <li>{@code /} and {@code \} and the Unicode direction overrides are removed;</li>
 *   <li>control characters and invalid UTF-8 become {@code _};</li>
 *   <li>a component longer than 240 bytes is cut, keeping an extension of up to 10 bytes.</li>
 * </ul>
 *
 * <p>The host's own rules come on top ({@link FileNameRules}): on Windows, {@code :*?"<>|}
 * become {@code _}, the 240 limit counts characters, trailing dots and spaces go, and DOS
 * device names get a {@code _}. Immutable and thread-safe.
 */
public final class PathSanitizer {
    /** The rules for every platform alone (Linux, macOS). */
    public static final PathSanitizer POSIX = new PathSanitizer(FileNameRules.POSIX);
    /** The rules for every platform and Windows'. */
    public static final PathSanitizer WINDOWS = new PathSanitizer(FileNameRules.WINDOWS);

    private static final int MAX_COMPONENT_LENGTH = 240;
    private static final int EXTENSION_WINDOW = 10;

    private final FileNameRules rules;

    private PathSanitizer(FileNameRules rules) {
        this.rules = rules;
    }

    /**
     * The sanitizer for a rule set.
     *
     * @param rules the host's rules
     * @return {@link #POSIX} or {@link #WINDOWS}
     */
    public static PathSanitizer of(FileNameRules rules) {
        return rules == FileNameRules.WINDOWS ? WINDOWS : POSIX;
    }

    /**
     * The rules this sanitizer adds to libtorrent's rules for every platform.
     *
     * @return the host rules
     */
    public FileNameRules rules() {
        return rules;
    }

    /**
     * Sanitizes one component.
     *
     * @param element the raw bytes of the component
     * @return the safe component, or empty if the component is to be dropped
     */
    public Optional<String> sanitize(byte[] element) {
        if (element.length == 1 && element[0] == '.') {
            return Optional.empty();
        }
        if (element.length == 0) {
            return Optional.of("_");
        }
        StringBuilder out = new StringBuilder(element.length);
        int added = 0;
        int characters = 0;
        int dots = 0;
        boolean foundExtension = false;
        int i = 0;
        while (i < element.length) {
            int seqLen = sequenceLength(element, i);
            int codePoint = seqLen > 0 ? decode(element, i, seqLen) : -1;
            if (seqLen <= 0) {
                seqLen = 1;
            }
            if (codePoint >= 0 && isFiltered(codePoint)) {
                i += seqLen;
                continue;
            }
            if (codePoint < 32 || rules.replaces(codePoint)) {
                out.append('_');
                added++;
            } else {
                out.appendCodePoint(codePoint);
                added += seqLen;
                if (codePoint == '.') {
                    dots++;
                }
            }
            characters++;
            i += seqLen;
            int length = rules.countsCharacters() ? characters : added;
            if (length >= MAX_COMPONENT_LENGTH && !foundExtension) {
                int dot = -1;
                for (int j = element.length - 1; j > Math.max(element.length - EXTENSION_WINDOW, i - 1); j--) {
                    if (element[j] == '.') {
                        dot = j;
                        break;
                    }
                }
                if (dot == -1) {
                    break;
                }
                foundExtension = true;
                i = dot;
            }
        }
        if (added == 0) {
            return Optional.of("_");
        }
        if (added == dots && added <= 2) {
            return Optional.empty();
        }
        return Optional.of(rules.finish(out.toString()));
    }

    /**
     * Sanitizes a component given as text.
     *
     * @param element the component
     * @return the safe component, or empty if it is to be dropped
     */
    public Optional<String> sanitize(String element) {
        return sanitize(element.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isFiltered(int codePoint) {
        // Separators would create or escape directories; the direction overrides can disguise
        // an extension ("evil\u202Eexe.avi").
        return codePoint == '/' || codePoint == '\\'
                || codePoint == 0x202A || codePoint == 0x202B || codePoint == 0x202C
                || codePoint == 0x202D || codePoint == 0x202E || codePoint == 0x200E
                || codePoint == 0x200F;
    }

    /** The length of a well-formed UTF-8 sequence at {@code i}, or 0 if it is malformed. */
    private static int sequenceLength(byte[] s, int i) {
        int b = s[i] & 0xFF;
        int len;
        if (b < 0x80) {
            return 1;
        } else if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
        } else {
            return 0;
        }
        if (i + len > s.length) {
            return 0;
        }
        for (int k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        int cp = decode(s, i, len);
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
                || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return 0;
        }
        return len;
    }

    private static int decode(byte[] s, int i, int len) {
        int b = s[i] & 0xFF;
        if (len == 1) {
            return b;
        }
        int cp = b & (0xFF >> (len + 1));
        for (int k = 1; k < len; k++) {
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        return cp;
    }
}
