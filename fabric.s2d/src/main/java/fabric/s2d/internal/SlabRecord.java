package fabric.s2d.internal;

/**
 * One slab of a volume: the disk and extent of each column, which regions were ever written
 * (regions never written read as zeros without I/O), and per column which regions are stale (missed
 * writes while their disk was away, or not yet rebuilt). A slab shared by clones is copied before
 * one of them writes to it. Mutated only under the pool's lock.
 */
final class SlabRecord {

    final int[] disks;
    final int[] extents;
    final long[] written;
    final long[][] stale;
    /**
     * Regions written since the last flush whose checksums may not be in the files yet (held in
     * memory by {@link DiskFile}); committed before such a write, cleared by the flush after.
     */
    final long[] pending;
    /**
     * The pending regions found at an unclean open, until the reconciling scrub has re-verified
     * them; not persisted.
     */
    long[] suspect;
    /** Counts column writes, under the slab's lock: a flush clears the pending regions only when no write came between. */
    long crcSeq;
    /**
     * Decayed access count (reads and writes), raised under the slab's lock and decayed by the
     * tier thread; a lost update only makes the figure a little less exact.
     */
    double heat;
    /** Whether the tier copied this slab's blocks into the cache; changed by the tier thread under the slab's lock. */
    boolean hot;
    /** How many volumes share this slab (block cloning); changed under the pool's lock, read without it. */
    volatile int refs = 1;
    /**
     * Held around every read, write, scrub and repair of this slab, after the volume's own slab
     * lock: clones that share the slab reach it through different volumes' locks.
     */
    final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    SlabRecord(int columns, int regions) {
        disks = new int[columns];
        extents = new int[columns];
        int words = (regions + 63) / 64;
        written = new long[words];
        pending = new long[words];
        stale = new long[columns][words];
    }

    static boolean get(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    static void set(long[] bits, int i, boolean on) {
        if (on) {
            bits[i >>> 6] |= 1L << i;
        } else {
            bits[i >>> 6] &= ~(1L << i);
        }
    }

    static boolean any(long[] bits) {
        for (long w : bits) {
            if (w != 0) {
                return true;
            }
        }
        return false;
    }

    static int count(long[] bits) {
        int n = 0;
        for (long w : bits) {
            n += Long.bitCount(w);
        }
        return n;
    }
}
