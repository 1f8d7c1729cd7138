package io.torrentine.internal.peer.extension;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.peer.extension.ExtensionProtocolException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BEP 9 ut_metadata payloads. */
class UtMetadataTest {
    private static final ExtensionLimits LIMITS = ExtensionLimits.DEFAULT;

    private static UtMetadataMessage decode(String latin1) {
        return UtMetadataCodec.decode(latin1.getBytes(ISO_8859_1), LIMITS);
    }

    private static byte[] concat(String dict, byte[] block) {
        byte[] d = dict.getBytes(ISO_8859_1);
        byte[] out = Arrays.copyOf(d, d.length + block.length);
        System.arraycopy(block, 0, out, d.length, block.length);
        return out;
    }

    private static void rejects(byte[] payload, Reason reason) {
        assertThatThrownBy(() -> UtMetadataCodec.decode(payload, LIMITS))
                .isInstanceOfSatisfying(ExtensionProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** The request and reject examples of BEP 9. */
    @Test
    void decodesTheBep9RequestAndRejectExamples() {
        assertThat(decode("d8:msg_typei0e5:piecei0ee")).isEqualTo(new UtMetadataMessage.Request(0));
        assertThat(decode("d8:msg_typei2e5:piecei0ee")).isEqualTo(new UtMetadataMessage.Reject(0));
        assertThat(new String(UtMetadataCodec.encode(new UtMetadataMessage.Request(0)), ISO_8859_1))
                .isEqualTo("d8:msg_typei0e5:piecei0ee");
        assertThat(new String(UtMetadataCodec.encode(new UtMetadataMessage.Reject(7)), ISO_8859_1))
                .isEqualTo("d8:msg_typei2e5:piecei7ee");
    }

    /** BEP 9's data example: total_size 34256, piece 0 is a full 16 KiB block after the dictionary. */
    @Test
    void decodesTheBep9DataExample() {
        byte[] block = new byte[16384];
        Arrays.fill(block, (byte) 'x');
        byte[] payload = concat("d8:msg_typei1e5:piecei0e10:total_sizei34256ee", block);
        UtMetadataMessage m = UtMetadataCodec.decode(payload, LIMITS);
        assertThat(m).isEqualTo(new UtMetadataMessage.Data(0, 34256, block));
        assertThat(UtMetadataCodec.encode(m)).isEqualTo(payload);
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            assertThat(UtMetadataCodec.decode(buf, LIMITS)).isEqualTo(m);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void theLastPieceIsShorter() {
        // 34256 = 2 * 16384 + 1488
        byte[] last = new byte[1488];
        UtMetadataMessage m = UtMetadataCodec.decode(concat("d8:msg_typei1e5:piecei2e10:total_sizei34256ee", last), LIMITS);
        assertThat(((UtMetadataMessage.Data) m).block()).hasSize(1488);
        rejects(concat("d8:msg_typei1e5:piecei2e10:total_sizei34256ee", new byte[1487]), Reason.WRONG_PIECE_SIZE);
        rejects(concat("d8:msg_typei1e5:piecei2e10:total_sizei34256ee", new byte[16384]), Reason.WRONG_PIECE_SIZE);
        rejects(concat("d8:msg_typei1e5:piecei0e10:total_sizei34256ee", new byte[16383]), Reason.WRONG_PIECE_SIZE);
        rejects(concat("d8:msg_typei1e5:piecei3e10:total_sizei34256ee", new byte[0]), Reason.PIECE_OUT_OF_RANGE);
    }

    @Test
    void unknownMessageTypesAreLeftToTheCallerToIgnore() {
        assertThat(decode("d8:msg_typei7e5:piecei1ee")).isEqualTo(new UtMetadataMessage.Unknown(7, 1));
        assertThat(decode("d8:msg_typei-1e5:piecei1ee")).isEqualTo(new UtMetadataMessage.Unknown(-1, 1));
    }

    @Test
    void rejectsMalformedMessages() {
        rejects(new byte[0], Reason.MALFORMED_BENCODE);
        rejects("d8:msg_typei0e".getBytes(ISO_8859_1), Reason.MALFORMED_BENCODE);
        rejects("li0ee".getBytes(ISO_8859_1), Reason.NOT_A_DICTIONARY);
        rejects("d5:piecei0ee".getBytes(ISO_8859_1), Reason.MISSING_FIELD);
        rejects("d8:msg_typei0ee".getBytes(ISO_8859_1), Reason.MISSING_FIELD);
        rejects("d8:msg_type1:05:piecei0ee".getBytes(ISO_8859_1), Reason.MISSING_FIELD);
        rejects("d8:msg_typei0e5:piecei-1ee".getBytes(ISO_8859_1), Reason.PIECE_OUT_OF_RANGE);
        rejects("d8:msg_typei0e5:piecei2147483648ee".getBytes(ISO_8859_1), Reason.PIECE_OUT_OF_RANGE);
        rejects("d8:msg_typei1e5:piecei0ee".getBytes(ISO_8859_1), Reason.MISSING_FIELD);
        rejects("d8:msg_typei1e5:piecei0e10:total_sizei0ee".getBytes(ISO_8859_1), Reason.INVALID_FIELD);
    }

    /** A peer may not make us accept more metadata than the limit (libtorrent: 30 MiB). */
    @Test
    void rejectsAnOversizedTotalSize() {
        rejects(concat("d8:msg_typei1e5:piecei0e10:total_sizei31457281ee", new byte[16384]), Reason.METADATA_TOO_LARGE);
        rejects(concat("d8:msg_typei1e5:piecei0e10:total_sizei9223372036854775807ee", new byte[16384]),
                Reason.METADATA_TOO_LARGE);
        assertThat(UtMetadataCodec.decode(concat("d8:msg_typei1e5:piecei0e10:total_sizei31457280ee", new byte[16384]),
                LIMITS)).isInstanceOf(UtMetadataMessage.Data.class);
    }

    @Test
    void rejectsAnOversizedPayloadBeforeDecoding() {
        rejects(new byte[16384 + 1025], Reason.PAYLOAD_TOO_LARGE);
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[16384 + 1025]);
        try {
            assertThatThrownBy(() -> UtMetadataCodec.decode(buf, LIMITS))
                    .isInstanceOfSatisfying(ExtensionProtocolException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE));
        } finally {
            buf.release();
        }
    }

    @Test
    void pieceArithmetic() {
        assertThat(UtMetadataMessage.pieceCount(1)).isEqualTo(1);
        assertThat(UtMetadataMessage.pieceCount(16384)).isEqualTo(1);
        assertThat(UtMetadataMessage.pieceCount(16385)).isEqualTo(2);
        assertThat(UtMetadataMessage.pieceSize(1, 16385)).isEqualTo(1);
        assertThatThrownBy(() -> new UtMetadataMessage.Data(1, 16384, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UtMetadataMessage.Request(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
