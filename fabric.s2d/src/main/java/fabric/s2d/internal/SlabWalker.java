package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.storage.DiskState;
import fabric.api.storage.Progress;

/**
 * Walks every slab of a volume for a scrub or a repair, each slab under the volume's slab lock and
 * the slab's own lock, telling the progress listener after each slab.
 */
final class SlabWalker {

    /** What a repair did. */
    static final class RepairCounts {
        long resynced;
        long rebuilt;
        long bytes;
        long left;
        /** Time spent rebuilding regions. */
        long nanos;
    }

    private final FilePool pool;

    SlabWalker(FilePool pool) {
        this.pool = pool;
    }

    /** Scrubs every allocated slab of a volume. */
    SlabEngine.ScrubCounts scrub(PoolVolume device, Progress progress) {
        VolumeRecord v = device.record();
        SlabEngine.ScrubCounts counts = new SlabEngine.ScrubCounts();
        for (int i = 0; i < v.slabs.length; i++) {
            device.lock(i);
            try {
                if (v.deleted) {
                    throw new FabricException(ErrorCode.UNAVAILABLE, "volume " + v.name + " was deleted");
                }
                SlabRecord s = v.slabs[i];
                if (s != null) {
                    s.lock.lock();
                    try {
                        device.engine().scrub(i, s, counts);
                    } finally {
                        s.lock.unlock();
                    }
                }
            } finally {
                device.unlock(i);
            }
            progress.advanced(i + 1, v.slabs.length);
        }
        return counts;
    }

    /** Repairs every allocated slab of a volume. */
    RepairCounts repair(PoolVolume device, Progress progress) {
        VolumeRecord v = device.record();
        RepairCounts counts = new RepairCounts();
        for (int i = 0; i < v.slabs.length; i++) {
            device.lock(i);
            try {
                SlabRecord s = v.slabs[i];
                if (s == null || v.deleted) {
                    continue;
                }
                s.lock.lock();
                try {
                    repairSlab(device, i, s, counts);
                } finally {
                    s.lock.unlock();
                }
            } finally {
                device.unlock(i);
            }
            progress.advanced(i + 1, v.slabs.length);
        }
        return counts;
    }

    /** Relocates the columns of retired disks and resyncs the stale regions of online ones. */
    private void repairSlab(PoolVolume device, int i, SlabRecord s, RepairCounts counts) {
        Geometry geometry = pool.geometry();
        for (int c = 0; c < s.disks.length; c++) {
            if (pool.disk(s.disks[c]).state == DiskState.RETIRED) {
                if (!pool.relocate(s, c)) {
                    counts.left += SlabRecord.count(s.written);
                    continue;
                }
                counts.rebuilt++;
            }
            if (!pool.disk(s.disks[c]).online()) {
                counts.left += SlabRecord.count(s.stale[c]);
                continue;
            }
            for (int r = 0; r < geometry.regionsPerExtent(); r++) {
                if (!SlabRecord.get(s.stale[c], r)) {
                    continue;
                }
                if (SlabRecord.get(s.written, r)) {
                    long start = pool.nanoTime();
                    try {
                        counts.bytes += device.engine().rebuildRegion(i, s, c, r);
                    } catch (FabricException e) {
                        counts.left++;
                        continue;
                    } finally {
                        counts.nanos += pool.nanoTime() - start;
                    }
                    counts.resynced++;
                }
                pool.clearStale(s, c, r);
            }
        }
    }
}
