package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.storage.VolumeHealth;
import java.nio.ByteBuffer;

/**
 * Block I/O on a mirror-accelerated parity volume. The volume is cut into units of one parity
 * slab; unit {@code i} sits either in a slot of the three-way mirror tier (a hidden volume of
 * {@code slots} units) or at unit {@code i} of the dual-parity tier (a hidden volume of the whole
 * size). A write to a unit in parity moves it to a free mirror slot first (copying what it held),
 * so writes land on mirror; with no free slot it goes to parity. {@link #rotate} sends the
 * coldest units back to parity when the mirror tier is above its high watermark.
 *
 * <p>A move copies the data, commits the new place (the commit forces the data first), then frees
 * the old place, so a crash at any instant leaves each unit whole in one tier.
 */
final class MapVolume extends LockedVolume {

    private final FilePool pool;
    private final PoolVolume mirror;
    private final PoolVolume parity;
    private final long unit;
    private final int k;

    MapVolume(FilePool pool, VolumeRecord volume, PoolVolume mirror, PoolVolume parity) {
        super(volume, volume.mirrorSlot.length);
        this.pool = pool;
        this.mirror = mirror;
        this.parity = parity;
        this.unit = parity.engine().slabBytes();
        this.k = parity.record().layout.dataColumns();
    }

    PoolVolume mirrorTier() {
        return mirror;
    }

    PoolVolume parityTier() {
        return parity;
    }

    private void check(long offset, long length) {
        checkRange(offset, length);
        for (PoolVolume tier : new PoolVolume[] {mirror, parity}) {
            if (tier.record().health == VolumeHealth.OFFLINE) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "volume " + volume.name + " is offline: "
                        + tier.record().reason);
            }
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        check(offset, len);
        long pos = offset;
        long end = offset + len;
        while (pos < end) {
            int i = (int) (pos / unit);
            long in = pos % unit;
            int chunk = (int) Math.min(end - pos, unit - in);
            locks[i].lock();
            try {
                ByteBuffer part = dst.duplicate();
                part.limit(part.position() + chunk);
                int slot = volume.mirrorSlot[i];
                if (slot >= 0) {
                    mirror.read(slot * unit + in, part);
                } else {
                    parity.read(i * unit + in, part);
                }
                dst.position(dst.position() + chunk);
            } finally {
                locks[i].unlock();
            }
            pos += chunk;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) {
        int len = src.remaining();
        check(offset, len);
        long pos = offset;
        long end = offset + len;
        while (pos < end) {
            int i = (int) (pos / unit);
            long in = pos % unit;
            int chunk = (int) Math.min(end - pos, unit - in);
            locks[i].lock();
            try {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + chunk);
                int slot = volume.mirrorSlot[i];
                if (slot < 0) {
                    slot = toMirror(i, chunk == unit);
                }
                if (slot >= 0) {
                    mirror.write(slot * unit + in, part, false);
                } else {
                    parity.write(i * unit + in, part, false);
                }
                src.position(src.position() + chunk);
            } finally {
                locks[i].unlock();
            }
            pos += chunk;
        }
        if (fua) {
            flush();
        }
    }

    /**
     * Moves unit {@code i} from parity into a free mirror slot: copies its written regions (unless
     * the coming write covers it whole), commits the slot, frees the parity slab. Holds the unit's lock.
     *
     * @return the slot, or -1 when the mirror tier has none free
     */
    private int toMirror(int i, boolean overwritten) {
        int slot = pool.takeMirrorSlot(volume);
        if (slot < 0) {
            return -1;
        }
        try {
            if (!overwritten) {
                copyParityUnit(i, slot);
            }
            pool.placeUnit(volume, i, slot);
        } catch (RuntimeException e) {
            pool.releaseMirrorSlot(volume, slot);
            mirror.writeZeroes(slot * unit, unit);
            throw e;
        }
        parity.writeZeroes(i * unit, unit);
        return slot;
    }

    private void copyParityUnit(int i, int slot) {
        SlabRecord s = parity.record().slabs[i];
        if (s == null) {
            return;
        }
        long regionLogical = (long) pool.geometry().regionBytes() * k;
        ByteBuffer buf = ByteBuffer.allocate((int) regionLogical);
        for (int r = 0; r < pool.geometry().regionsPerExtent(); r++) {
            if (SlabRecord.get(s.written, r)) {
                buf.clear();
                parity.read(i * unit + r * regionLogical, buf);
                buf.flip();
                mirror.write(slot * unit + r * regionLogical, buf, false);
            }
        }
    }

    /**
     * Rotates units from mirror to parity: when more than the high watermark of the mirror slots
     * is taken, the coldest units (by the heat of their mirror slabs) go until the low watermark;
     * units not yet cold stay.
     *
     * @param high share of slots in use that starts rotation
     * @param low share it stops at
     * @param coldHeat heat under which a unit may go
     * @return units rotated
     */
    int rotate(double high, double low, double coldHeat) {
        int slots = pool.mirrorSlots(volume);
        int used = 0;
        for (int s : volume.mirrorSlot) {
            used += s >= 0 ? 1 : 0;
        }
        if (used == 0 || used < Math.ceil(slots * high)) {
            return 0;
        }
        int target = (int) (slots * low);
        int rotated = 0;
        while (used > target) {
            int coldest = -1;
            double heat = Double.MAX_VALUE;
            for (int i = 0; i < volume.mirrorSlot.length; i++) {
                int s = volume.mirrorSlot[i];
                if (s >= 0 && heat(s) < heat && heat(s) < coldHeat) {
                    heat = heat(s);
                    coldest = i;
                }
            }
            if (coldest < 0 || !rotateUnit(coldest)) {
                break;
            }
            used--;
            rotated++;
        }
        return rotated;
    }

    /** Rotates every unit in the mirror tier to parity; for tests and draining. */
    int rotateAll() {
        int n = 0;
        for (int i = 0; i < volume.mirrorSlot.length; i++) {
            if (volume.mirrorSlot[i] >= 0 && rotateUnit(i)) {
                n++;
            }
        }
        return n;
    }

    private double heat(int slot) {
        double h = 0;
        for (int j = 0; j < k; j++) {
            SlabRecord s = mirror.record().slabs[slot * k + j];
            h += s == null ? 0 : s.heat;
        }
        return h;
    }

    /** Copies unit {@code i} from its mirror slot to parity, commits, frees the slot. */
    boolean rotateUnit(int i) {
        locks[i].lock();
        try {
            int slot = volume.mirrorSlot[i];
            if (slot < 0 || volume.deleted) {
                return false;
            }
            long regionLogical = pool.geometry().regionBytes();
            ByteBuffer buf = ByteBuffer.allocate((int) regionLogical);
            long slabBytes = mirror.engine().slabBytes();
            for (int j = 0; j < k; j++) {
                SlabRecord s = mirror.record().slabs[slot * k + j];
                if (s == null) {
                    continue;
                }
                for (int r = 0; r < pool.geometry().regionsPerExtent(); r++) {
                    if (SlabRecord.get(s.written, r)) {
                        long inUnit = j * slabBytes + r * regionLogical;
                        buf.clear();
                        mirror.read(slot * unit + inUnit, buf);
                        buf.flip();
                        parity.write(i * unit + inUnit, buf, false);
                    }
                }
            }
            pool.placeUnit(volume, i, -1);
            mirror.writeZeroes(slot * unit, unit);
            pool.releaseMirrorSlot(volume, slot);
            return true;
        } finally {
            locks[i].unlock();
        }
    }

    @Override
    public void flush() {
        requireNotDeleted();
        pool.flush();
        pool.requireNoLostWrites(volume, mirror.record(), parity.record());
    }

    @Override
    public void trim(long offset, long length) {
        writeZeroes(offset, length);
    }

    @Override
    public void writeZeroes(long offset, long length) {
        check(offset, length);
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int i = (int) (pos / unit);
            long in = pos % unit;
            long chunk = Math.min(end - pos, unit - in);
            locks[i].lock();
            try {
                int slot = volume.mirrorSlot[i];
                if (slot >= 0) {
                    mirror.writeZeroes(slot * unit + in, chunk);
                    if (chunk == unit) {
                        pool.placeUnit(volume, i, -1);
                        pool.releaseMirrorSlot(volume, slot);
                    }
                } else {
                    parity.writeZeroes(i * unit + in, chunk);
                }
            } finally {
                locks[i].unlock();
            }
            pos += chunk;
        }
    }
}
