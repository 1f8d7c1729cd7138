package io.torrentine.internal.peer;

import java.time.Duration;

/**
 * Bytes per second over a short sliding window, kept as a ring of slots so that adding is O(1)
 * and memory is fixed. Not thread-safe: used on one event loop. Times are the event loop's
 * ticker nanoseconds, so tests can move them.
 */
public final class RateMeter {
    private final long slotNanos;
    private final long[] slots;
    private final double windowSeconds;
    private long currentSlot;

    /**
     * Creates a meter.
     *
     * @param window the window the rate is averaged over
     * @param slotCount how many slots the window is cut into
     * @param now the current time in nanoseconds
     */
    public RateMeter(Duration window, int slotCount, long now) {
        if (window.isNegative() || window.isZero() || slotCount < 1) {
            throw new IllegalArgumentException(window + " in " + slotCount + " slots");
        }
        this.slotNanos = Math.max(1, window.toNanos() / slotCount);
        this.slots = new long[slotCount];
        this.windowSeconds = slotNanos * (double) slotCount / 1e9;
        this.currentSlot = Math.floorDiv(now, slotNanos);
    }

    /**
     * Counts bytes.
     *
     * @param bytes how many
     * @param now the current time in nanoseconds
     */
    public void add(long bytes, long now) {
        advance(now);
        slots[(int) Math.floorMod(currentSlot, (long) slots.length)] += bytes;
    }

    /**
     * The rate over the window that ends now.
     *
     * @param now the current time in nanoseconds
     * @return bytes per second
     */
    public double bytesPerSecond(long now) {
        advance(now);
        long sum = 0;
        for (long s : slots) {
            sum += s;
        }
        return sum / windowSeconds;
    }

    private void advance(long now) {
        long slot = Math.floorDiv(now, slotNanos);
        if (slot <= currentSlot) {
            return;
        }
        if (slot - currentSlot >= slots.length) {
            java.util.Arrays.fill(slots, 0);
        } else {
            for (long s = currentSlot + 1; s <= slot; s++) {
                slots[(int) Math.floorMod(s, (long) slots.length)] = 0;
            }
        }
        currentSlot = slot;
    }
}
