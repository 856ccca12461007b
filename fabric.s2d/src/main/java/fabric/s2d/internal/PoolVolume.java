package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.storage.VolumeHealth;
import java.nio.ByteBuffer;

/**
 * Block I/O on a volume of a {@link FilePool}. Each slab has its own lock, so I/O to different
 * slabs runs in parallel; I/O that spans slabs takes their locks one after the other.
 */
final class PoolVolume extends LockedVolume {

    private static final ByteBuffer ZEROS = ByteBuffer.allocate(1 << 20).asReadOnlyBuffer();

    private final FilePool pool;
    private final SlabEngine engine;
    private final long slabBytes;
    private final long regionLogical;

    PoolVolume(FilePool pool, VolumeRecord volume, SlabEngine engine) {
        super(volume, volume.slabs.length);
        this.pool = pool;
        this.engine = engine;
        this.slabBytes = engine.slabBytes();
        this.regionLogical = (long) pool.geometry().regionBytes() * volume.layout.dataColumns();
    }

    SlabEngine engine() {
        return engine;
    }

    private void check(long offset, long length) {
        checkRange(offset, length);
        if (volume.health == VolumeHealth.OFFLINE) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "volume " + volume.name + " is offline: " + volume.reason);
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        check(offset, len);
        long pos = offset;
        long end = offset + len;
        while (pos < end) {
            int slab = (int) (pos / slabBytes);
            long inSlab = pos % slabBytes;
            int chunk = (int) Math.min(end - pos, slabBytes - inSlab);
            locks[slab].lock();
            try {
                SlabRecord s = volume.slabs[slab];
                if (s == null) {
                    engine.read(slab, null, inSlab, dst, chunk);
                } else {
                    s.lock.lock();
                    try {
                        s.heat++;
                        engine.read(slab, s, inSlab, dst, chunk);
                    } finally {
                        s.lock.unlock();
                    }
                }
            } finally {
                locks[slab].unlock();
            }
            pos += chunk;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) {
        int len = src.remaining();
        check(offset, len);
        pool.beginWrites();
        long pos = offset;
        long end = offset + len;
        while (pos < end) {
            int slab = (int) (pos / slabBytes);
            long inSlab = pos % slabBytes;
            int chunk = (int) Math.min(end - pos, slabBytes - inSlab);
            locks[slab].lock();
            try {
                SlabRecord s = volume.slabs[slab];
                if (s == null) {
                    s = pool.allocate(volume, slab);
                } else if (pool.shared(s)) {
                    s = unshare(slab, s);
                }
                s.lock.lock();
                try {
                    s.heat++;
                    engine.write(slab, s, inSlab, src, chunk);
                } finally {
                    s.lock.unlock();
                }
            } finally {
                locks[slab].unlock();
            }
            pos += chunk;
        }
        pool.countWrite(len * (long) volume.layout.columns() / volume.layout.dataColumns());
        if (fua) {
            flush();
        }
    }

    @Override
    public void flush() {
        requireNotDeleted();
        pool.flush();
        pool.requireNoLostWrites(volume);
    }

    @Override
    public void trim(long offset, long length) {
        writeZeroes(offset, length);
    }

    @Override
    public void writeZeroes(long offset, long length) {
        check(offset, length);
        pool.beginWrites();
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int slab = (int) (pos / slabBytes);
            long inSlab = pos % slabBytes;
            long chunk = Math.min(end - pos, slabBytes - inSlab);
            locks[slab].lock();
            try {
                SlabRecord s = volume.slabs[slab];
                if (s != null) {
                    if (chunk == slabBytes) {
                        pool.freeSlab(volume, slab);
                    } else {
                        if (pool.shared(s)) {
                            s = unshare(slab, s);
                        }
                        s.lock.lock();
                        try {
                            zeroInSlab(slab, s, inSlab, chunk);
                        } finally {
                            s.lock.unlock();
                        }
                    }
                }
            } finally {
                locks[slab].unlock();
            }
            pos += chunk;
        }
    }

    /**
     * Copy on write: gives this volume its own copy of a slab it shares with clones, region by
     * written region, before it changes it. Called with the slab's lock held. Two volumes sharing
     * the slab may get here at once: the shared slab's lock orders them, and the second finds it
     * no longer shared.
     */
    private SlabRecord unshare(int slab, SlabRecord shared) {
        shared.lock.lock();
        SlabRecord copy = null;
        try {
            if (!pool.shared(shared)) {
                // the other volume copied it while this one waited for its lock: it is this volume's alone now
                return shared;
            }
            copy = pool.allocateDetached(volume, slab);
            ByteBuffer buf = ByteBuffer.allocate((int) regionLogical);
            int regions = pool.geometry().regionsPerExtent();
            for (int r = 0; r < regions; r++) {
                if (SlabRecord.get(shared.written, r)) {
                    buf.clear();
                    engine.read(slab, shared, r * regionLogical, buf, buf.capacity());
                    buf.flip();
                    engine.write(slab, copy, r * regionLogical, buf, buf.capacity());
                }
            }
            pool.installCopy(volume, slab, shared, copy);
        } catch (RuntimeException e) {
            if (copy != null) {
                pool.releaseDetached(copy);
            }
            throw e;
        } finally {
            shared.lock.unlock();
        }
        return copy;
    }

    /** Drops whole regions from the written map; writes zeros over the partial ends. */
    private void zeroInSlab(int slab, SlabRecord s, long inSlab, long chunk) {
        long pos = inSlab;
        long end = inSlab + chunk;
        while (pos < end) {
            int region = (int) (pos / regionLogical);
            long regionStart = region * regionLogical;
            long regionEnd = regionStart + regionLogical;
            long stop = Math.min(end, regionEnd);
            if (!SlabRecord.get(s.written, region)) {
                pos = stop;
                continue;
            }
            if (pos == regionStart && stop == regionEnd) {
                pool.clearWritten(s, region);
            } else {
                while (pos < stop) {
                    int step = (int) Math.min(stop - pos, ZEROS.capacity());
                    ByteBuffer z = ZEROS.duplicate();
                    z.limit(step);
                    engine.write(slab, s, pos, z, step);
                    pos += step;
                }
            }
            pos = stop;
        }
    }
}
