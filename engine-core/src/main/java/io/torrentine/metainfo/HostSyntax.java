package io.torrentine.metainfo;

import java.util.Locale;
import java.util.Optional;

/**
 * Syntax checks and canonical forms for the host of a peer address: an IPv4 literal, an IPv6
 * literal or a DNS host name. Purely textual: nothing here resolves a name, so parsing a magnet
 * link never touches the network.
 */
final class HostSyntax {
    private static final int MAX_HOST_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int IPV6_GROUPS = 8;

    private HostSyntax() {
    }

    /**
     * The canonical form of a host: an IPv6 literal (without brackets) in RFC 5952 form, a
     * dotted-quad IPv4 literal, or a host name in lower case.
     *
     * @return the canonical form, or empty if {@code host} is none of the three
     */
    static Optional<String> canonical(String host) {
        if (host.indexOf(':') >= 0) {
            byte[] address = parseIpv6(host);
            return address == null ? Optional.empty() : Optional.of(formatIpv6(address));
        }
        if (isDigitsAndDots(host)) {
            // A name made only of digits and dots would be read as an address by resolvers.
            return isIpv4(host) ? Optional.of(host) : Optional.empty();
        }
        return isHostName(host) ? Optional.of(host.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Whether a canonical host is a literal address rather than a name to resolve. */
    static boolean isLiteral(String canonicalHost) {
        return canonicalHost.indexOf(':') >= 0 || isDigitsAndDots(canonicalHost);
    }

    private static boolean isDigitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal octets 0-255 without leading zeros, which some parsers read as octal. */
    static boolean isIpv4(String s) {
        return parseIpv4(s, 0, s.length()) >= 0;
    }

    /** The address as an unsigned 32-bit value, or -1 if the range is not an IPv4 literal. */
    private static long parseIpv4(String s, int from, int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (octets == 4) {
                return i == to ? value : -1;
            }
            if (i >= to || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    /** Letters, digits and hyphens in dot-separated labels (RFC 1123), no trailing dot. */
    private static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > MAX_HOST_NAME_LENGTH) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0 || length > MAX_LABEL_LENGTH
                        || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!isLetterOrDigit(s.charAt(i)) && s.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * Parses an IPv6 literal without brackets (RFC 4291 section 2.2, with an embedded IPv4
     * tail allowed). Zone identifiers are refused: they mean nothing on another machine.
     *
     * @return the 16 address bytes, or null if {@code s} is not an IPv6 literal
     */
    static byte[] parseIpv6(String s) {
        int[] groups = new int[IPV6_GROUPS];
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        if (gap < 0) {
            return readGroups(s, 0, s.length(), groups, 0, IPV6_GROUPS, true) == IPV6_GROUPS
                    ? toBytes(groups) : null;
        }
        int[] tail = new int[IPV6_GROUPS];
        int head = readGroups(s, 0, gap, groups, 0, IPV6_GROUPS - 1, false);
        if (head < 0) {
            return null;
        }
        // "::" stands for at least one zero group, so head and tail together hold at most 7.
        int tailCount = readGroups(s, gap + 2, s.length(), tail, 0, IPV6_GROUPS - 1 - head, true);
        if (tailCount < 0) {
            return null;
        }
        System.arraycopy(tail, 0, groups, IPV6_GROUPS - tailCount, tailCount);
        return toBytes(groups);
    }

    /**
     * Reads colon-separated groups of 1-4 hex digits from {@code s[from, to)} into
     * {@code groups} at {@code offset}; an IPv4 literal may end the run (two groups).
     *
     * @return the number of groups read, or -1 if malformed or more than {@code max}
     */
    private static int readGroups(String s, int from, int to, int[] groups, int offset, int max,
                                  boolean allowIpv4) {
        if (from == to) {
            return 0;
        }
        int count = 0;
        int i = from;
        while (true) {
            int end = s.indexOf(':', i);
            if (end < 0 || end > to) {
                end = to;
            }
            if (allowIpv4 && end == to && s.indexOf('.', i) >= 0 && s.indexOf('.', i) < to) {
                long v4 = parseIpv4(s, i, to);
                if (v4 < 0 || count + 2 > max) {
                    return -1;
                }
                groups[offset + count++] = (int) (v4 >>> 16);
                groups[offset + count++] = (int) (v4 & 0xFFFF);
                return count;
            }
            int digits = end - i;
            if (digits < 1 || digits > 4 || count + 1 > max) {
                return -1;
            }
            int group = 0;
            for (int k = i; k < end; k++) {
                int d = MagnetText.hexDigit(s.charAt(k));
                if (d < 0) {
                    return -1;
                }
                group = (group << 4) | d;
            }
            groups[offset + count++] = group;
            if (end == to) {
                return count;
            }
            i = end + 1;
        }
    }

    private static byte[] toBytes(int[] groups) {
        byte[] out = new byte[2 * IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            out[2 * i] = (byte) (groups[i] >>> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        return out;
    }

    /**
     * The RFC 5952 text of an IPv6 address: lower-case hex without leading zeros, the longest
     * run of two or more zero groups (the first on a tie) as {@code ::}, and IPv4-mapped
     * addresses with a dotted tail.
     */
    static String formatIpv6(byte[] address) {
        int[] g = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            g[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF) {
            return "::ffff:" + (address[12] & 0xFF) + "." + (address[13] & 0xFF) + "."
                    + (address[14] & 0xFF) + "." + (address[15] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < IPV6_GROUPS; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < IPV6_GROUPS && g[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
