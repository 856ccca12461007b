package fabric.s2d.internal;

import fabric.api.core.NodeId;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.VolumeImpact;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The figures a maintenance decision needs: what a node's disks away would do to each volume, the
 * written bytes on the node and in the pool, and the pending resync. Called under the pool's lock.
 */
final class PoolImpact {

    private final List<DiskRecord> disks;
    private final Geometry geometry;

    PoolImpact(List<DiskRecord> disks, Geometry geometry) {
        this.disks = disks;
        this.geometry = geometry;
    }

    /**
     * @param node the node
     * @param away indexes of its capacity disks
     * @param volumes every volume
     * @param columnWriteRate the pool's column write rate
     * @param resync the pool's resync status
     */
    MaintenanceImpact impact(NodeId node, Set<Integer> away, Iterable<VolumeRecord> volumes, long columnWriteRate,
            ResyncStatus resync) {
        Set<SlabRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<VolumeImpact> list = new ArrayList<>();
        java.util.Map<String, long[]> tiers = new java.util.TreeMap<>();
        long nodeBytes = 0;
        long poolBytes = 0;
        int regions = geometry.regionsPerExtent();
        long R = geometry.regionBytes();
        for (VolumeRecord v : volumes) {
            int needed = v.resiliency.isMirror() ? 1 : v.layout.dataColumns();
            long slabs = 0;
            long onNode = 0;
            long minimum = 0;
            long offline = 0;
            long bytes = 0;
            for (SlabRecord s : v.slabs) {
                if (s == null) {
                    continue;
                }
                slabs++;
                long written = SlabRecord.count(s.written) * R;
                boolean first = seen.add(s);
                boolean touches = false;
                for (int c = 0; c < s.disks.length; c++) {
                    if (away.contains(s.disks[c])) {
                        touches = true;
                        bytes += written;
                        nodeBytes += first ? written : 0;
                    }
                    poolBytes += first ? written : 0;
                }
                onNode += touches ? 1 : 0;
                int worst = Integer.MAX_VALUE;
                for (int r = 0; r < regions; r++) {
                    if (!SlabRecord.get(s.written, r)) {
                        continue;
                    }
                    int current = 0;
                    for (int c = 0; c < s.disks.length; c++) {
                        if (!away.contains(s.disks[c]) && disks.get(s.disks[c]).online()
                                && !SlabRecord.get(s.stale[c], r)) {
                            current++;
                        }
                    }
                    worst = Math.min(worst, current);
                }
                if (worst < needed) {
                    offline++;
                } else if (worst == needed) {
                    minimum++;
                }
            }
            if (v.tierOf == null && v.mirrorSlot == null) {
                list.add(new VolumeImpact(v.name, v.resiliency, slabs, onNode, minimum, offline, bytes));
            } else {
                // the tiers of a mirror-accelerated parity volume count as that volume
                String name = v.tierOf != null ? v.tierOf : v.name;
                long[] sum = tiers.computeIfAbsent(name, x -> new long[5]);
                sum[0] += slabs;
                sum[1] += onNode;
                sum[2] += minimum;
                sum[3] += offline;
                sum[4] += bytes;
            }
        }
        for (java.util.Map.Entry<String, long[]> e : tiers.entrySet()) {
            long[] t = e.getValue();
            list.add(new VolumeImpact(e.getKey(), fabric.api.storage.Resiliency.MIRROR_ACCELERATED_PARITY, t[0], t[1],
                    t[2], t[3], t[4]));
        }
        list.sort((a, b) -> a.volume().compareTo(b.volume()));
        return new MaintenanceImpact(node, list, nodeBytes, columnWriteRate, resync, poolBytes);
    }

    /** @return written column bytes, pool-wide, that are stale or on disks not online (a shared slab counts once) */
    long pendingBytes(Iterable<VolumeRecord> volumes) {
        Set<SlabRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long regions = 0;
        for (VolumeRecord v : volumes) {
            for (SlabRecord s : v.slabs) {
                if (s == null || !seen.add(s)) {
                    continue;
                }
                for (int c = 0; c < s.disks.length; c++) {
                    if (!disks.get(s.disks[c]).online()) {
                        regions += SlabRecord.count(s.written);
                    } else {
                        for (int w = 0; w < s.written.length; w++) {
                            regions += Long.bitCount(s.written[w] & s.stale[c][w]);
                        }
                    }
                }
            }
        }
        return regions * geometry.regionBytes();
    }
}
