package fabric.compute.internal.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fast placement: the same decisions as {@link ExhaustivePlacer}, from the fleet's incremental
 * aggregates and an index of the nodes that take VMs, ordered by free capacity.
 *
 * <p>A node without members of the VM's availability set outranks every node with members, so the
 * answer is the first node of the index (skipping the set's nodes) that passes every rule, checked in
 * constant time each (the N-1 reserve through the scale unit's two largest requirements, falling back
 * to the unit's full check only when that bound fails); only when
 * none passes are the set's own nodes ranked. A move within a scale unit ranks that unit's nodes.
 */
public final class IndexedPlacer implements Placer {

    private final Fleet fleet;
    private final double[] key;
    private final TreeSet<Integer> byFree;

    /** @param fleet the nodes and placements to read; this placer follows its changes from now on */
    public IndexedPlacer(Fleet fleet) {
        this.fleet = fleet;
        this.key = new double[fleet.nodeCount()];
        this.byFree = new TreeSet<>((a, b) -> Ranking.compare(0, 0, key[a], a, 0, 0, key[b], b));
        for (int node = 0; node < fleet.nodeCount(); node++) {
            refresh(node);
        }
        fleet.addNodeListener(this::refresh);
    }

    private void refresh(int node) {
        byFree.remove(node);
        key[node] = Reserve.freeShare(fleet.vcpuCap[node], fleet.vcpuUsed[node], fleet.memCap[node],
                fleet.memUsed[node]);
        if (fleet.accepting(node) && fleet.quorum(fleet.unitOf(node))) {
            byFree.add(node);
        }
    }

    @Override
    public int choose(PlacementRequest request) {
        Demand d = request.demand();
        Map<Integer, int[]> setNodes = d.availabilitySet() == null ? Map.of()
                : fleet.setCounts.getOrDefault(d.availabilitySet(), Map.of());
        Map<Integer, Integer> affinity = d.affinityGroup() == null ? Map.of()
                : fleet.affinityCounts.getOrDefault(d.affinityGroup(), Map.of());
        if (request.unitOnly() >= 0 || !affinity.isEmpty()) {
            List<Integer> candidates = new ArrayList<>();
            if (!affinity.isEmpty()) {
                candidates.addAll(affinity.keySet());
            } else {
                for (int node : fleet.unitNodes[request.unitOnly()]) {
                    candidates.add(node);
                }
            }
            return best(request, candidates, setNodes);
        }
        for (int node : byFree) {
            if (!setNodes.containsKey(node) && passes(request, node)) {
                return node;
            }
        }
        return best(request, new ArrayList<>(setNodes.keySet()), setNodes);
    }

    private int best(PlacementRequest request, List<Integer> candidates, Map<Integer, int[]> setNodes) {
        int best = -1;
        int bestSet = 0;
        int bestUd = 0;
        for (int node : candidates) {
            if (!byFree.contains(node) || (request.unitOnly() >= 0 && fleet.unitOf(node) != request.unitOnly())
                    || !passes(request, node)) {
                continue;
            }
            int[] counts = setNodes.get(node);
            int set = counts == null ? 0 : counts[0];
            int ud = counts == null ? 0 : set - udCount(counts, request.demand().updateDomain());
            if (best < 0 || Ranking.compare(set, ud, key[node], node, bestSet, bestUd, key[best], best) < 0) {
                best = node;
                bestSet = set;
                bestUd = ud;
            }
        }
        return best;
    }

    private static int udCount(int[] counts, int updateDomain) {
        return updateDomain + 1 < counts.length ? counts[updateDomain + 1] : 0;
    }

    /** Every rule but node state and quorum, which the index holds. */
    private boolean passes(PlacementRequest request, int node) {
        Demand d = request.demand();
        if (d.antiAffinityGroup() != null) {
            Map<Integer, Integer> anti = fleet.antiAffinityCounts.get(d.antiAffinityGroup());
            if (anti != null && anti.containsKey(node)) {
                return false;
            }
        }
        long freeVcpus = fleet.vcpuCap[node] - fleet.vcpuUsed[node];
        long freeMemory = fleet.memCap[node] - fleet.memUsed[node];
        if (d.vcpus() > freeVcpus || d.memoryBytes() > freeMemory) {
            return false;
        }
        return !request.keepReserve() || reserveHolds(d, node, freeVcpus, freeMemory);
    }

    private boolean reserveHolds(Demand d, int node, long freeVcpus, long freeMemory) {
        int unit = fleet.unitOf[node];
        long refV = fleet.refVcpus[unit];
        long refM = fleet.refMemory[unit];
        long w = Reserve.weight(d.vcpus(), d.memoryBytes(), refV, refM);
        long after = Reserve.free(freeVcpus - d.vcpus(), freeMemory - d.memoryBytes(), refV, refM);
        long total = fleet.unitFree[unit] - Reserve.free(freeVcpus, freeMemory, refV, refM) + after;
        int survivors = fleet.unitAccepting[unit] - 1;
        long others = fleet.unitTopNode[unit] == node ? fleet.unitSecondRequirement[unit]
                : fleet.unitTopRequirement[unit];
        if (others <= total
                && Reserve.holds(total - after, survivors, fleet.weightSum[node] + w, Math.max(fleet.weightMax[node], w))) {
            return true;
        }
        // The aggregate bound failed somewhere; the slot bound may still hold: check the unit in full.
        return fleet.reserveHoldsWith(node, d);
    }
}
