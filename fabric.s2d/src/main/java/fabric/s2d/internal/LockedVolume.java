package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.storage.BlockDevice;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every block device of a pool shares: its volume record, one lock per unit of the volume
 * (a slab, or a mirror-accelerated parity unit) held around each unit's I/O, and the checks every
 * request starts with.
 */
abstract class LockedVolume implements BlockDevice {

    final VolumeRecord volume;
    final ReentrantLock[] locks;

    LockedVolume(VolumeRecord volume, int units) {
        this.volume = volume;
        this.locks = new ReentrantLock[units];
        for (int i = 0; i < units; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    VolumeRecord record() {
        return volume;
    }

    void lock(int unit) {
        locks[unit].lock();
    }

    void unlock(int unit) {
        locks[unit].unlock();
    }

    void lockAll() {
        for (ReentrantLock l : locks) {
            l.lock();
        }
    }

    void unlockAll() {
        for (ReentrantLock l : locks) {
            l.unlock();
        }
    }

    @Override
    public String name() {
        return volume.name;
    }

    @Override
    public long size() {
        return volume.sizeBytes;
    }

    /**
     * @throws FabricException {@code INVALID_ARGUMENT} for a range outside the volume,
     *         {@code UNAVAILABLE} for a deleted volume
     */
    final void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset > volume.sizeBytes - length) {
            throw FabricException.invalid("range", "bytes " + offset + "+" + length + " lie outside volume "
                    + volume.name + " of " + volume.sizeBytes + " bytes");
        }
        requireNotDeleted();
    }

    /** @throws FabricException {@code UNAVAILABLE} for a deleted volume */
    final void requireNotDeleted() {
        if (volume.deleted) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "volume " + volume.name + " was deleted");
        }
    }
}
