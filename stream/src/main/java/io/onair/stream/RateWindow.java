package io.onair.stream;

import java.time.Duration;

/**
 * A sum over a sliding time window, in constant time per sample: the window is split into buckets, each stamped
 * with the slot it holds, so a stale bucket is recognised and reset instead of swept. Not thread-safe.
 */
final class RateWindow {
    private static final int BUCKETS = 10;

    private final long bucketNanos;
    private final long[] sums = new long[BUCKETS];
    private final long[] slots = new long[BUCKETS];
    private long firstNanos = Long.MIN_VALUE;

    RateWindow(Duration window) {
        this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
        java.util.Arrays.fill(slots, Long.MIN_VALUE);
    }

    void add(long nowNanos, long amount) {
        if (firstNanos == Long.MIN_VALUE) {
            firstNanos = nowNanos;
        }
        long slot = Math.floorDiv(nowNanos, bucketNanos);
        int i = (int) Math.floorMod(slot, BUCKETS);
        if (slots[i] != slot) {
            slots[i] = slot;
            sums[i] = 0;
        }
        sums[i] += amount;
    }

    /** Amount per second over the window, or over the time since the first sample when that is shorter. */
    double perSecond(long nowNanos) {
        if (firstNanos == Long.MIN_VALUE) {
            return 0;
        }
        long slot = Math.floorDiv(nowNanos, bucketNanos);
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (slots[i] > slot - BUCKETS && slots[i] <= slot) {
                total += sums[i];
            }
        }
        // The buckets summed cover the last BUCKETS-1 full slots plus the current one up to now; at the start of a
        // stream the span is the time since the first sample, so the rate is not underestimated while filling.
        long covered = (BUCKETS - 1) * bucketNanos + (nowNanos - slot * bucketNanos);
        long spanNanos = Math.min(covered, nowNanos - firstNanos);
        if (spanNanos <= 0) {
            return 0;
        }
        return total * 1e9 / spanNanos;
    }
}
