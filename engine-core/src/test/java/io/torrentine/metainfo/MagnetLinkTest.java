package io.torrentine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.torrentine.metainfo.InvalidMagnetLinkException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MagnetLinkTest {
    /** The bytes 0x01 to 0x14: a v1 hash whose base32 form libtorrent 2.0.8 confirms. */
    static final String HEX = "0102030405060708090a0b0c0d0e0f1011121314";
    static final String BASE32 = "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU";
    static final String OTHER_HEX = "ffeeddccbbaa99887766554433221100ffeeddcc";
    static final String V2_HEX = sha256Hex("torrentine");
    static final String OTHER_V2_HEX = sha256Hex("another torrent");
    static final String BTIH = "magnet:?xt=urn:btih:" + HEX;
    static final String BTMH = "magnet:?xt=urn:btmh:1220" + V2_HEX;

    static final Sha1Hash V1 = Sha1Hash.fromHex(HEX);
    static final Sha256Hash V2 = Sha256Hash.fromHex(V2_HEX);

    static String sha256Hex(String text) {
        try {
            return Sha256Hash.of(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).toHex();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static void assertRejected(String uri, Reason reason) {
        assertThatThrownBy(() -> MagnetLink.parse(uri))
                .isInstanceOf(InvalidMagnetLinkException.class)
                .satisfies(e -> assertThat(((InvalidMagnetLinkException) e).reason())
                        .as("reason for %s", uri.length() > 200 ? uri.substring(0, 200) + "..." : uri)
                        .isEqualTo(reason));
    }

    static String repeat(String template, int count) {
        return IntStream.range(0, count).mapToObj(i -> template.replace("#", Integer.toString(i)))
                .collect(Collectors.joining());
    }

    @Nested
    class ExactTopics {
        @Test
        void hexInfoHashInEitherCase() {
            assertThat(MagnetLink.parse(BTIH).infoHashes()).isEqualTo(InfoHashes.ofV1(V1));
            assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + HEX.toUpperCase()).infoHashes())
                    .isEqualTo(InfoHashes.ofV1(V1));
            assertThat(MagnetLink.parse("magnet:?xt=urn:btih:0102030405060708090A0b0C0d0E0f1011121314")
                    .infoHashes()).isEqualTo(InfoHashes.ofV1(V1));
        }

        @Test
        void base32InfoHashInEitherCaseEqualsHex() {
            // BEP 9: clients should also accept the 32-character base32 form.
            MagnetLink hex = MagnetLink.parse(BTIH);
            assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32)).isEqualTo(hex);
            assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32.toLowerCase())).isEqualTo(hex);
            assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32).toUri()).isEqualTo(BTIH);
        }

        @Test
        void base32AndHexAgreeOnRandomHashes() {
            Random random = new Random(9);
            for (int i = 0; i < 200; i++) {
                byte[] bytes = new byte[20];
                random.nextBytes(bytes);
                String base32 = base32(bytes);
                String hex = Sha1Hash.of(bytes).toHex();
                assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + base32).infoHashes().v1())
                        .as(base32).contains(Sha1Hash.of(bytes));
                assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + base32.toLowerCase()))
                        .isEqualTo(MagnetLink.parse("magnet:?xt=urn:btih:" + hex));
            }
        }

        /** RFC 4648 base32 without padding, written independently of the parser's decoder. */
        private String base32(byte[] bytes) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder bits = new StringBuilder();
            for (byte b : bytes) {
                bits.append(String.format("%8s", Integer.toBinaryString(b & 0xFF)).replace(' ', '0'));
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < bits.length(); i += 5) {
                out.append(alphabet.charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
            }
            return out.toString();
        }

        @Test
        void v2MultihashInEitherCase() {
            // BEP 9 and BEP 52: urn:btmh: carries the SHA-256 info-hash as a multihash (0x12 0x20).
            assertThat(MagnetLink.parse(BTMH).infoHashes()).isEqualTo(InfoHashes.ofV2(V2));
            assertThat(MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX.toUpperCase()).infoHashes())
                    .isEqualTo(InfoHashes.ofV2(V2));
        }

        @Test
        void hybridHasBothInEitherOrder() {
            MagnetLink hybrid = MagnetLink.parse(BTIH + "&xt=urn:btmh:1220" + V2_HEX);
            assertThat(hybrid.infoHashes()).isEqualTo(InfoHashes.ofHybrid(V1, V2));
            assertThat(hybrid.infoHashes().isHybrid()).isTrue();
            assertThat(MagnetLink.parse("magnet:?xt=urn:btmh:1220" + V2_HEX + "&xt=urn:btih:" + BASE32))
                    .isEqualTo(hybrid);
            assertThat(hybrid.toUri())
                    .isEqualTo("magnet:?xt=urn:btih:" + HEX + "&xt=urn:btmh:1220" + V2_HEX);
        }

        @Test
        void repeatedTopicWithTheSameHashIsAccepted() {
            assertThat(MagnetLink.parse(BTIH + "&xt=urn:btih:" + BASE32 + "&xt=urn:btih:" + HEX.toUpperCase()))
                    .isEqualTo(MagnetLink.parse(BTIH));
            assertThat(MagnetLink.parse(BTMH + "&xt=urn:btmh:1220" + V2_HEX)).isEqualTo(MagnetLink.parse(BTMH));
        }

        @Test
        void urnPrefixSchemeAndParameterNamesIgnoreAsciiCase() {
            MagnetLink expected = MagnetLink.parse(BTIH + "&dn=x");
            assertThat(MagnetLink.parse("magnet:?xt=URN:BTIH:" + HEX + "&dn=x")).isEqualTo(expected);
            assertThat(MagnetLink.parse("MAGNET:?XT=urn:BtIh:" + HEX + "&DN=x")).isEqualTo(expected);
            assertThat(MagnetLink.parse("magnet:?xt=Urn:BtMh:1220" + V2_HEX).infoHashes())
                    .isEqualTo(InfoHashes.ofV2(V2));
        }

        @Test
        void unicodeCaseFoldingDoesNotMakeAParameterName() {
            // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S'; only ASCII case is ignored.
            assertThat(MagnetLink.parse(BTIH + "&\u017Fo=1").selectOnly()).isEmpty();
        }

        @Test
        void percentEncodedTopicIsDecoded() {
            assertThat(MagnetLink.parse("magnet:?xt=urn%3Abtih%3A" + HEX)).isEqualTo(MagnetLink.parse(BTIH));
        }

        @Test
        void otherUrnsAreIgnored() {
            MagnetLink link = MagnetLink.parse("magnet:?xt=urn:ed2k:354B15E68FB8F36D7CD88FF94116CDC1"
                    + "&xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C&xt=urn:btih:" + HEX);
            assertThat(link).isEqualTo(MagnetLink.parse(BTIH));
        }

        @Test
        void numberedTopicLikeLibtorrent() {
            assertThat(MagnetLink.parse("magnet:?xt.1=urn:btih:" + HEX + "&xt.2=urn:btmh:1220" + V2_HEX)
                    .infoHashes()).isEqualTo(InfoHashes.ofHybrid(V1, V2));
        }
    }

    @Nested
    class DisplayName {
        @Test
        void absentOrEmptyMeansNone() {
            assertThat(MagnetLink.parse(BTIH).displayName()).isEmpty();
            assertThat(MagnetLink.parse(BTIH + "&dn=").displayName()).isEmpty();
            assertThat(MagnetLink.parse(BTIH + "&dn").displayName()).isEmpty();
        }

        @Test
        void percentEscapesAreUtf8AndPlusIsASpace() {
            assertThat(MagnetLink.parse(BTIH + "&dn=%C3%A9t%C3%A9+2024%20%2B%26%3D%25%23")
                    .displayName()).contains("\u00e9t\u00e9 2024 +&=%#");
            assertThat(MagnetLink.parse(BTIH + "&dn=%f0%9f%8e%b5").displayName()).contains("\uD83C\uDFB5");
        }

        @Test
        void rawCharactersAreKeptAsGiven() {
            // What a user pastes from a page that did not escape: IRI-style text, '#', '=' in a value.
            assertThat(MagnetLink.parse(BTIH + "&dn=Caf\u00e9 \uD83C\uDFB5 #5 a=b").displayName())
                    .contains("Caf\u00e9 \uD83C\uDFB5 #5 a=b");
        }

        @Test
        void lastOneWinsAsInLibtorrent() {
            assertThat(MagnetLink.parse(BTIH + "&dn=first&dn=second").displayName()).contains("second");
            assertThat(MagnetLink.parse(BTIH + "&dn=first&dn=").displayName()).isEmpty();
        }

        @Test
        void controlCharactersSurviveARoundTrip() {
            MagnetLink link = MagnetLink.parse(BTIH + "&dn=%00a%0Ab%7F");
            assertThat(link.displayName()).contains("\u0000a\nb\u007F");
            assertThat(link.toUri()).endsWith("&dn=%00a%0Ab%7F");
            assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
        }
    }

    @Nested
    class TrackersAndWebSeeds {
        @Test
        void keepOrderDropDuplicatesAndEmptyOnes() {
            MagnetLink link = MagnetLink.parse(BTIH + "&tr=udp://b.example:6969/announce&tr=&tr=http://a.example/announce"
                    + "&tr=udp://b.example:6969/announce&tr=udp%3A%2F%2Fc.example%3A80"
                    + "&ws=http://w.example/f&ws=&ws=http://w.example/f&ws=http://v.example/");
            assertThat(link.trackers()).containsExactly("udp://b.example:6969/announce",
                    "http://a.example/announce", "udp://c.example:80");
            assertThat(link.webSeeds()).containsExactly("http://w.example/f", "http://v.example/");
        }

        @Test
        void numberedParametersLikeLibtorrent() {
            MagnetLink link = MagnetLink.parse(BTIH + "&tr.1=http://a/&tr.2=http://b/&TR.10=http://c/"
                    + "&tr.x=http://ignored/&tr.=http://d/&ws.1=http://w/");
            assertThat(link.trackers()).containsExactly("http://a/", "http://b/", "http://c/", "http://d/");
            assertThat(link.webSeeds()).containsExactly("http://w/");
        }

        @Test
        void escapedQueryInATrackerUrlIsKept() {
            MagnetLink link = MagnetLink.parse(BTIH + "&tr=http%3A%2F%2Ft.example%2Fann%3Fkey%3Da%26b%3D1");
            assertThat(link.trackers()).containsExactly("http://t.example/ann?key=a&b=1");
            assertThat(link.toUri()).endsWith("&tr=http://t.example/ann?key%3Da%26b%3D1");
            assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
        }

        @Test
        void limitsCountDistinctUrls() {
            assertThat(MagnetLink.parse(BTIH + repeat("&tr=http://t#/", MagnetLink.MAX_TRACKERS)).trackers())
                    .hasSize(MagnetLink.MAX_TRACKERS);
            assertThat(MagnetLink.parse(BTIH + repeat("&tr=http://same/", 1000)).trackers()).hasSize(1);
            assertRejected(BTIH + repeat("&tr=http://t#/", MagnetLink.MAX_TRACKERS + 1), Reason.TOO_MANY_TRACKERS);
            assertThat(MagnetLink.parse(BTIH + repeat("&ws=http://w#/", MagnetLink.MAX_WEB_SEEDS)).webSeeds())
                    .hasSize(MagnetLink.MAX_WEB_SEEDS);
            assertRejected(BTIH + repeat("&ws=http://w#/", MagnetLink.MAX_WEB_SEEDS + 1), Reason.TOO_MANY_WEB_SEEDS);
        }
    }

    @Nested
    class Peers {
        @Test
        void acceptsTheThreeFormsOfBep9() {
            MagnetLink link = MagnetLink.parse(BTIH + "&x.pe=127.0.0.1:6881&x.pe=[::1]:6882"
                    + "&x.pe=Peer-1.Example.ORG:80&x.pe=[2001:DB8:0:0:0:0:0:1]:65535"
                    + "&X.PE=10.0.0.1:1&x.pe=%5B%3A%3Affff%3A1.2.3.4%5D%3A99");
            assertThat(link.peers()).containsExactly(
                    new PeerAddress("127.0.0.1", 6881),
                    new PeerAddress("::1", 6882),
                    new PeerAddress("peer-1.example.org", 80),
                    new PeerAddress("2001:db8::1", 65535),
                    new PeerAddress("10.0.0.1", 1),
                    new PeerAddress("::ffff:1.2.3.4", 99));
            assertThat(link.peers().get(2).isHostName()).isTrue();
            assertThat(link.peers().get(0).isHostName()).isFalse();
            assertThat(link.peers().get(1).isHostName()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:+80", "1.2.3.4:80x",
            "1.2.3.4", "1.2.3.4:", "::1:80", "[::1]", "[::1]80", "[::1:80", "[1.2.3.4]:80", "01.2.3.4:80",
            "1.2.3:80", "256.1.1.1:80", "[fe80::1%25lo]:80", "[fe80::1%lo]:80", "-host.example:80",
            "host_name:80", "a..b:80", ":80", "[]:80", "[:::1]:80", "[1:2:3:4:5:6:7:8:9]:80",
            "[1::2::3]:80", "h\u00f6st:80", "1.2.3.4:123456"})
        void skipsWhatIsNotAnAddressAsLibtorrentDoes(String address) {
            MagnetLink link = MagnetLink.parse(BTIH + "&x.pe=" + address.replace("%", "%25")
                    + "&x.pe=127.0.0.1:1");
            assertThat(link.peers()).as(address).containsExactly(new PeerAddress("127.0.0.1", 1));
        }

        @Test
        void duplicatesAreDroppedAfterCanonicalization() {
            MagnetLink link = MagnetLink.parse(BTIH + "&x.pe=[::1]:1&x.pe=[0:0::0:1]:1&x.pe=HOST.example:2"
                    + "&x.pe=host.example:2&x.pe=1.2.3.4:00003&x.pe=1.2.3.4:3");
            assertThat(link.peers()).containsExactly(new PeerAddress("::1", 1),
                    new PeerAddress("host.example", 2), new PeerAddress("1.2.3.4", 3));
        }

        @Test
        void limitCountsDistinctPeers() {
            // Port 0 is skipped, so ports 1 to MAX_PEERS remain.
            assertThat(MagnetLink.parse(BTIH + repeat("&x.pe=10.0.0.1:#", MagnetLink.MAX_PEERS + 1)).peers())
                    .hasSize(MagnetLink.MAX_PEERS);
            assertRejected(BTIH + repeat("&x.pe=10.0.0.1:#", MagnetLink.MAX_PEERS + 2), Reason.TOO_MANY_PEERS);
        }
    }

    @Nested
    class SelectOnly {
        @Test
        void bep53Example() {
            // BEP 53: so=0,2,4,6-8 selects files 0, 2, 4, 6, 7 and 8.
            MagnetLink link = MagnetLink.parse(BTIH + "&dn=NAME&tr=http://t/&so=0,2,4,6-8");
            assertThat(link.selectOnly()).containsExactly(FileIndexRange.of(0), FileIndexRange.of(2),
                    FileIndexRange.of(4), new FileIndexRange(6, 8));
            assertThat(IntStream.range(0, 10).filter(link::isFileSelected).boxed())
                    .containsExactly(0, 2, 4, 6, 7, 8);
            assertThat(link.toUri()).endsWith("&so=0,2,4,6-8");
        }

        @Test
        void noListSelectsEveryFile() {
            MagnetLink link = MagnetLink.parse(BTIH);
            assertThat(link.selectOnly()).isEmpty();
            assertThat(link.isFileSelected(0)).isTrue();
            assertThat(link.isFileSelected(MagnetLink.MAX_FILE_INDEX)).isTrue();
        }

        @Test
        void rangesAreSortedMergedAndRepeatedListsUnited() {
            MagnetLink link = MagnetLink.parse(BTIH + "&so=9,4-6,0,5,7&so=2&SO.1=%31%30");
            assertThat(link.selectOnly()).containsExactly(FileIndexRange.of(0), FileIndexRange.of(2),
                    new FileIndexRange(4, 7), new FileIndexRange(9, 10));
            assertThat(link.toUri()).endsWith("&so=0,2,4-7,9-10");
            assertThat(link.isFileSelected(8)).isFalse();
            assertThat(link.isFileSelected(11)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ",", "1,", ",1", "1,,2", "a", "-3", "3-", "6-4", "1-2-3", "+1", " 1", "1;2",
            "1%2C%2C2", "\u0661"})
        void malformedListsAreRejected(String list) {
            assertRejected(BTIH + "&so=" + list, Reason.INVALID_SELECT_ONLY);
        }

        @Test
        void indexAboveTheLimitIsRejected() {
            assertThat(MagnetLink.parse(BTIH + "&so=" + MagnetLink.MAX_FILE_INDEX).selectOnly())
                    .containsExactly(FileIndexRange.of(MagnetLink.MAX_FILE_INDEX));
            assertThat(MagnetLink.parse(BTIH + "&so=0000000000000000000007").selectOnly())
                    .containsExactly(FileIndexRange.of(7));
            assertRejected(BTIH + "&so=" + (MagnetLink.MAX_FILE_INDEX + 1), Reason.FILE_INDEX_TOO_LARGE);
            assertRejected(BTIH + "&so=0-99999999999999999999999", Reason.FILE_INDEX_TOO_LARGE);
        }

        @Test
        void rangeCountIsLimitedOverAllLists() {
            String half = IntStream.range(0, MagnetLink.MAX_SELECT_ONLY_RANGES / 2)
                    .mapToObj(i -> Integer.toString(2 * i)).collect(Collectors.joining(","));
            MagnetLink link = MagnetLink.parse(BTIH + "&so=" + half + "&so=" + half);
            assertThat(link.selectOnly()).hasSize(MagnetLink.MAX_SELECT_ONLY_RANGES / 2);
            assertRejected(BTIH + "&so=" + half + "&so=" + half + ",1", Reason.TOO_MANY_SELECT_ONLY_RANGES);
        }
    }

    @Nested
    class OtherParameters {
        @Test
        void unknownAndEmptyParametersAreIgnoredUndecoded() {
            MagnetLink link = MagnetLink.parse("magnet:?&&=&foo&xs=http://x/%zz&as=%&kt=a+b"
                    + "&dht=1.2.3.4:5&x.pe.1=1.2.3.4:5&&xt=urn:btih:" + HEX + "&");
            assertThat(link).isEqualTo(MagnetLink.parse(BTIH));
        }
    }

    static Stream<Arguments> rejected() {
        String longName = "a".repeat(MagnetLink.MAX_URI_LENGTH - BTIH.length() - 4 + 1);
        return Stream.of(
                arguments(BTIH + "&dn=" + longName, Reason.URI_TOO_LONG),
                // 20,000 raw chars that each need 9 chars escaped: short input, long canonical form.
                arguments(BTIH + "&dn=" + "\u20ac".repeat(20_000), Reason.URI_TOO_LONG),
                arguments("", Reason.NOT_A_MAGNET_LINK),
                arguments("magnet:", Reason.NOT_A_MAGNET_LINK),
                arguments("magnet:xt=urn:btih:" + HEX, Reason.NOT_A_MAGNET_LINK),
                arguments(" magnet:?xt=urn:btih:" + HEX, Reason.NOT_A_MAGNET_LINK),
                arguments("http://example.com/?xt=urn:btih:" + HEX, Reason.NOT_A_MAGNET_LINK),
                arguments(BTIH + "&dn=%", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&dn=%4", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&dn=a%zzb", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&dn=%\u0664\u0661", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&tr=http://a%2/", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&x.pe=1.2.3.4:5%", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&so=%G1", Reason.MALFORMED_ESCAPE),
                arguments("magnet:?xt=urn:btih:" + HEX.substring(1) + "%", Reason.MALFORMED_ESCAPE),
                arguments(BTIH + "&dn=%FF", Reason.INVALID_UTF8),
                arguments(BTIH + "&dn=%C3", Reason.INVALID_UTF8),
                arguments(BTIH + "&dn=%C0%AF", Reason.INVALID_UTF8),
                arguments(BTIH + "&dn=%ED%A0%80", Reason.INVALID_UTF8),
                arguments(BTIH + "&dn=%F4%90%80%80", Reason.INVALID_UTF8),
                arguments(BTIH + "&tr=%E9", Reason.INVALID_UTF8),
                arguments(BTIH + "&dn=a\uD800b", Reason.UNPAIRED_SURROGATE),
                arguments(BTIH + "&dn=\uDC00", Reason.UNPAIRED_SURROGATE),
                arguments(BTIH + "&ws=\uD83C", Reason.UNPAIRED_SURROGATE),
                arguments("magnet:?", Reason.MISSING_INFO_HASH),
                arguments("magnet:?dn=x&tr=http://t/", Reason.MISSING_INFO_HASH),
                arguments("magnet:?xt=", Reason.MISSING_INFO_HASH),
                arguments("magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C", Reason.MISSING_INFO_HASH),
                arguments("magnet:?xt=urn:btih:", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + HEX.substring(1), Reason.INVALID_BTIH),
                arguments(BTIH + "0", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + HEX.substring(1) + "g", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + HEX.substring(1) + "\u0663", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + HEX.substring(1) + "\uff11", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + BASE32.substring(1) + "1", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + BASE32.substring(1) + "8", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + BASE32.substring(1) + "=", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + BASE32 + "A", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih:" + HEX.substring(1) + "+", Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btih: " + HEX, Reason.INVALID_BTIH),
                arguments("magnet:?xt=urn:btmh:", Reason.INVALID_BTMH),
                arguments("magnet:?xt=urn:btmh:12", Reason.INVALID_BTMH),
                arguments("magnet:?xt=urn:btmh:1220", Reason.INVALID_BTMH),
                arguments("magnet:?xt=urn:btmh:1220" + V2_HEX.substring(1), Reason.INVALID_BTMH),
                arguments("magnet:?xt=urn:btmh:1220" + V2_HEX + "00", Reason.INVALID_BTMH),
                arguments("magnet:?xt=urn:btmh:1220" + V2_HEX.substring(1) + "g", Reason.INVALID_BTMH),
                arguments("magnet:?xt=urn:btmh:" + V2_HEX, Reason.UNSUPPORTED_MULTIHASH),
                arguments("magnet:?xt=urn:btmh:1114" + HEX, Reason.UNSUPPORTED_MULTIHASH),
                arguments("magnet:?xt=urn:btmh:1340" + V2_HEX + V2_HEX, Reason.UNSUPPORTED_MULTIHASH),
                arguments("magnet:?xt=urn:btmh:" + V2_HEX.substring(1), Reason.INVALID_BTMH),
                arguments(BTIH + "&xt=urn:btih:" + OTHER_HEX, Reason.CONFLICTING_INFO_HASHES),
                arguments(BTMH + "&xt=urn:btmh:1220" + OTHER_V2_HEX, Reason.CONFLICTING_INFO_HASHES),
                arguments(BTIH + "&tr=http://x/&xt=urn:btih:" + OTHER_HEX.toUpperCase(), Reason.CONFLICTING_INFO_HASHES),
                arguments(BTIH + "&so=", Reason.INVALID_SELECT_ONLY),
                arguments(BTIH + "&so=1048576", Reason.FILE_INDEX_TOO_LARGE),
                arguments(BTIH + "&so=" + "1,".repeat(MagnetLink.MAX_SELECT_ONLY_RANGES) + "1",
                        Reason.TOO_MANY_SELECT_ONLY_RANGES),
                arguments(BTIH + repeat("&tr=udp://t#:1", 300), Reason.TOO_MANY_TRACKERS),
                arguments(BTIH + repeat("&ws=http://w/#", 300), Reason.TOO_MANY_WEB_SEEDS),
                arguments(BTIH + repeat("&x.pe=[::1]:#", 300), Reason.TOO_MANY_PEERS));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWithReason(String uri, Reason reason) {
        assertRejected(uri, reason);
    }

    @Test
    void everyReasonHasARejectedExample() {
        Set<Reason> covered = rejected().map(a -> (Reason) a.get()[1])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        assertThat(covered).containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void longestAcceptedUri() {
        String name = "a".repeat(MagnetLink.MAX_URI_LENGTH - BTIH.length() - 4);
        MagnetLink link = MagnetLink.parse(BTIH + "&dn=" + name);
        assertThat(link.toUri()).hasSize(MagnetLink.MAX_URI_LENGTH);
    }

    @Test
    void messageIsShortEvenForHugeInput() {
        assertThatThrownBy(() -> MagnetLink.parse("x".repeat(1_000_000)))
                .isInstanceOf(InvalidMagnetLinkException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).startsWith("URI_TOO_LONG"));
        assertThatThrownBy(() -> MagnetLink.parse(BTIH + "&dn=%" + "z".repeat(60_000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void nullIsAProgrammingError() {
        assertThatThrownBy(() -> MagnetLink.parse(null)).isInstanceOf(NullPointerException.class);
    }

    static Stream<String> accepted() {
        return Stream.of(
                BTIH,
                BTMH,
                "magnet:?xt=urn:btih:" + BASE32.toLowerCase() + "&xt=urn:btmh:1220" + V2_HEX.toUpperCase(),
                BTIH + "&dn=Big+Buck+Bunny&tr=udp%3A%2F%2Fexplodie.org%3A6969&tr=wss://tracker.example/ws"
                        + "&ws=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2F",
                BTIH + "&dn=%E6%97%A5%E6%9C%AC%E8%AA%9E %F0%9F%8E%B5 caf\u00e9 a%2Bb %25 %26 %3D %23 ~!*'()",
                BTIH + "&x.pe=127.0.0.1:6881&x.pe=[::1]:6882&x.pe=peer.example:7&x.pe=[::ffff:10.0.0.1]:9",
                BTIH + "&so=0,2,4-6,8-8&so=100",
                BTIH + "&tr=http://t.example/announce?passkey=abc%26def&tr=udp://[::1]:6969",
                "MAGNET:?XT=URN:BTIH:" + HEX + "&TR.1=http://a/&TR.2=http://b/&X.PE=1.2.3.4:5&DN=x&SO=3",
                BTIH + "&dn=%0A%09%00");
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void roundTripsThroughTheCanonicalForm(String uri) {
        MagnetLink link = MagnetLink.parse(uri);
        String canonical = link.toUri();
        MagnetLink again = MagnetLink.parse(canonical);
        assertThat(again).isEqualTo(link);
        assertThat(again.infoHashes()).isEqualTo(link.infoHashes());
        assertThat(again.displayName()).isEqualTo(link.displayName());
        assertThat(again.trackers()).isEqualTo(link.trackers());
        assertThat(again.webSeeds()).isEqualTo(link.webSeeds());
        assertThat(again.peers()).isEqualTo(link.peers());
        assertThat(again.selectOnly()).isEqualTo(link.selectOnly());
        assertThat(again.toUri()).isEqualTo(canonical);
        assertThat(again.hashCode()).isEqualTo(link.hashCode());
        assertThat(canonical).startsWith("magnet:?xt=urn:").doesNotContain(" ", "+", "#");
        assertThat(canonical.chars()).allMatch(c -> c > 0x20 && c < 0x7F);
    }

    @Test
    void canonicalFormEncodesWhatMustBeEncoded() {
        MagnetLink link = MagnetLink.builder(InfoHashes.ofHybrid(V1, V2))
                .displayName("a b+c&d=\u00e9#%/:~")
                .addTracker("udp://tracker.example:6969/announce")
                .addTracker("http://t.example/a?k=v&x=y")
                .addWebSeed("https://seed.example/files/")
                .addPeer(new PeerAddress("::1", 6881))
                .addPeer(new PeerAddress("127.0.0.1", 6882))
                .selectOnly(List.of(new FileIndexRange(4, 6), FileIndexRange.of(0)))
                .build();
        assertThat(link.toUri()).isEqualTo("magnet:?xt=urn:btih:" + HEX + "&xt=urn:btmh:1220" + V2_HEX
                + "&dn=a%20b%2Bc%26d%3D%C3%A9%23%25/:~"
                + "&tr=udp://tracker.example:6969/announce&tr=http://t.example/a?k%3Dv%26x%3Dy"
                + "&ws=https://seed.example/files/&x.pe=[::1]:6881&x.pe=127.0.0.1:6882&so=0,4-6");
        assertThat(MagnetLink.parse(link.toUri())).isEqualTo(link);
        assertThat(link.toString()).isEqualTo(link.toUri());
    }

    @Nested
    class Building {
        @Test
        void ofInfoHashes() {
            assertThat(MagnetLink.of(InfoHashes.ofV1(V1)).toUri()).isEqualTo(BTIH);
            assertThat(MagnetLink.of(InfoHashes.ofV2(V2)).toUri()).isEqualTo(BTMH);
            MagnetLink link = MagnetLink.of(InfoHashes.ofV1(V1));
            assertThat(link.displayName()).isEmpty();
            assertThat(link.trackers()).isEmpty();
            assertThat(link.webSeeds()).isEmpty();
            assertThat(link.peers()).isEmpty();
            assertThat(link.selectOnly()).isEmpty();
        }

        @Test
        void toBuilderChangesSomeValues() {
            MagnetLink original = MagnetLink.parse(BTIH + "&dn=x&tr=http://a/&x.pe=1.2.3.4:5&so=1");
            MagnetLink changed = original.toBuilder().displayName(null).addTracker("http://b/")
                    .addTracker("http://a/").infoHashes(InfoHashes.ofHybrid(V1, V2)).build();
            assertThat(changed.displayName()).isEmpty();
            assertThat(changed.trackers()).containsExactly("http://a/", "http://b/");
            assertThat(changed.peers()).isEqualTo(original.peers());
            assertThat(changed.selectOnly()).isEqualTo(original.selectOnly());
            assertThat(changed.infoHashes().isHybrid()).isTrue();
            assertThat(original.toBuilder().build()).isEqualTo(original);
            assertThat(original.toBuilder().trackers(List.of()).displayName("").selectOnly(List.of()).build())
                    .isEqualTo(MagnetLink.parse(BTIH + "&x.pe=1.2.3.4:5"));
        }

        @Test
        void listsAreUnmodifiable() {
            MagnetLink link = MagnetLink.parse(BTIH + "&tr=http://a/&ws=http://w/&x.pe=1.2.3.4:5&so=1");
            assertThatThrownBy(() -> link.trackers().add("x")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> link.webSeeds().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> link.peers().remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> link.selectOnly().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void rejectsWhatParseWouldReject() {
            MagnetLink.Builder builder = MagnetLink.builder(InfoHashes.ofV1(V1));
            assertThatThrownBy(() -> builder.addTracker("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.addWebSeed("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.displayName("a\uD800")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.addTracker("http://\uDC00/")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.addTracker(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> MagnetLink.builder(null)).isInstanceOf(NullPointerException.class);

            List<String> tooMany = new ArrayList<>();
            IntStream.rangeClosed(0, MagnetLink.MAX_TRACKERS).forEach(i -> tooMany.add("http://t" + i + "/"));
            assertThatThrownBy(() -> MagnetLink.builder(InfoHashes.ofV1(V1)).trackers(tooMany).build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MagnetLink.builder(InfoHashes.ofV1(V1)).webSeeds(tooMany).build())
                    .isInstanceOf(IllegalArgumentException.class);
            List<PeerAddress> peers = IntStream.rangeClosed(1, MagnetLink.MAX_PEERS + 1)
                    .mapToObj(p -> new PeerAddress("::1", p)).toList();
            assertThatThrownBy(() -> MagnetLink.builder(InfoHashes.ofV1(V1)).peers(peers).build())
                    .isInstanceOf(IllegalArgumentException.class);
            List<FileIndexRange> ranges = IntStream.rangeClosed(0, MagnetLink.MAX_SELECT_ONLY_RANGES)
                    .mapToObj(i -> FileIndexRange.of(2 * i)).toList();
            assertThatThrownBy(() -> MagnetLink.builder(InfoHashes.ofV1(V1)).selectOnly(ranges).build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(MagnetLink.builder(InfoHashes.ofV1(V1)).selectOnly(ranges.subList(0, 1024)).build()
                    .selectOnly()).hasSize(1024);
            assertThatThrownBy(() -> MagnetLink.builder(InfoHashes.ofV1(V1))
                    .displayName("x".repeat(MagnetLink.MAX_URI_LENGTH)).build())
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void fileIndexRangeChecksItsBounds() {
            assertThatThrownBy(() -> new FileIndexRange(-1, 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new FileIndexRange(3, 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> FileIndexRange.of(MagnetLink.MAX_FILE_INDEX + 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(new FileIndexRange(3, 5).size()).isEqualTo(3);
            assertThat(new FileIndexRange(3, 5).contains(5)).isTrue();
            assertThat(new FileIndexRange(3, 5).contains(6)).isFalse();
            assertThat(new FileIndexRange(3, 5)).hasToString("3-5");
            assertThat(FileIndexRange.of(7)).hasToString("7");
        }
    }

    @Nested
    class PeerAddresses {
        @Test
        void canonicalHosts() {
            assertThat(new PeerAddress("2001:0DB8:0000:0000:0001:0000:0000:0001", 1).host())
                    .isEqualTo("2001:db8::1:0:0:1");
            assertThat(new PeerAddress("1:0:0:2:0:0:0:3", 1).host()).isEqualTo("1:0:0:2::3");
            assertThat(new PeerAddress("1:0:2:3:4:5:6:7", 1).host()).isEqualTo("1:0:2:3:4:5:6:7");
            assertThat(new PeerAddress("0:0:0:0:0:0:0:0", 1).host()).isEqualTo("::");
            assertThat(new PeerAddress("1::", 1).host()).isEqualTo("1::");
            assertThat(new PeerAddress("::FFFF:C000:0201", 1).host()).isEqualTo("::ffff:192.0.2.1");
            assertThat(new PeerAddress("::1.2.3.4", 1).host()).isEqualTo("::102:304");
            assertThat(new PeerAddress("1:2:3:4:5:6:1.2.3.4", 1).host()).isEqualTo("1:2:3:4:5:6:102:304");
            assertThat(new PeerAddress("Example.COM", 1).host()).isEqualTo("example.com");
            assertThat(new PeerAddress("::1", 80)).hasToString("[::1]:80");
            assertThat(new PeerAddress("10.1.2.3", 80)).hasToString("10.1.2.3:80");
        }

        @Test
        void rejectsWhatIsNotAnAddress() {
            for (String host : List.of("", "1.2.3.4.5", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:1.2.3.4",
                    "12345::", "a b", "a.-b", "x".repeat(64) + ".example", "[::1]", "1.2.3.4:5")) {
                assertThatThrownBy(() -> new PeerAddress(host, 1)).as(host)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> new PeerAddress("::1", 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new PeerAddress("::1", 65536)).isInstanceOf(IllegalArgumentException.class);
            assertThat(PeerAddress.parse("[::1]:65535")).contains(new PeerAddress("::1", 65535));
            assertThat(PeerAddress.parse("[::1]:65536")).isEmpty();
        }
    }
}
