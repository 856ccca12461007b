package fabric.lifecycle.internal;

import fabric.api.core.NodeId;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.VolumeImpact;
import fabric.api.storage.VolumeStatus;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the test fakes of the storage pool answer for {@code maintenanceImpact}: every slab of a
 * volume has a column on every node (as a layout with at least as many columns as nodes places it),
 * so a volume goes offline when more nodes are away than its redundancy.
 */
final class StorageFakes {

    /** The resync rate the fakes report, measured. */
    static final long RESYNC_BYTES_PER_SECOND = 100L << 20;

    private StorageFakes() {
    }

    static MaintenanceImpact impact(NodeId node, List<VolumeStatus> volumes, List<DiskStatus> disks) {
        Set<String> away = new LinkedHashSet<>();
        Set<String> nodes = new LinkedHashSet<>();
        for (DiskStatus d : disks) {
            nodes.add(d.node());
            if (d.state() != DiskState.ONLINE) {
                away.add(d.node());
            }
        }
        away.add(node.value());
        long onNode = 0;
        long pool = 0;
        long pending = 0;
        List<VolumeImpact> impacts = new java.util.ArrayList<>();
        for (VolumeStatus v : volumes) {
            long columnBytes = v.footprintBytes() / v.layout().columns();
            int redundancy = v.layout().redundancyColumns();
            long slabs = v.allocatedSlabs();
            impacts.add(new VolumeImpact(v.name(), v.resiliency(), slabs, slabs, away.size() == redundancy ? slabs : 0,
                    away.size() > redundancy ? slabs : 0, columnBytes));
            onNode += columnBytes;
            pool += v.footprintBytes();
            pending += v.staleBytes();
        }
        ResyncStatus resync = new ResyncStatus(pending, RESYNC_BYTES_PER_SECOND, true,
                ResyncStatus.duration(pending, RESYNC_BYTES_PER_SECOND));
        return new MaintenanceImpact(node, impacts, onNode, 10L << 20, resync, Math.max(pool, onNode));
    }

    /** @return how long the fakes say resyncing so many bytes takes */
    static Duration resync(long bytes) {
        return ResyncStatus.duration(bytes, RESYNC_BYTES_PER_SECOND);
    }
}
