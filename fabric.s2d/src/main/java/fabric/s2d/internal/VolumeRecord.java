package fabric.s2d.internal;

import fabric.api.storage.Layout;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeHealth;

/** A volume of a pool: its shape and slab map. The slab map is mutated only under the pool's lock. */
final class VolumeRecord {

    final String name;
    final Resiliency resiliency;
    final Layout layout;
    final long sizeBytes;
    final SlabRecord[] slabs;
    volatile VolumeHealth health = VolumeHealth.HEALTHY;
    volatile String reason = "";
    volatile boolean deleted;

    VolumeRecord(String name, Resiliency resiliency, Layout layout, long sizeBytes, int slabCount) {
        this.name = name;
        this.resiliency = resiliency;
        this.layout = layout;
        this.sizeBytes = sizeBytes;
        this.slabs = new SlabRecord[slabCount];
    }
}
