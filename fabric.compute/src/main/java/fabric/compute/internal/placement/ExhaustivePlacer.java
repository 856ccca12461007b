package fabric.compute.internal.placement;

import fabric.api.compute.NodeVerdict;
import fabric.api.compute.PlacementExplanation;
import fabric.api.core.ByteSize;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reference placement: filter and score every node from the raw facts (capacities, states and
 * the list of placements), recomputing everything for each question. Slow (a scan of every VM per
 * question) but plainly right, and it explains itself: each node gets its rejection or its rank.
 */
public final class ExhaustivePlacer implements Placer {

    private final Fleet fleet;

    /** @param fleet the nodes and placements to read */
    public ExhaustivePlacer(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public int choose(PlacementRequest request) {
        return explain(request).chosen().map(fleet::node).orElse(-1);
    }

    /**
     * @param request the VM and the rules that apply
     * @return every node's verdict, and the choice
     */
    public PlacementExplanation explain(PlacementRequest request) {
        Facts facts = new Facts(fleet, request.demand());
        int n = fleet.nodeCount();
        String[] rejection = new String[n];
        double[] free = new double[n];
        List<Integer> eligible = new ArrayList<>();
        for (int node = 0; node < n; node++) {
            rejection[node] = reject(request, facts, node);
            if (rejection[node] == null) {
                free[node] = Reserve.freeShare(fleet.vcpuCap[node], facts.vcpuUsed[node], fleet.memCap[node],
                        facts.memUsed[node]);
                eligible.add(node);
            }
        }
        eligible.sort((a, b) -> Ranking.compare(facts.setMembers[a], facts.udConflicts[a], free[a], a,
                facts.setMembers[b], facts.udConflicts[b], free[b], b));
        int[] rank = new int[n];
        for (int i = 0; i < eligible.size(); i++) {
            rank[eligible.get(i)] = i + 1;
        }
        List<NodeVerdict> verdicts = new ArrayList<>(n);
        for (int node = 0; node < n; node++) {
            verdicts.add(new NodeVerdict(fleet.nodeId(node), rejection[node] == null ? "" : rejection[node],
                    facts.setMembers[node], facts.udConflicts[node], free[node], rank[node]));
        }
        return new PlacementExplanation(request.demand().vm(), verdicts,
                eligible.isEmpty() ? Optional.empty() : Optional.of(fleet.nodeId(eligible.get(0))));
    }

    private String reject(PlacementRequest request, Facts facts, int node) {
        Demand d = request.demand();
        int unit = fleet.unitOf(node);
        if (request.unitOnly() >= 0 && unit != request.unitOnly()) {
            return "in scale unit " + fleet.unitId(unit) + ", not the VM's " + fleet.unitId(request.unitOnly());
        }
        if (!fleet.state(node).acceptsWorkloads()) {
            return "node is " + fleet.state(node);
        }
        if (fleet.draining(node)) {
            return "node is being drained";
        }
        if (!fleet.quorum(unit)) {
            return "scale unit " + fleet.unitId(unit) + " has lost quorum";
        }
        if (d.affinityGroup() != null && !facts.affinityNodes.isEmpty() && !facts.affinityNodes.contains(node)) {
            return "affinity group " + d.affinityGroup() + " runs on " + fleet.nodeId(facts.affinityNodes.iterator().next());
        }
        if (d.antiAffinityGroup() != null && facts.antiAffinityNodes.contains(node)) {
            return "anti-affinity group " + d.antiAffinityGroup() + " already has a VM here";
        }
        long freeVcpus = fleet.vcpuCap[node] - facts.vcpuUsed[node];
        if (d.vcpus() > freeVcpus) {
            return "needs " + d.vcpus() + " vCPU, " + Math.max(0, freeVcpus) + " of " + fleet.vcpuCap[node] + " free";
        }
        long freeMemory = fleet.memCap[node] - facts.memUsed[node];
        if (d.memoryBytes() > freeMemory) {
            return "needs " + ByteSize.ofBytes(d.memoryBytes()) + " memory, " + ByteSize.ofBytes(Math.max(0, freeMemory))
                    + " free";
        }
        if (request.keepReserve()) {
            int lost = facts.reserveBrokenBy(node);
            if (lost >= 0) {
                return "N-1 reserve: afterwards the loss of " + fleet.nodeId(lost)
                        + " would strand VMs of scale unit " + fleet.unitId(unit);
            }
        }
        return null;
    }

    /** Everything about the current placements a question needs, computed by one scan. */
    private static final class Facts {
        final Fleet fleet;
        final Demand demand;
        final long[] vcpuUsed;
        final long[] memUsed;
        final int[] setMembers;
        final int[] udConflicts;
        final Set<Integer> affinityNodes = new HashSet<>();
        final Set<Integer> antiAffinityNodes = new HashSet<>();
        final long[] weightSum;
        final long[] weightMax;
        final int[] vms;

        Facts(Fleet fleet, Demand demand) {
            this.fleet = fleet;
            this.demand = demand;
            int n = fleet.nodeCount();
            vcpuUsed = new long[n];
            memUsed = new long[n];
            setMembers = new int[n];
            udConflicts = new int[n];
            weightSum = new long[n];
            weightMax = new long[n];
            vms = new int[n];
            for (Fleet.Placed p : fleet.placements()) {
                Demand other = p.demand();
                int node = p.node();
                int unit = fleet.unitOf(node);
                vms[node]++;
                vcpuUsed[node] += other.vcpus();
                memUsed[node] += other.memoryBytes();
                long w = Reserve.weight(other.vcpus(), other.memoryBytes(), fleet.refVcpus[unit], fleet.refMemory[unit]);
                weightSum[node] += w;
                weightMax[node] = Math.max(weightMax[node], w);
                if (demand.availabilitySet() != null && demand.availabilitySet().equals(other.availabilitySet())) {
                    setMembers[node]++;
                    if (other.updateDomain() != demand.updateDomain()) {
                        udConflicts[node]++;
                    }
                }
                if (demand.affinityGroup() != null && demand.affinityGroup().equals(other.affinityGroup())) {
                    affinityNodes.add(node);
                }
                if (demand.antiAffinityGroup() != null && demand.antiAffinityGroup().equals(other.antiAffinityGroup())) {
                    antiAffinityNodes.add(node);
                }
            }
        }

        /** @return the first node of the candidate's unit whose loss would strand VMs after placing there, or -1 */
        int reserveBrokenBy(int candidate) {
            int unit = fleet.unitOf(candidate);
            int[] nodes = fleet.unitNodes[unit];
            long refV = fleet.refVcpus[unit];
            long refM = fleet.refMemory[unit];
            long w = Reserve.weight(demand.vcpus(), demand.memoryBytes(), refV, refM);
            int n = nodes.length;
            long[] free = new long[n];
            boolean[] accepting = new boolean[n];
            long[] sum = new long[n];
            long[] max = new long[n];
            int[] count = new int[n];
            for (int i = 0; i < n; i++) {
                int node = nodes[i];
                boolean here = node == candidate;
                long v = vcpuUsed[node] + (here ? demand.vcpus() : 0);
                long m = memUsed[node] + (here ? demand.memoryBytes() : 0);
                free[i] = Reserve.free(fleet.vcpuCap[node] - v, fleet.memCap[node] - m, refV, refM);
                accepting[i] = fleet.accepting(node);
                sum[i] = weightSum[node] + (here ? w : 0);
                max[i] = here ? Math.max(weightMax[node], w) : weightMax[node];
                count[i] = vms[node] + (here ? 1 : 0);
            }
            for (int i = 0; i < n; i++) {
                if (!Reserve.lossHolds(i, free, accepting, sum, max, count)) {
                    return nodes[i];
                }
            }
            return -1;
        }
    }
}
