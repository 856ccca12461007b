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
                        scrubCapacityUnderCache(s, counts);
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

    /** Checks the capacity copies of blocks that are also clean in a cache, where reads do not look. */
    private void scrubCapacityUnderCache(SlabRecord s, SlabEngine.ScrubCounts counts) {
        for (int c = 0; c < s.disks.length; c++) {
            BlockCache cache = pool.cacheFor(s.disks[c]);
            DiskRecord d = pool.disk(s.disks[c]);
            if (cache == null || !d.online()) {
                continue;
            }
            try {
                long[] r = cache.scrubClean(d, s.extents[c]);
                counts.checked += r[0];
                counts.corrupt += r[1];
                counts.repaired += r[1];
            } catch (BlockCache.CacheFailure e) {
                pool.cacheFailure(cache, e);
            } catch (java.io.IOException e) {
                pool.ioFailure(d, e);
            }
        }
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

    /**
     * Moves slabs between tiers by their heat: a slab at or above the hot heat gets its written,
     * current blocks copied into the caches of its columns' drives (up to the low watermark); a
     * promoted slab that cooled under the cold heat has its dirty blocks destaged and its blocks
     * dropped from the caches.
     */
    void tier(PoolVolume device, Tiering.Policy policy) {
        VolumeRecord v = device.record();
        Geometry g = pool.geometry();
        for (int i = 0; i < v.slabs.length; i++) {
            SlabRecord peek = v.slabs[i];
            if (peek == null || (peek.hot ? peek.heat >= policy.coldHeat() : peek.heat < policy.hotHeat())) {
                continue;
            }
            device.lock(i);
            try {
                SlabRecord s = v.slabs[i];
                if (s == null || v.deleted) {
                    continue;
                }
                s.lock.lock();
                try {
                    if (!s.hot && s.heat >= policy.hotHeat()) {
                        promote(device, s, g, policy);
                        s.hot = true;
                    } else if (s.hot && s.heat < policy.coldHeat()) {
                        demote(s);
                        s.hot = false;
                    }
                } finally {
                    s.lock.unlock();
                }
            } finally {
                device.unlock(i);
            }
        }
    }

    private void promote(PoolVolume device, SlabRecord s, Geometry g, Tiering.Policy policy) {
        byte[] buf = new byte[g.interleaveBytes()];
        byte[] crcs = new byte[g.blocksPerInterleave() * 4];
        int rows = g.regionBytes() / g.interleaveBytes();
        for (int c = 0; c < s.disks.length; c++) {
            BlockCache cache = pool.cacheFor(s.disks[c]);
            DiskRecord d = pool.disk(s.disks[c]);
            if (cache == null || !d.online()) {
                continue;
            }
            int keepFree = cache.slots - (int) (cache.slots * policy.lowWatermark());
            for (int r = 0; r < g.regionsPerExtent(); r++) {
                if (!SlabRecord.get(s.written, r) || !device.engine().currentPhysical(s, c, r)) {
                    continue;
                }
                for (int row = 0; row < rows; row++) {
                    int block0 = (r * rows + row) * g.blocksPerInterleave();
                    try {
                        cache.promote(d, s.extents[c], block0, g.blocksPerInterleave(), buf, crcs, keepFree);
                    } catch (BlockCache.CacheFailure e) {
                        pool.cacheFailure(cache, e);
                        return;
                    } catch (java.io.IOException e) {
                        pool.ioFailure(d, e);
                        break;
                    }
                }
            }
        }
    }

    private void demote(SlabRecord s) {
        for (int c = 0; c < s.disks.length; c++) {
            BlockCache cache = pool.cacheFor(s.disks[c]);
            if (cache == null) {
                continue;
            }
            java.util.Set<Long> extent = java.util.Set.of((long) s.disks[c] << 32 | s.extents[c]);
            pool.failCapacity(cache.destage(Integer.MAX_VALUE, extent));
            cache.evictClean(extent, 0);
        }
    }
}
