package fabric.api.storage;

import java.util.Objects;

/**
 * What taking one node's disks away would do to one volume, slab by slab: a slab counts by its
 * worst written region (regions never written hold nothing to lose).
 *
 * @param volume the volume's name
 * @param resiliency its resiliency
 * @param slabs its allocated slabs (those that hold data)
 * @param slabsOnNode allocated slabs with a column on the node's disks
 * @param slabsWithoutRedundancy slabs whose written regions would keep exactly the fewest current
 *        columns that still give every byte (one copy of a mirror, {@code k} columns of a
 *        {@code k+m} parity layout): one more failure would lose data
 * @param slabsOffline slabs of which a written region would keep fewer current columns than
 *        needed: the volume would go offline
 * @param bytesOnNode written bytes of the volume's columns on the node's disks
 * @since 1.1
 */
public record VolumeImpact(String volume, Resiliency resiliency, long slabs, long slabsOnNode,
        long slabsWithoutRedundancy, long slabsOffline, long bytesOnNode) {

    /** Validates every part: counts not negative, and no more slabs affected than allocated. */
    public VolumeImpact {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(resiliency, "resiliency");
        if (slabs < 0 || slabsOnNode < 0 || slabsWithoutRedundancy < 0 || slabsOffline < 0 || bytesOnNode < 0) {
            throw new IllegalArgumentException("volume impact of " + volume + ": counts must not be negative");
        }
        if (slabsOnNode > slabs || slabsWithoutRedundancy + slabsOffline > slabs) {
            throw new IllegalArgumentException("volume impact of " + volume + ": more slabs affected than the "
                    + slabs + " allocated");
        }
    }
}
