package io.torrentine.internal.peer.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator, outside Netty's leak detector, that remembers every buffer it hands out, so that a test can check that
 * each one was released, right after the code under test ran. It replaces Netty's paranoid leak
 * detector where that is too slow (the fuzz test): the detector records a stack trace on every
 * buffer access, and under Jazzer's instrumentation that cost dominates each input. Its buffers
 * must therefore all be checked with {@link #unreleased()}.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    /** How many buffers were handed out. */
    int allocatedCount() {
        return allocated.size();
    }

    /** The buffers handed out and not yet released. */
    List<ByteBuf> unreleased() {
        List<ByteBuf> live = new ArrayList<>();
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() != 0) {
                live.add(buf);
            }
        }
        return live;
    }
}
