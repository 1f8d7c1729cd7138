package io.torrentine.internal.metainfo;

import java.util.Locale;

/**
 * The file-name rules of the host's file systems, on top of the rules libtorrent applies on
 * every platform ({@link PathSanitizer}). Chosen once per JVM from {@code os.name}
 * ({@link #host()}); tests pass {@link #WINDOWS} explicitly so that the Windows rules run on
 * any host.
 *
 * <p>{@link #WINDOWS} is libtorrent 2.0's Windows rule set, which libtorrent's
 * {@code path_sanitize_flags::libtorrent_2_0} names ({@code limit_unicode_characters},
 * {@code trim_trailing_spaces_and_dots}, {@code sanitize_invalid_chars_win}), plus DOS device
 * names as libtorrent 2.2 renames them ({@code filter_dos_reserved_names}), plus
 * case-insensitive duplicate detection:
 *
 * <ul>
 *   <li>{@code ? < > " | * :} become {@code _} (control characters do on every platform);</li>
 *   <li>the 240 limit on a component counts characters (code points), not UTF-8 bytes;</li>
 *   <li>trailing dots and spaces are removed (Win32 drops them, so {@code a.} and {@code a}
 *       would be one file); a component left empty becomes {@code _};</li>
 *   <li>a component whose part before its first dot is a DOS device name ({@code CON},
 *       {@code PRN}, {@code AUX}, {@code NUL}, {@code CLOCK$}, {@code COM0}-{@code COM9},
 *       {@code LPT0}-{@code LPT9}, and {@code COM}/{@code LPT} with a superscript 1, 2 or 3), in
 *       any ASCII case, gets {@code _} after that part: {@code con.txt} becomes
 *       {@code con_.txt}. libtorrent 2.0 does not need this because it opens files through
 *       {@code \\?\} paths, where device names are ordinary names; Java opens plain Win32 paths,
 *       where {@code C:\downloads\CON.txt} is the console, so the rule is not optional here;</li>
 *   <li>duplicate paths are found ignoring case (NTFS folds case; libtorrent folds ASCII case
 *       on every platform, here each character is folded with Java's simple upper-case
 *       mapping, so {@code É} and {@code é} collide too).</li>
 * </ul>
 */
public enum FileNameRules {
    /** Linux, macOS and the BSDs: nothing beyond libtorrent's rules for every platform. */
    POSIX,
    /** Windows: see the class comment. */
    WINDOWS;

    private static final FileNameRules HOST = forOsName(System.getProperty("os.name", ""));

    /**
     * The rules of the host this JVM runs on, decided once from {@code os.name}.
     *
     * @return {@link #WINDOWS} on Windows, {@link #POSIX} elsewhere
     */
    public static FileNameRules host() {
        return HOST;
    }

    /**
     * The rules for an {@code os.name} value.
     *
     * @param osName the value of the {@code os.name} system property
     * @return {@link #WINDOWS} if it names Windows ("Windows 11", "Windows Server 2022", ...)
     */
    public static FileNameRules forOsName(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : POSIX;
    }

    /**
     * Whether a character that passes libtorrent's rules for every platform must still become
     * {@code _} (libtorrent's {@code valid_path_character}).
     *
     * @param codePoint a Unicode code point
     * @return true for {@code ? < > " | * :} under {@link #WINDOWS}
     */
    public boolean replaces(int codePoint) {
        if (this == POSIX) {
            return false;
        }
        switch (codePoint) {
            case '?', '<', '>', '"', '|', '*', ':':
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether the 240 limit on a component counts characters rather than UTF-8 bytes (Windows
     * limits names in UTF-16 units, Linux in bytes).
     *
     * @return true under {@link #WINDOWS}
     */
    public boolean countsCharacters() {
        return this == WINDOWS;
    }

    /**
     * Applies the rules that look at a whole sanitized component: trailing dots and spaces,
     * then device names (last, so that a device name hidden behind a character dropped or
     * trimmed earlier is still caught, as libtorrent 2.2 does).
     *
     * @param component a component after the rules for every platform, never empty
     * @return the component to use, never empty
     */
    public String finish(String component) {
        if (this == POSIX) {
            return component;
        }
        int end = component.length();
        while (end > 0 && (component.charAt(end - 1) == '.' || component.charAt(end - 1) == ' ')) {
            end--;
        }
        String trimmed = end == 0 ? "_" : component.substring(0, end);
        int stemEnd = deviceStemEnd(trimmed);
        return stemEnd < 0 ? trimmed : trimmed.substring(0, stemEnd) + "_" + trimmed.substring(stemEnd);
    }

    /**
     * The key under which a path is compared with others to find duplicates: the path itself,
     * or under {@link #WINDOWS} its case-folded form.
     *
     * @param path a {@code /}-joined relative path
     * @return the comparison key
     */
    public String collisionKey(String path) {
        if (this == POSIX) {
            return path;
        }
        StringBuilder folded = new StringBuilder(path.length());
        path.codePoints().forEach(cp -> folded.appendCodePoint(Character.toUpperCase(cp)));
        return folded.toString();
    }

    /**
     * Whether a component of a path can be used as it is, for paths that do not come from
     * the sanitizer (a file renamed by the application): {@link #WINDOWS} refuses what
     * {@link #finish} and {@link #replaces} would change, control characters included.
     *
     * @param component one path component
     * @return true if it names an ordinary file on this host
     */
    public boolean isUsable(String component) {
        if (this == POSIX) {
            return true;
        }
        if (component.isEmpty()) {
            return false;
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c < 32 || replaces(c)) {
                return false;
            }
        }
        char last = component.charAt(component.length() - 1);
        return last != '.' && last != ' ' && deviceStemEnd(component) < 0;
    }

    /**
     * Where a component's DOS device name ends, if the part before its first dot is one
     * (libtorrent 2.2's {@code is_reserved_dos_name}, ASCII case ignored).
     *
     * @return the index after the device name, or -1
     */
    private static int deviceStemEnd(String component) {
        int dot = component.indexOf('.');
        int end = dot < 0 ? component.length() : dot;
        return isDeviceName(component, end) ? end : -1;
    }

    private static boolean isDeviceName(String s, int length) {
        switch (length) {
            case 3:
                return startsWithIgnoreAsciiCase(s, "con") || startsWithIgnoreAsciiCase(s, "prn")
                        || startsWithIgnoreAsciiCase(s, "aux") || startsWithIgnoreAsciiCase(s, "nul");
            case 4:
                char digit = s.charAt(3);
                boolean deviceDigit = (digit >= '0' && digit <= '9')
                        // Windows takes the Latin-1 superscripts as port numbers too.
                        || digit == '\u00B9' || digit == '\u00B2' || digit == '\u00B3';
                return deviceDigit && (startsWithIgnoreAsciiCase(s, "com") || startsWithIgnoreAsciiCase(s, "lpt"));
            case 6:
                return startsWithIgnoreAsciiCase(s, "clock$");
            default:
                return false;
        }
    }

    /** ASCII-only case folding, as libtorrent's {@code string_equal_no_case}. */
    private static boolean startsWithIgnoreAsciiCase(String s, String lowerPrefix) {
        if (s.length() < lowerPrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length(); i++) {
            char c = s.charAt(i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
