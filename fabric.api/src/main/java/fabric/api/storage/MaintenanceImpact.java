package fabric.api.storage;

import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What taking one node's disks out of service (maintenance, reboot, failure) would do to the
 * pool: per volume, the slabs that lose a column, keep only the minimum or go offline; and how
 * much would have to be resynced after a given downtime.
 *
 * @param node the node
 * @param volumes one entry per volume, by name
 * @param bytesOnNode written column bytes on the node's disks, pool-wide (a slab shared by clones
 *        counts once)
 * @param columnWriteBytesPerSecond the pool's recent write rate in column bytes (logical bytes
 *        times columns / data columns of each volume), measured over a sliding window
 * @param resync the pool's resync work now and its rate
 * @param poolWrittenBytes written column bytes of the whole pool, every node (a slab shared by
 *        clones counts once); the node's share of new writes is taken as
 *        {@code bytesOnNode / poolWrittenBytes}
 * @since 1.1
 */
public record MaintenanceImpact(NodeId node, List<VolumeImpact> volumes, long bytesOnNode,
        long columnWriteBytesPerSecond, ResyncStatus resync, long poolWrittenBytes) {

    /** Validates every part; copies the volume list. */
    public MaintenanceImpact {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(resync, "resync");
        volumes = List.copyOf(volumes);
        if (bytesOnNode < 0 || columnWriteBytesPerSecond < 0 || poolWrittenBytes < 0) {
            throw new IllegalArgumentException("maintenance impact of " + node + ": figures must not be negative");
        }
        if (bytesOnNode > poolWrittenBytes) {
            throw new IllegalArgumentException("maintenance impact of " + node + ": " + bytesOnNode
                    + " bytes on the node exceed the pool's " + poolWrittenBytes);
        }
    }

    /**
     * The impact without the pool's total: the node's share of new writes is taken as 1 (every
     * write touches the node), the upper bound.
     *
     * @param node the node
     * @param volumes one entry per volume
     * @param bytesOnNode written column bytes on the node's disks
     * @param columnWriteBytesPerSecond the pool's write rate in column bytes
     * @param resync the pool's resync work and rate
     */
    public MaintenanceImpact(NodeId node, List<VolumeImpact> volumes, long bytesOnNode, long columnWriteBytesPerSecond,
            ResyncStatus resync) {
        this(node, volumes, bytesOnNode, columnWriteBytesPerSecond, resync, bytesOnNode);
    }

    /** @return whether a volume would go offline: some slab would keep fewer current columns than needed */
    public boolean offlineRisk() {
        for (VolumeImpact v : volumes) {
            if (v.slabsOffline() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * An estimate of the bytes to resync after the node was away so long: the pool's column write
     * rate times the downtime times the node's share of the written bytes
     * ({@code bytesOnNode / poolWrittenBytes}), at most {@code bytesOnNode}. It is an estimate: the
     * engine tracks stale data in regions (4 MiB by default), so a scattered small write marks a
     * whole region and the real resync can be larger; repeated writes to one place count once in
     * the real resync and each time here.
     *
     * @param downtime how long the node is away; not negative
     * @return the estimated bytes
     */
    public long resyncBytesAfter(Duration downtime) {
        Objects.requireNonNull(downtime, "downtime");
        if (downtime.isNegative()) {
            throw new IllegalArgumentException("downtime must not be negative: " + downtime);
        }
        if (bytesOnNode == 0 || poolWrittenBytes == 0) {
            return 0;
        }
        double seconds = downtime.getSeconds() + downtime.getNano() / 1e9;
        double share = (double) bytesOnNode / poolWrittenBytes;
        double bytes = columnWriteBytesPerSecond * seconds * share;
        return (long) Math.min(bytesOnNode, Math.ceil(bytes));
    }

    /**
     * @param downtime how long the node is away; not negative
     * @return {@link #resyncBytesAfter(Duration)} at the resync rate of {@link #resync()}, an estimate
     */
    public Duration resyncEstimate(Duration downtime) {
        return ResyncStatus.duration(resyncBytesAfter(downtime), resync.bytesPerSecond());
    }
}
