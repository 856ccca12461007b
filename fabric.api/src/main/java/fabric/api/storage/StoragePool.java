package fabric.api.storage;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The storage pool of one scale unit: the capacity disks of its nodes, and the volumes on them.
 * Thread-safe. Every operation that throws {@link FabricException} changed nothing.
 */
@ProviderType
public interface StoragePool {

    /** @return the scale unit whose disks this pool holds */
    ScaleUnitId scaleUnit();

    /** @return every disk of the pool, by node then name */
    List<DiskStatus> disks();

    /** @return how many fault domains (nodes with capacity disks) the pool spans */
    int faultDomains();

    /**
     * @param spec the new volume
     * @return its status
     * @throws FabricException {@code ALREADY_EXISTS}; {@code INSUFFICIENT_CAPACITY} when too few fault domains or too little space
     */
    VolumeStatus createVolume(VolumeSpec spec);

    /**
     * Clones a whole volume by block cloning: the clone shares every slab of the source, copy on
     * write (reference counts are kept in the pool's metadata), so the clone takes no time and no
     * space until either volume is written.
     *
     * @param source the volume to clone
     * @param name the clone's name
     * @return the clone's status
     * @throws FabricException {@code NOT_FOUND}; {@code ALREADY_EXISTS}; {@code INVALID_ARGUMENT} for a bad name
     */
    VolumeStatus cloneVolume(String source, String name);

    /**
     * Clones a byte range of one volume onto another (or another place of the same one): whole
     * slabs at the same place within a slab in volumes of the same layout are shared copy on write,
     * the rest is copied. Afterwards the target range reads as the source range did.
     *
     * @param source the source volume
     * @param sourceOffset where the range starts in it
     * @param target the target volume
     * @param targetOffset where the range goes in it
     * @param length the range's length in bytes
     * @throws FabricException {@code NOT_FOUND}; {@code INVALID_ARGUMENT} for a range outside a volume or
     *         overlapping ranges of one volume
     */
    void cloneRange(String source, long sourceOffset, String target, long targetOffset, long length);

    /** @return every volume, by name */
    List<VolumeStatus> volumes();

    /**
     * @param name a volume
     * @return its status
     * @throws FabricException {@code NOT_FOUND}
     */
    VolumeStatus volume(String name);

    /**
     * @param name a volume
     * @return block I/O on it, valid until the volume is deleted
     * @throws FabricException {@code NOT_FOUND}
     */
    BlockDevice open(String name);

    /**
     * Deletes a volume and gives its slabs back to the pool.
     *
     * @param name a volume
     * @throws FabricException {@code NOT_FOUND}
     */
    void deleteVolume(String name);

    /**
     * Takes a disk out of service as failed: its columns go stale where written, and are resynced
     * when it returns.
     *
     * @param node its node
     * @param disk its name
     * @param reason why, in words
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it is not online
     */
    void failDisk(NodeId node, String disk, String reason);

    /**
     * Brings a failed disk back; {@link #repair} then resyncs what it missed.
     *
     * @param node its node
     * @param disk its name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it is not failed
     */
    void returnDisk(NodeId node, String disk);

    /**
     * Declares a disk permanently lost: {@link #repair} rebuilds its columns onto free capacity in a
     * valid fault domain.
     *
     * @param node its node
     * @param disk its name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when already retired
     */
    void retireDisk(NodeId node, String disk);

    /**
     * Replaces a retired or failed disk by a new empty one at the same place; its former columns
     * are rebuilt onto it by {@link #repair}.
     *
     * @param node its node
     * @param disk its name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it is online
     */
    void replaceDisk(NodeId node, String disk);

    /**
     * Puts every disk of a node into storage maintenance (or takes it out: its disks return and
     * {@link #repair} resyncs them).
     *
     * @param node the node
     * @param on {@code true} to enter maintenance, {@code false} to leave it
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when a volume would go offline
     */
    void maintenance(NodeId node, boolean on);

    /**
     * Verifies every block of every column of a volume, repairs corruption from redundancy and
     * rewrites inconsistent parity.
     *
     * @param name a volume
     * @param progress told of each slab done
     * @return what it found
     * @throws FabricException {@code NOT_FOUND}; {@code UNAVAILABLE} when offline
     */
    ScrubReport scrub(String name, Progress progress);

    /**
     * Resyncs stale regions of returned disks and rebuilds the columns of retired disks.
     *
     * @param name a volume
     * @param progress told of each slab done
     * @return what it did
     * @throws FabricException {@code NOT_FOUND}; {@code INSUFFICIENT_CAPACITY} when no valid disk has room for a rebuild
     */
    RepairReport repair(String name, Progress progress);

    /**
     * What taking a node's disks away would do now: per volume, the slabs with a column on the
     * node, those that would keep only the minimum of current columns and those that would go
     * offline (disks already away elsewhere count as away); the written bytes on the node; the
     * pool's recent column write rate and resync work, from which
     * {@link MaintenanceImpact#resyncEstimate} estimates the resync after a downtime. Changes nothing.
     *
     * @param node a node of the pool
     * @return the impact
     * @throws FabricException {@code NOT_FOUND} when the node has no capacity disk in the pool
     * @since 1.1
     */
    MaintenanceImpact maintenanceImpact(NodeId node);

    /**
     * @return the pool's resync work: written column bytes stale or away, the rate measured by the
     *         last repairs (or the configured assumption before any), and the time it would take
     * @since 1.1
     */
    ResyncStatus resync();

    /**
     * The cache drives: each a write-back cache bound to capacity drives of its node (writes land on
     * it and are destaged in the background; reads of cached blocks come from it; hot slabs are
     * copied into it). Each column of a slab is cached on its own node, so the cache has the
     * volume's resiliency: a failed cache drive loses only its node's unflushed-to-capacity blocks,
     * which are resynced from the other columns like any missed write.
     *
     * @return every cache drive, by node then name
     * @since 1.1
     */
    List<CacheStatus> caches();
}
