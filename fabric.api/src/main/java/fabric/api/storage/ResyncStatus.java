package fabric.api.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * The resync work of a pool: what is waiting and how fast repairs go.
 *
 * @param bytesPending written column bytes, pool-wide, that are stale or on disks that are away
 *        and must be resynced or rebuilt before every volume is healthy again
 * @param bytesPerSecond the resync rate: measured by the last repairs (time spent rebuilding
 *        regions only, smoothed), or, before any repair was measured, the configured assumption
 * @param measured whether {@code bytesPerSecond} was measured ({@code false}: assumed)
 * @param estimate {@code bytesPending} at {@code bytesPerSecond}
 * @since 1.1
 */
public record ResyncStatus(long bytesPending, long bytesPerSecond, boolean measured, Duration estimate) {

    /** Validates every part: nothing negative, a positive rate. */
    public ResyncStatus {
        Objects.requireNonNull(estimate, "estimate");
        if (bytesPending < 0) {
            throw new IllegalArgumentException("resync: pending bytes must not be negative");
        }
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("resync: the rate must be positive, not " + bytesPerSecond);
        }
        if (estimate.isNegative()) {
            throw new IllegalArgumentException("resync: the estimate must not be negative");
        }
    }

    /**
     * @param bytes bytes to resync
     * @param bytesPerSecond the rate; positive
     * @return how long they take at that rate, rounded up to the millisecond
     */
    public static Duration duration(long bytes, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("resync: the rate must be positive, not " + bytesPerSecond);
        }
        if (bytes <= 0) {
            return Duration.ZERO;
        }
        double millis = Math.ceil(bytes * 1000.0 / bytesPerSecond);
        return Duration.ofMillis((long) Math.min(Long.MAX_VALUE, millis));
    }
}
