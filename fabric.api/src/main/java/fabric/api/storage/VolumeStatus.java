package fabric.api.storage;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * A volume as it stands.
 *
 * @param name the volume's name
 * @param resiliency its resiliency
 * @param layout its slab layout
 * @param sizeBytes its size as clients see it
 * @param slabBytes the logical bytes of one slab
 * @param allocatedSlabs slabs that hold data; the rest read as zeros without touching a disk
 * @param footprintBytes raw pool capacity the allocated slabs occupy
 * @param staleBytes bytes of columns that must be resynced or rebuilt
 * @param health its health
 * @param reason why it is not healthy, in words; empty when healthy
 * @param efficiency the share of raw capacity that holds data: the layout's, or for mirror-accelerated
 *        parity the mix of its mirror and parity tiers as its data sits now (since 1.1)
 */
public record VolumeStatus(String name, Resiliency resiliency, Layout layout, long sizeBytes, long slabBytes,
        long allocatedSlabs, long footprintBytes, long staleBytes, VolumeHealth health, String reason,
        double efficiency) {

    /**
     * A volume whose efficiency is its layout's.
     *
     * @param name the volume's name
     * @param resiliency its resiliency
     * @param layout its slab layout
     * @param sizeBytes its size as clients see it
     * @param slabBytes the logical bytes of one slab
     * @param allocatedSlabs slabs that hold data
     * @param footprintBytes raw pool capacity the allocated slabs occupy
     * @param staleBytes bytes of columns that must be resynced or rebuilt
     * @param health its health
     * @param reason why it is not healthy, in words; empty when healthy
     */
    public VolumeStatus(String name, Resiliency resiliency, Layout layout, long sizeBytes, long slabBytes,
            long allocatedSlabs, long footprintBytes, long staleBytes, VolumeHealth health, String reason) {
        this(name, resiliency, layout, sizeBytes, slabBytes, allocatedSlabs, footprintBytes, staleBytes, health, reason,
                layout.efficiency());
    }

    /** Validates every part. */
    public VolumeStatus {
        Names.require("volume.name", name);
        Objects.requireNonNull(resiliency, "resiliency");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
        if (sizeBytes <= 0 || slabBytes <= 0 || allocatedSlabs < 0 || footprintBytes < 0 || staleBytes < 0) {
            throw new IllegalArgumentException("volume " + name + ": sizes must not be negative");
        }
        if (!(efficiency > 0 && efficiency <= 1)) {
            throw new IllegalArgumentException("volume " + name + ": efficiency must be in (0, 1], not " + efficiency);
        }
    }
}
