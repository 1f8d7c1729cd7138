package io.torrentine.internal.peer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BEP 6 "Allowed Fast Set Generation" and its example results. */
class AllowedFastSetTest {
    private static final byte[] INFO_HASH = filled(0xaa);

    @Test
    void matchesTheBep6TestVectors() throws Exception {
        Inet4Address ip = (Inet4Address) InetAddress.getByName("80.4.4.200");
        assertThat(AllowedFastSet.compute(ip, INFO_HASH, 1313, 7))
                .containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
        assertThat(AllowedFastSet.compute(ip, INFO_HASH, 1313, 9))
                .containsExactly(1059, 431, 808, 1217, 287, 376, 1188, 353, 508);
    }

    @Test
    void onlyTheSlash24Counts() throws Exception {
        Inet4Address other = (Inet4Address) InetAddress.getByName("80.4.4.1");
        assertThat(AllowedFastSet.compute(other, INFO_HASH, 1313, 7))
                .containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
    }

    @Test
    void neverLoopsWhenKExceedsThePieces() throws Exception {
        Inet4Address ip = (Inet4Address) InetAddress.getByName("127.0.0.1");
        int[] set = AllowedFastSet.compute(ip, INFO_HASH, 3, 10);
        Arrays.sort(set);
        assertThat(set).containsExactly(0, 1, 2);
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[20];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
