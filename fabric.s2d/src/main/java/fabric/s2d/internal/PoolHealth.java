package fabric.s2d.internal;

import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeStatus;
import java.util.List;
import java.util.Set;

/**
 * The health rules of a pool's volumes: a written region needs one current copy (mirror) or
 * {@code k} current columns (parity), else the volume is offline; any column away or stale makes
 * it degraded (resyncing while a repair runs). Called under the pool's lock.
 */
final class PoolHealth {

    private final List<DiskRecord> disks;
    private final Geometry geometry;

    PoolHealth(List<DiskRecord> disks, Geometry geometry) {
        this.disks = disks;
        this.geometry = geometry;
    }

    private static int needed(VolumeRecord v) {
        return v.resiliency.isMirror() ? 1 : v.layout.dataColumns();
    }

    /**
     * @param volumes every volume
     * @param away disk indexes to count as away
     * @return which volume would go offline with these disks away, or {@code null}
     */
    String wouldGoOffline(Iterable<VolumeRecord> volumes, Set<Integer> away) {
        for (VolumeRecord v : volumes) {
            int needed = needed(v);
            for (int i = 0; i < v.slabs.length; i++) {
                SlabRecord s = v.slabs[i];
                if (s == null) {
                    continue;
                }
                for (int r = 0; r < geometry.regionsPerExtent(); r++) {
                    if (!SlabRecord.get(s.written, r)) {
                        continue;
                    }
                    int current = 0;
                    for (int c = 0; c < s.disks.length; c++) {
                        if (!away.contains(s.disks[c]) && disks.get(s.disks[c]).online()
                                && !SlabRecord.get(s.stale[c], r)) {
                            current++;
                        }
                    }
                    if (current < needed) {
                        return "volume " + v.name + " slab " + i + " would keep " + current + " current columns, needs "
                                + needed;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Sets a volume's health and reason.
     *
     * @param v the volume
     * @param repairing whether a repair runs
     */
    void update(VolumeRecord v, boolean repairing) {
        int needed = needed(v);
        boolean degraded = false;
        String reason = "";
        for (int i = 0; i < v.slabs.length; i++) {
            SlabRecord s = v.slabs[i];
            if (s == null) {
                continue;
            }
            for (int c = 0; c < s.disks.length; c++) {
                DiskRecord d = disks.get(s.disks[c]);
                if (!d.online() && !degraded) {
                    degraded = true;
                    reason = "disk " + d.label() + " is " + d.state;
                } else if (SlabRecord.any(s.stale[c]) && !degraded) {
                    degraded = true;
                    reason = "stale regions on disk " + d.label() + " await resync";
                }
            }
            for (int r = 0; r < geometry.regionsPerExtent(); r++) {
                if (!SlabRecord.get(s.written, r)) {
                    continue;
                }
                int current = 0;
                for (int c = 0; c < s.disks.length; c++) {
                    if (disks.get(s.disks[c]).online() && !SlabRecord.get(s.stale[c], r)) {
                        current++;
                    }
                }
                if (current < needed) {
                    v.health = VolumeHealth.OFFLINE;
                    v.reason = "slab " + i + " has " + current + " of " + s.disks.length
                            + " columns current, needs " + needed + " (more fault domains lost than "
                            + v.resiliency + " tolerates)";
                    return;
                }
            }
        }
        v.health = degraded ? (repairing ? VolumeHealth.RESYNCING : VolumeHealth.DEGRADED) : VolumeHealth.HEALTHY;
        v.reason = reason;
    }

    /** @return bytes of columns that are away or stale where written */
    private long staleBytes(VolumeRecord v) {
        long stale = 0;
        for (SlabRecord s : v.slabs) {
            if (s == null) {
                continue;
            }
            for (int c = 0; c < s.disks.length; c++) {
                if (!disks.get(s.disks[c]).online()) {
                    stale += SlabRecord.count(s.written);
                } else {
                    stale += SlabRecord.count(s.stale[c]);
                }
            }
        }
        return stale * geometry.regionBytes();
    }

    /**
     * @param v a volume
     * @return its status
     */
    VolumeStatus status(VolumeRecord v) {
        long[] f = figures(v);
        long slabBytes = (long) v.layout.dataColumns() * geometry.extentBytes();
        return new VolumeStatus(v.name, v.resiliency, v.layout, v.sizeBytes, slabBytes, f[0], f[1], f[2], v.health,
                v.reason);
    }

    /**
     * @param v a volume or a hidden tier
     * @return its allocated slabs, footprint bytes and stale bytes
     */
    long[] figures(VolumeRecord v) {
        long allocated = 0;
        for (SlabRecord s : v.slabs) {
            allocated += s == null ? 0 : 1;
        }
        return new long[] {allocated, allocated * v.layout.columns() * geometry.extentBytes(), staleBytes(v)};
    }
}
