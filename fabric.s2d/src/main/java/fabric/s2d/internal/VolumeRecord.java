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
    /** Whether a parity layout's columns rotate across regions; false for volumes made before rotation existed. */
    boolean rotated;
    /** For a tier of a mirror-accelerated parity volume: that volume's name; null otherwise. */
    String tierOf;
    /**
     * For a mirror-accelerated parity volume: per slab of it, the mirror-tier slot holding it, or
     * -1 when it is in the parity tier. Changed under the pool's lock and the slab's lock.
     */
    int[] mirrorSlot;
    /** For a mirror-accelerated parity volume: mirror slots in use or being filled; run time only. */
    java.util.BitSet slotsTaken;

    VolumeRecord(String name, Resiliency resiliency, Layout layout, long sizeBytes, int slabCount) {
        this.name = name;
        this.resiliency = resiliency;
        this.layout = layout;
        this.sizeBytes = sizeBytes;
        this.slabs = new SlabRecord[slabCount];
    }
}
