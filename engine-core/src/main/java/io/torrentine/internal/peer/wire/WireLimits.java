package io.torrentine.internal.peer.wire;

/**
 * The bounds the decoder enforces before it buffers a frame (GUIDE.md "Limits").
 *
 * @param maxFrameLength the largest length prefix accepted for any message
 * @param maxBlockLength the largest block in a {@code piece}, {@code request}, {@code cancel} or
 *     {@code reject request}
 */
public record WireLimits(int maxFrameLength, int maxBlockLength) {
    /** One block as every client requests it (BEP 3 recommends 2^14). */
    public static final int BLOCK = 16 * 1024;
    /** 1 MiB frames and 16 KiB blocks. */
    public static final WireLimits DEFAULT = new WireLimits(1 << 20, BLOCK);

    /**
     * Checks the limits.
     *
     * @param maxFrameLength at least a {@code piece} of one block
     * @param maxBlockLength positive
     */
    public WireLimits {
        if (maxBlockLength <= 0 || maxFrameLength < maxBlockLength + 9) {
            throw new IllegalArgumentException("frame " + maxFrameLength + ", block " + maxBlockLength);
        }
    }
}
