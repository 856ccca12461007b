package fabric.s2d.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The write-back cache on one cache drive, bound to capacity drives of the same node. A column's
 * 4 KiB blocks written to a bound capacity drive land in a slot of the cache drive, with their
 * CRC32C in the cache's checksum area, and are dirty until the destager copies them to the capacity
 * drive; reads take the cached blocks from the cache. Hot slabs' blocks are also copied in clean
 * (read cache). Each column is cached on its own node, so cache contents have the volume's
 * resiliency, as in Storage Spaces Direct: losing a cache drive loses its dirty blocks for its node
 * only, and those columns' regions are resynced from the others.
 *
 * <p>The mapping of dirty blocks is part of the pool's metadata (committed with {@code flush}); a
 * slot that leaves the mapping is reused only after a commit no longer names it. Every method runs
 * under the cache's own lock, which is never held while taking the pool's; I/O errors of the cache
 * drive come out as {@link CacheFailure}.
 *
 * <p>Cache file layout: slot {@code i} at {@code i * 4096}, its checksum at
 * {@code slots * 4096 + i * 4}.
 */
final class BlockCache {

    /** An I/O error of the cache drive (as opposed to the capacity drive behind it). */
    static final class CacheFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final transient BlockCache cache;

        CacheFailure(BlockCache cache, IOException cause) {
            super("cache drive " + cache.disk.label() + ": " + cause.getMessage(), cause);
            this.cache = cache;
        }
    }

    private static final int B = BlockCrc.BLOCK;
    private static final int NONE = -1;
    private static final int DIRTY = 1;

    final DiskRecord disk;
    final int slots;
    private final Geometry g;
    private final BlockCache.Disks disks;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongIntMap map = new LongIntMap();
    /** Slots mapped, or unmapped but maybe still named by the committed metadata. */
    private final BitSet used = new BitSet();
    private int[] pendingFree = new int[16];
    private int pendingCount;
    private int dirty;
    private volatile boolean changed;
    private final CRC32C crc = new CRC32C();
    private final byte[] block = new byte[B];
    private final byte[] crc4 = new byte[4];
    private final int[] slotOf;
    private long hits;
    private long misses;
    private long destaged;
    private long promoted;
    private long writeThrough;

    /** The capacity drives of the pool, by index. */
    interface Disks {
        DiskRecord disk(int index);
    }

    /**
     * @param disk the cache drive, its file open
     * @param slots how many 4 KiB slots it offers
     * @param g the pool's geometry
     * @param disks the pool's disks by index
     */
    BlockCache(DiskRecord disk, int slots, Geometry g, Disks disks) {
        this.disk = disk;
        this.slots = slots;
        this.g = g;
        this.disks = disks;
        this.slotOf = new int[g.blocksPerInterleave() * 64];
    }

    /** @return the map key of a block of a column: its capacity disk, extent and block */
    long key(int diskIndex, int extent, int block) {
        return ((long) diskIndex << 44) | ((long) extent * g.blocksPerExtent() + block);
    }

    private int diskOf(long key) {
        return (int) (key >>> 44);
    }

    private int extentOf(long key) {
        return (int) ((key & ((1L << 44) - 1)) / g.blocksPerExtent());
    }

    private int blockOf(long key) {
        return (int) ((key & ((1L << 44) - 1)) % g.blocksPerExtent());
    }

    private long slotPos(int slot) {
        return (long) slot * B;
    }

    private long crcPos(int slot) {
        return (long) slots * B + (long) slot * 4;
    }

    private long capacityBase(int extent) {
        return g.dataStart() + (long) extent * g.extentStride();
    }

    // ---- block I/O ---------------------------------------------------------------------------

    /**
     * Reads {@code nb} blocks of a column and their stored checksums: cached blocks from the cache,
     * the rest from the capacity drive.
     *
     * @throws CacheFailure when the cache drive fails; IOException when the capacity drive does
     */
    void read(DiskRecord capacity, int extent, int block0, int nb, byte[] buf, int bufOff, byte[] crcs)
            throws IOException {
        lock.lock();
        try {
            long key0 = key(capacity.index, extent, block0);
            int cached = 0;
            for (int i = 0; i < nb; i++) {
                int v = map.get(key0 + i, NONE);
                slotOf[i] = v == NONE ? NONE : v >>> 1;
                cached += v == NONE ? 0 : 1;
            }
            hits += cached;
            misses += nb - cached;
            long base = capacityBase(extent);
            if (cached < nb) {
                capacity.file.read(base + (long) block0 * B, buf, bufOff, nb * B);
                capacity.file.readCrcs(base + g.extentBytes() + (long) block0 * 4, crcs, 0, nb * 4);
            }
            if (cached == 0) {
                return;
            }
            copySlots(nb, buf, bufOff, crcs, false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code nb} blocks of a column with their checksums: into the cache (dirty), or
     * through to the capacity drive for blocks that find no free slot.
     *
     * @throws CacheFailure when the cache drive fails; IOException when the capacity drive does
     */
    void write(DiskRecord capacity, int extent, int block0, int nb, byte[] buf, int off, byte[] crcs)
            throws IOException {
        lock.lock();
        try {
            long key0 = key(capacity.index, extent, block0);
            int through = 0;
            for (int i = 0; i < nb; i++) {
                int v = map.get(key0 + i, NONE);
                if (v != NONE) {
                    slotOf[i] = v >>> 1;
                    if ((v & DIRTY) == 0) {
                        // clean to dirty: the next commit must name it, or a crash would read capacity's older copy
                        map.put(key0 + i, v | DIRTY);
                        dirty++;
                        changed = true;
                    }
                    continue;
                }
                int s = used.nextClearBit(i == 0 || slotOf[i - 1] == NONE ? 0 : slotOf[i - 1] + 1);
                if (s >= slots) {
                    s = used.nextClearBit(0);
                }
                if (s >= slots) {
                    slotOf[i] = NONE;
                    through++;
                    continue;
                }
                used.set(s);
                slotOf[i] = s;
                map.put(key0 + i, s << 1 | DIRTY);
                dirty++;
                changed = true;
            }
            writeThrough += through;
            copySlots(nb, buf, off, crcs, true);
            if (through > 0) {
                long base = capacityBase(extent);
                int i = 0;
                while (i < nb) {
                    if (slotOf[i] != NONE) {
                        i++;
                        continue;
                    }
                    int j = i + 1;
                    while (j < nb && slotOf[j] == NONE) {
                        j++;
                    }
                    capacity.file.write(base + (long) (block0 + i) * B, buf, off + i * B, (j - i) * B);
                    capacity.file.writeCrcs(base + g.extentBytes() + (long) (block0 + i) * 4, crcs, i * 4, (j - i) * 4, false);
                    i = j;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the cached blocks of a region of a column (the region is being zeroed or was freed). */
    void drop(int diskIndex, int extent, int block0, int nb) {
        lock.lock();
        try {
            long key0 = key(diskIndex, extent, block0);
            for (int i = 0; i < nb; i++) {
                unmap(key0 + i);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every cached block of a capacity drive (replaced or retired). */
    void dropDisk(int diskIndex) {
        lock.lock();
        try {
            for (long k : map.keys()) {
                if (diskOf(k) == diskIndex) {
                    unmap(k);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void unmap(long key) {
        int v = map.remove(key, NONE);
        if (v == NONE) {
            return;
        }
        if ((v & DIRTY) != 0) {
            dirty--;
        }
        if (pendingCount == pendingFree.length) {
            pendingFree = Arrays.copyOf(pendingFree, pendingCount * 2);
        }
        pendingFree[pendingCount++] = v >>> 1;
        changed = true;
    }

    // ---- destage, promotion, eviction --------------------------------------------------------

    /** What a destage pass did. */
    static final class Destaged {
        int blocks;
        /** Capacity drives that failed while being written; the pool fails them. */
        final BitSet failed = new BitSet();
    }

    /**
     * Copies up to {@code max} dirty blocks to their capacity drives (online ones only) and marks
     * them clean. A cached block that fails its checksum stays dirty for a read or scrub to repair.
     *
     * @param extents when not null, only blocks of these (disk index, extent) pairs, encoded as {@code disk << 32 | extent}
     */
    Destaged destage(int max, java.util.Set<Long> extents) {
        Destaged out = new Destaged();
        lock.lock();
        try {
            if (dirty == 0) {
                return out;
            }
            long[] keys = map.keys();
            Arrays.sort(keys);
            for (long k : keys) {
                if (out.blocks >= max) {
                    break;
                }
                int v = map.get(k, NONE);
                if ((v & DIRTY) == 0) {
                    continue;
                }
                int di = diskOf(k);
                int extent = extentOf(k);
                if (extents != null && !extents.contains((long) di << 32 | extent)) {
                    continue;
                }
                DiskRecord cap = disks.disk(di);
                if (!cap.online() || out.failed.get(di)) {
                    continue;
                }
                int slot = v >>> 1;
                try {
                    disk.file.read(slotPos(slot), block, 0, B);
                    disk.file.read(crcPos(slot), crc4, 0, 4);
                } catch (IOException e) {
                    return out;
                }
                int stored = (crc4[0] & 0xff) << 24 | (crc4[1] & 0xff) << 16 | (crc4[2] & 0xff) << 8 | (crc4[3] & 0xff);
                if (BlockCrc.of(crc, block, 0) != stored) {
                    continue;
                }
                long base = capacityBase(extent);
                int b = blockOf(k);
                try {
                    cap.file.write(base + (long) b * B, block, 0, B);
                    cap.file.writeCrcs(base + g.extentBytes() + (long) b * 4, crc4, 0, 4, false);
                } catch (IOException e) {
                    out.failed.set(di);
                    continue;
                }
                map.put(k, v & ~DIRTY);
                dirty--;
                destaged++;
                out.blocks++;
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops clean blocks, those of the given extents first (all of them), then any until
     * {@code keepFree} slots are free or pending.
     *
     * @param extents (disk index, extent) pairs as {@code disk << 32 | extent} whose clean blocks go; may be empty
     * @return blocks dropped
     */
    int evictClean(java.util.Set<Long> extents, int keepFree) {
        lock.lock();
        try {
            int n = 0;
            for (long k : map.keys()) {
                int v = map.get(k, NONE);
                if ((v & DIRTY) == 0 && extents.contains((long) diskOf(k) << 32 | extentOf(k))) {
                    unmap(k);
                    n++;
                }
            }
            if (slots - used.cardinality() + pendingCount < keepFree) {
                for (long k : map.keys()) {
                    if (slots - used.cardinality() + pendingCount >= keepFree) {
                        break;
                    }
                    if ((map.get(k, NONE) & DIRTY) == 0) {
                        unmap(k);
                        n++;
                    }
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies verified blocks of a column in as clean entries (read cache), as far as free slots
     * allow while keeping {@code keepFree} free; blocks already cached are left alone.
     *
     * @return blocks copied in
     * @throws CacheFailure when the cache drive fails; IOException when the capacity drive does
     */
    int promote(DiskRecord capacity, int extent, int block0, int nb, byte[] buf, byte[] crcs, int keepFree)
            throws IOException {
        lock.lock();
        try {
            long base = capacityBase(extent);
            capacity.file.read(base + (long) block0 * B, buf, 0, nb * B);
            capacity.file.readCrcs(base + g.extentBytes() + (long) block0 * 4, crcs, 0, nb * 4);
            long key0 = key(capacity.index, extent, block0);
            int n = 0;
            for (int i = 0; i < nb; i++) {
                if (map.get(key0 + i, NONE) != NONE) {
                    continue;
                }
                int stored = (crcs[i * 4] & 0xff) << 24 | (crcs[i * 4 + 1] & 0xff) << 16
                        | (crcs[i * 4 + 2] & 0xff) << 8 | (crcs[i * 4 + 3] & 0xff);
                if (BlockCrc.of(crc, buf, i * B) != stored) {
                    continue;
                }
                int s = used.nextClearBit(0);
                if (s >= slots || slots - used.cardinality() <= keepFree) {
                    break;
                }
                try {
                    disk.file.write(slotPos(s), buf, i * B, B);
                    disk.file.write(crcPos(s), crcs, i * 4, 4);
                } catch (IOException e) {
                    throw new CacheFailure(this, e);
                }
                used.set(s);
                map.put(key0 + i, s << 1);
                promoted++;
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Verifies the capacity copies of the clean blocks of one extent against the cached copies
     * (the two must agree), rewriting a capacity copy that differs from its verified cached copy.
     *
     * @return {checked, repaired}
     * @throws CacheFailure when the cache drive fails; IOException when the capacity drive does
     */
    long[] scrubClean(DiskRecord capacity, int extent) throws IOException {
        lock.lock();
        try {
            long checked = 0;
            long repaired = 0;
            long base = capacityBase(extent);
            byte[] other = new byte[B];
            byte[] otherCrc = new byte[4];
            for (long k : map.keys()) {
                int v = map.get(k, NONE);
                if ((v & DIRTY) != 0 || diskOf(k) != capacity.index || extentOf(k) != extent) {
                    continue;
                }
                int b = blockOf(k);
                try {
                    disk.file.read(slotPos(v >>> 1), block, 0, B);
                    disk.file.read(crcPos(v >>> 1), crc4, 0, 4);
                } catch (IOException e) {
                    throw new CacheFailure(this, e);
                }
                int stored = (crc4[0] & 0xff) << 24 | (crc4[1] & 0xff) << 16 | (crc4[2] & 0xff) << 8 | (crc4[3] & 0xff);
                if (BlockCrc.of(crc, block, 0) != stored) {
                    continue;
                }
                checked++;
                capacity.file.read(base + (long) b * B, other, 0, B);
                capacity.file.readCrcs(base + g.extentBytes() + (long) b * 4, otherCrc, 0, 4);
                if (!Arrays.equals(block, other) || !Arrays.equals(crc4, otherCrc)) {
                    capacity.file.write(base + (long) b * B, block, 0, B);
                    capacity.file.writeCrcs(base + g.extentBytes() + (long) b * 4, crc4, 0, 4, false);
                    repaired++;
                }
            }
            return new long[] {checked, repaired};
        } finally {
            lock.unlock();
        }
    }

    // ---- metadata ----------------------------------------------------------------------------

    /** The dirty mapping as committed, and the slots a successful commit releases. */
    record Snapshot(long[] keys, int[] slotsOfKeys, int[] released) {
    }

    /** @return the dirty blocks and their slots now, and the slots waiting for a commit (taken out) */
    Snapshot snapshot() {
        lock.lock();
        try {
            long[] keys = new long[dirty];
            int[] slotsOfKeys = new int[dirty];
            int[] n = {0};
            map.forEach((k, v) -> {
                if ((v & DIRTY) != 0) {
                    keys[n[0]] = k;
                    slotsOfKeys[n[0]++] = v >>> 1;
                }
            });
            int[] released = Arrays.copyOf(pendingFree, pendingCount);
            pendingCount = 0;
            changed = false;
            return new Snapshot(keys, slotsOfKeys, released);
        } finally {
            lock.unlock();
        }
    }

    /** After the commit of a snapshot: its released slots are free; on a failed commit they stay pending. */
    void committed(Snapshot s, boolean ok) {
        lock.lock();
        try {
            for (int slot : s.released()) {
                if (ok) {
                    used.clear(slot);
                } else {
                    if (pendingCount == pendingFree.length) {
                        pendingFree = Arrays.copyOf(pendingFree, pendingCount * 2);
                    }
                    pendingFree[pendingCount++] = slot;
                    changed = true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Restores a dirty block from the metadata at open. */
    void restore(long key, int slot) {
        lock.lock();
        try {
            if (slot < 0 || slot >= slots || used.get(slot)) {
                return;
            }
            used.set(slot);
            map.put(key, slot << 1 | DIRTY);
            dirty++;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the mapping changed since the last snapshot */
    boolean changed() {
        return changed;
    }

    /**
     * Empties the cache after its drive failed.
     *
     * @return the keys of the dirty blocks lost with it
     */
    long[] fail() {
        lock.lock();
        try {
            long[] lost = new long[dirty];
            int[] n = {0};
            map.forEach((k, v) -> {
                if ((v & DIRTY) != 0) {
                    lost[n[0]++] = k;
                }
            });
            map.clear();
            used.clear();
            pendingCount = 0;
            dirty = 0;
            changed = true;
            return lost;
        } finally {
            lock.unlock();
        }
    }

    /** @return the capacity disk index of a key */
    int diskIndex(long key) {
        return diskOf(key);
    }

    /** @return the extent of a key */
    int extent(long key) {
        return extentOf(key);
    }

    /** @return the block within its extent of a key */
    int block(long key) {
        return blockOf(key);
    }

    // ---- figures -----------------------------------------------------------------------------

    /** The cache's figures at one instant. */
    record Figures(int slots, int used, int dirty, long hits, long misses, long destaged, long promoted,
            long writeThrough) {
    }

    /** How many counters {@link #counters()} gives. */
    static final int COUNTERS = 5;

    /**
     * @return the counters kept with the pool's metadata, so they survive a reopen: hits, misses,
     *         destaged, promoted and written-through blocks
     */
    long[] counters() {
        lock.lock();
        try {
            return new long[] {hits, misses, destaged, promoted, writeThrough};
        } finally {
            lock.unlock();
        }
    }

    /** Adds the counters committed before the pool was last closed (or crashed). */
    void restoreCounters(long[] c) {
        lock.lock();
        try {
            hits += c[0];
            misses += c[1];
            destaged += c[2];
            promoted += c[3];
            writeThrough += c[4];
        } finally {
            lock.unlock();
        }
    }

    Figures figures() {
        lock.lock();
        try {
            return new Figures(slots, map.size(), dirty, hits, misses, destaged, promoted, writeThrough);
        } finally {
            lock.unlock();
        }
    }

    /** @return dirty blocks now */
    int dirty() {
        lock.lock();
        try {
            return dirty;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads or writes the cached blocks of a request, each run of consecutive slots with one call
     * for its data and one for its checksums; the slot of each block is in {@code slotOf}
     * ({@code NONE} for a block not in the cache).
     *
     * @throws CacheFailure when the cache drive fails
     */
    private void copySlots(int nb, byte[] buf, int bufOff, byte[] crcs, boolean write) throws CacheFailure {
        try {
            int i = 0;
            while (i < nb) {
                if (slotOf[i] == NONE) {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < nb && slotOf[j] == slotOf[j - 1] + 1) {
                    j++;
                }
                if (write) {
                    disk.file.write(slotPos(slotOf[i]), buf, bufOff + i * B, (j - i) * B);
                    disk.file.write(crcPos(slotOf[i]), crcs, i * 4, (j - i) * 4);
                } else {
                    disk.file.read(slotPos(slotOf[i]), buf, bufOff + i * B, (j - i) * B);
                    disk.file.read(crcPos(slotOf[i]), crcs, i * 4, (j - i) * 4);
                }
                i = j;
            }
        } catch (IOException e) {
            throw new CacheFailure(this, e);
        }
    }
}
