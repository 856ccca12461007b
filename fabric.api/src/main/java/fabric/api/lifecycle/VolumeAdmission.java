package fabric.api.lifecycle;

import fabric.api.storage.Layout;
import fabric.api.storage.VolumeHealth;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What taking one node down would do to one volume. A slab keeps each column on its own fault
 * domain, so a node holds at most one column of any slab. Figures the storage API does not expose
 * are empty.
 *
 * @param volume the volume's name
 * @param layout its data and redundancy columns
 * @param healthNow its health now
 * @param healthAfter its health with the node down: {@code DEGRADED} below its redundancy,
 *        {@code OFFLINE} beyond its tolerance
 * @param faultDomainsLostNow fault domains of the pool away now (node not up or a disk away)
 * @param faultDomainsLostAfter fault domains away with the node down too
 * @param allocatedSlabs the volume's allocated slabs
 * @param slabsOnNode slabs with a column on the node; empty when the pool spans more fault domains
 *        than a slab has columns (the storage API does not expose slab placement)
 * @param bytesOnNode the volume's bytes on the node; empty in the same case
 * @param staleBytes bytes left to resync now
 */
public record VolumeAdmission(String volume, Layout layout, VolumeHealth healthNow, VolumeHealth healthAfter,
        int faultDomainsLostNow, int faultDomainsLostAfter, long allocatedSlabs, OptionalLong slabsOnNode,
        OptionalLong bytesOnNode, long staleBytes) {

    /** Checks the fields. */
    public VolumeAdmission {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(healthNow, "healthNow");
        Objects.requireNonNull(healthAfter, "healthAfter");
        Objects.requireNonNull(slabsOnNode, "slabsOnNode");
        Objects.requireNonNull(bytesOnNode, "bytesOnNode");
        if (faultDomainsLostNow < 0 || faultDomainsLostAfter < faultDomainsLostNow || allocatedSlabs < 0
                || staleBytes < 0) {
            throw new IllegalArgumentException("volume " + volume + ": inconsistent admission figures");
        }
    }
}
