package fabric.api.storage;

import java.util.Objects;

/**
 * What a repair of a volume did: resync of stale regions on returned disks and rebuild of columns
 * of retired disks onto other disks.
 *
 * @param volume the volume repaired
 * @param regionsResynced stale regions brought up to date in place
 * @param columnsRebuilt slab columns rebuilt onto a new disk
 * @param bytesWritten bytes written to columns
 * @param regionsLeft stale regions that could not be repaired yet (their disk is still away)
 */
public record RepairReport(String volume, long regionsResynced, long columnsRebuilt, long bytesWritten,
        long regionsLeft) {

    /** Validates the counts. */
    public RepairReport {
        Objects.requireNonNull(volume, "volume");
        if (regionsResynced < 0 || columnsRebuilt < 0 || bytesWritten < 0 || regionsLeft < 0) {
            throw new IllegalArgumentException("repair report of " + volume + ": counts must not be negative");
        }
    }
}
