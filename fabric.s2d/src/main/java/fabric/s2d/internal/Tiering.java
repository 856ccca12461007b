package fabric.s2d.internal;

import fabric.api.storage.DiskState;
import fabric.api.topology.DiskRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cache tier of a pool: one {@link BlockCache} per cache drive, each capacity drive bound to a
 * cache drive of its node whose media is faster (NVMe before SSD before HDD; drives of a node are
 * bound round robin); the destager with its rate and watermarks; per-slab heat (decayed access
 * counts) that copies the blocks of hot slabs into the cache and sends cold slabs' blocks back to
 * capacity. Bindings change under the pool's lock; the tick runs on the pool's tier thread.
 */
final class Tiering {

    /**
     * How the tier behaves.
     *
     * @param destageBytesPerSecond the destager's rate while above the high watermark
     * @param highWatermark share of a cache's slots dirty at which destaging starts
     * @param lowWatermark share at which it stops
     * @param heatHalfLifeSeconds a slab's heat halves in so many seconds without access
     * @param hotHeat heat at which a slab's blocks are copied into the cache
     * @param coldHeat heat under which a promoted slab's blocks leave the cache
     */
    record Policy(long destageBytesPerSecond, double highWatermark, double lowWatermark, double heatHalfLifeSeconds,
            double hotHeat, double coldHeat) {

        /** 100 MiB/s, 80% / 50%, one minute half-life, hot at 64 accesses, cold under 4. */
        static final Policy DEFAULT = new Policy(100L << 20, 0.8, 0.5, 60, 64, 4);

        Policy {
            if (destageBytesPerSecond <= 0 || lowWatermark < 0 || highWatermark > 1 || lowWatermark >= highWatermark
                    || heatHalfLifeSeconds <= 0 || coldHeat >= hotHeat) {
                throw new IllegalArgumentException("tier policy: rate positive, 0 <= low < high <= 1, cold < hot");
            }
        }
    }

    private final List<DiskRecord> disks;
    private final Geometry g;
    /** Cache of each cache drive with a file, by disk index. */
    private final Map<Integer, BlockCache> caches = new HashMap<>();
    /** The cache each capacity drive is bound to, by disk index; null when unbound. */
    private volatile BlockCache[] bound;
    private volatile Policy policy = Policy.DEFAULT;
    private final Map<Integer, Boolean> destaging = new HashMap<>();
    private final Map<Integer, Double> credits = new HashMap<>();
    private long lastTick;

    Tiering(List<DiskRecord> disks, Geometry g, int metadataBudgetEntries) {
        this.disks = disks;
        this.g = g;
        int count = 0;
        for (DiskRecord d : disks) {
            count += d.role == DiskRole.CACHE && d.file != null ? 1 : 0;
        }
        for (DiskRecord d : disks) {
            if (d.role == DiskRole.CACHE && d.file != null) {
                // the slots and their checksums end before the drive's label
                long fit = (d.sizeBytes - CacheHeader.BYTES) / (BlockCrc.BLOCK + 4);
                int slots = (int) Math.min(fit, metadataBudgetEntries / Math.max(1, count));
                caches.put(d.index, new BlockCache(d, slots, g, disks::get));
            }
        }
        bound = new BlockCache[0];
        rebind();
    }

    Policy policy() {
        return policy;
    }

    void policy(Policy p) {
        policy = p;
    }

    /**
     * Binds each capacity drive without an online cache to an online cache drive of its node with
     * faster media, the one with the fewest drives bound. A binding whose cache is online is kept:
     * its cache may hold the drive's dirty blocks.
     */
    void rebind() {
        BlockCache[] old = bound;
        BlockCache[] next = new BlockCache[disks.size()];
        Map<BlockCache, Integer> load = new HashMap<>();
        for (DiskRecord d : disks) {
            BlockCache c = d.index < old.length ? old[d.index] : null;
            if (d.role == DiskRole.CAPACITY && c != null && c.disk.state == DiskState.ONLINE) {
                next[d.index] = c;
                load.merge(c, 1, Integer::sum);
            }
        }
        for (DiskRecord d : disks) {
            if (d.role != DiskRole.CAPACITY || next[d.index] != null) {
                continue;
            }
            BlockCache best = null;
            for (BlockCache c : caches()) {
                if (c.disk.node.equals(d.node) && c.disk.state == DiskState.ONLINE && c.slots > 0
                        && c.disk.media.ordinal() < d.media.ordinal()
                        && (best == null || load.getOrDefault(c, 0) < load.getOrDefault(best, 0))) {
                    best = c;
                }
            }
            if (best != null) {
                next[d.index] = best;
                load.merge(best, 1, Integer::sum);
            }
        }
        bound = next;
    }

    /** @return the cache a capacity drive is bound to, or null */
    BlockCache cacheFor(int diskIndex) {
        BlockCache[] b = bound;
        return diskIndex < b.length ? b[diskIndex] : null;
    }

    /** @return the cache of a cache drive, or null */
    BlockCache cacheOf(int cacheDiskIndex) {
        return caches.get(cacheDiskIndex);
    }

    /** @return every cache, by disk index */
    List<BlockCache> caches() {
        List<BlockCache> list = new ArrayList<>(caches.values());
        list.sort((a, b) -> Integer.compare(a.disk.index, b.disk.index));
        return list;
    }

    /** @return the capacity drives bound to a cache */
    List<DiskRecord> boundTo(BlockCache cache) {
        List<DiskRecord> list = new ArrayList<>();
        BlockCache[] b = bound;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == cache) {
                list.add(disks.get(i));
            }
        }
        return list;
    }

    /** Forgets the cached blocks of a whole extent of a capacity drive (its slab was freed). */
    void dropExtent(int diskIndex, int extent) {
        for (BlockCache c : caches.values()) {
            c.drop(diskIndex, extent, 0, g.blocksPerExtent());
        }
    }

    /** Forgets every cached block of a capacity drive (replaced or retired). */
    void dropDisk(int diskIndex) {
        for (BlockCache c : caches.values()) {
            c.dropDisk(diskIndex);
        }
    }

    /**
     * Destages by the watermarks: a cache at or above the high watermark destages at the policy's
     * rate (for the time since the last tick) until it is at the low watermark.
     *
     * @param now the time source's nanoseconds
     * @return blocks destaged, and capacity drives that failed
     */
    BlockCache.Destaged destageTick(long now) {
        long elapsed = lastTick == 0 ? 0 : Math.max(0, now - lastTick);
        lastTick = now;
        Policy p = policy;
        double perSecond = p.destageBytesPerSecond() / (double) BlockCrc.BLOCK;
        BlockCache.Destaged total = new BlockCache.Destaged();
        for (BlockCache c : caches()) {
            // each cache drive destages at the rate, with at most a second of credit saved up
            double credit = Math.min(credits.getOrDefault(c.disk.index, 0.0) + perSecond * (elapsed / 1e9), perSecond);
            int dirty = c.dirty();
            int high = (int) Math.ceil(c.slots * p.highWatermark());
            int low = (int) (c.slots * p.lowWatermark());
            boolean on = destaging.getOrDefault(c.disk.index, false) || dirty >= high && dirty > 0;
            if (!on) {
                credits.put(c.disk.index, 0.0);
                continue;
            }
            int budget = (int) Math.min(credit, dirty - low);
            if (budget > 0) {
                BlockCache.Destaged d = c.destage(budget, null);
                credit -= d.blocks;
                total.blocks += d.blocks;
                total.failed.or(d.failed);
            }
            credits.put(c.disk.index, credit);
            destaging.put(c.disk.index, c.dirty() > low);
        }
        return total;
    }

    /** Decays every slab's heat for the time since the last decay. */
    void decay(Iterable<VolumeRecord> volumes, double seconds) {
        double factor = Math.pow(0.5, seconds / policy.heatHalfLifeSeconds());
        Set<SlabRecord> seen = new HashSet<>();
        for (VolumeRecord v : volumes) {
            for (SlabRecord s : v.slabs) {
                if (s != null && seen.add(s)) {
                    s.heat *= factor;
                }
            }
        }
    }

    /** @return whether any cache's mapping changed since the last commit */
    boolean changed() {
        for (BlockCache c : caches.values()) {
            if (c.changed()) {
                return true;
            }
        }
        return false;
    }
}
