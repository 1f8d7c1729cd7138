package io.torrentine.internal.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Normalizes web seed URLs (BEP 19) as libtorrent does: blanks and duplicates dropped, unsafe
 * characters percent-encoded, and a {@code /} appended for a multi-file torrent, whose files are
 * found below the URL.
 */
public final class WebSeedUrls {
    private static final String SAFE = "-_.!~*'()/:?&=@+$,;%#[]";

    private WebSeedUrls() {
    }

    /**
     * Normalizes a list of URLs.
     *
     * @param urls the URLs as found in the torrent
     * @param multiFile whether the torrent has more than one file
     * @return the usable URLs, in order, without duplicates
     */
    public static List<String> normalize(List<String> urls, boolean multiFile) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : urls) {
            String url = raw.strip();
            if (url.isEmpty()) {
                continue;
            }
            url = encodeUnsafe(url);
            if (multiFile && !url.endsWith("/")) {
                url = url + "/";
            }
            out.add(url);
        }
        return List.copyOf(new ArrayList<>(out));
    }

    private static String encodeUnsafe(String url) {
        StringBuilder sb = new StringBuilder(url.length());
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && SAFE.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
