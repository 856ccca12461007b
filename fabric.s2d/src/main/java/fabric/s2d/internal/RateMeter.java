package fabric.s2d.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * A lock-free byte rate over a sliding window of whole seconds. Each second has a bucket holding
 * the second's number (low 20 bits) and its byte count (44 bits, 16 TiB) in one long, updated by
 * compare-and-set, so a bucket reused for a new second never mixes counts of two seconds. The rate
 * is the bytes of the complete seconds in the window divided by those seconds (fewer than the
 * window while the meter is younger than it); the second now running is not counted.
 */
final class RateMeter {

    private static final int SECOND_BITS = 20;
    private static final long SECOND_MASK = (1L << SECOND_BITS) - 1;
    private static final long COUNT_MASK = (1L << (64 - SECOND_BITS)) - 1;

    private final LongSupplier nanoTime;
    private final int window;
    private final AtomicLongArray buckets;
    private final long startSecond;

    /**
     * @param window seconds the rate spans; 1 to 3600
     * @param nanoTime the time source, such as {@link System#nanoTime}
     */
    RateMeter(int window, LongSupplier nanoTime) {
        if (window < 1 || window > 3600) {
            throw new IllegalArgumentException("rate window must be 1 to 3600 seconds: " + window);
        }
        this.window = window;
        this.nanoTime = nanoTime;
        this.buckets = new AtomicLongArray(window + 1);
        this.startSecond = second();
        for (int i = 0; i < buckets.length(); i++) {
            buckets.set(i, pack(startSecond - buckets.length() - 1, 0));
        }
    }

    private long second() {
        return Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
    }

    private static long pack(long second, long count) {
        return (second & SECOND_MASK) << (64 - SECOND_BITS) | (count & COUNT_MASK);
    }

    private static long secondOf(long bucket) {
        return bucket >>> (64 - SECOND_BITS);
    }

    /** @param bytes bytes done now; not negative */
    void record(long bytes) {
        if (bytes <= 0) {
            return;
        }
        long now = second();
        int i = (int) Math.floorMod(now, (long) buckets.length());
        long tag = now & SECOND_MASK;
        while (true) {
            long old = buckets.get(i);
            long next = secondOf(old) == tag ? pack(now, Math.min(COUNT_MASK, (old & COUNT_MASK) + bytes))
                    : pack(now, bytes);
            if (buckets.compareAndSet(i, old, next)) {
                return;
            }
        }
    }

    /** @return bytes per second over the complete seconds of the window; 0 before a second is complete */
    long bytesPerSecond() {
        long now = second();
        long seconds = Math.min(window, now - startSecond);
        if (seconds <= 0) {
            return 0;
        }
        long sum = 0;
        for (long s = now - seconds; s < now; s++) {
            long b = buckets.get((int) Math.floorMod(s, (long) buckets.length()));
            if (secondOf(b) == (s & SECOND_MASK)) {
                sum += b & COUNT_MASK;
            }
        }
        return sum / seconds;
    }
}
