package fabric.api.topology;

/**
 * What a disk does in the storage pool. As in Storage Spaces Direct, the fastest media of a node
 * become cache drives in front of the slower capacity drives; a node whose disks are all of one
 * media has capacity drives only.
 */
public enum DiskRole {
    /** A write-back cache bound to the node's capacity drives; adds no capacity. */
    CACHE,
    /** Holds the pool's data. */
    CAPACITY
}
