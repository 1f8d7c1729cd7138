package io.torrentine.internal.peer.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.torrentine.internal.peer.extension.ExtensionProtocolException.Reason;
import org.junit.jupiter.api.Test;

/** BEP 54: the lt_donthave payload is the 4-byte index of the piece no longer available. */
class LtDontHaveTest {

    @Test
    void decodesAndEncodesTheIndex() {
        assertThat(LtDontHaveCodec.decode(new byte[] {0, 0, 1, 2})).isEqualTo(258);
        assertThat(LtDontHaveCodec.encode(258)).containsExactly(0, 0, 1, 2);
        assertThat(LtDontHaveCodec.decode(LtDontHaveCodec.encode(Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        ByteBuf buf = Unpooled.buffer().writeByte(9).writeInt(0x01020304).skipBytes(1);
        try {
            assertThat(LtDontHaveCodec.decode(buf)).isEqualTo(0x01020304);
            assertThat(buf.readerIndex()).isEqualTo(1);
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsWrongLengthsAndHugeIndexes() {
        for (int length : new int[] {0, 3, 5}) {
            assertThatThrownBy(() -> LtDontHaveCodec.decode(new byte[length]))
                    .isInstanceOfSatisfying(ExtensionProtocolException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LENGTH));
        }
        assertThatThrownBy(() -> LtDontHaveCodec.decode(new byte[] {(byte) 0x80, 0, 0, 0}))
                .isInstanceOfSatisfying(ExtensionProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PIECE_OUT_OF_RANGE));
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[5]);
        try {
            assertThatThrownBy(() -> LtDontHaveCodec.decode(buf)).isInstanceOf(ExtensionProtocolException.class);
        } finally {
            buf.release();
        }
        assertThatThrownBy(() -> LtDontHaveCodec.encode(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
