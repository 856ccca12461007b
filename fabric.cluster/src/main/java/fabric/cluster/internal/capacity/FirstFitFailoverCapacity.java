package fabric.cluster.internal.capacity;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.FailoverAssessment;
import fabric.api.topology.FailoverCapacity;
import fabric.api.topology.NodeLossOutcome;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import fabric.api.topology.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The N-1 check by first fit decreasing: for each node that holds workloads, its workloads, largest
 * first, go to the first surviving node (in declared order) whose headroom fits them. Only nodes
 * whose state accepts workloads (up) offer headroom; a node's headroom is its capacity less what it
 * already runs. "Largest" is the workload's dominant share of the scale unit's total capacity.
 */
public final class FirstFitFailoverCapacity implements FailoverCapacity {

    private final Topology topology;

    /** @param topology the declared nodes and their live state */
    public FirstFitFailoverCapacity(Topology topology) {
        this.topology = Objects.requireNonNull(topology, "topology");
    }

    @Override
    public FailoverAssessment assess(ScaleUnitId scaleUnit, Map<NodeId, List<Workload>> placement) {
        Map<NodeId, Resources> capacity = new LinkedHashMap<>();
        for (NodeSpec node : topology.scaleUnit(scaleUnit).nodes()) {
            capacity.put(node.id(), node.resources());
        }
        return assess(scaleUnit, capacity, placement);
    }

    @Override
    public FailoverAssessment assess(ScaleUnitId scaleUnit, Map<NodeId, Resources> capacity,
            Map<NodeId, List<Workload>> placement) {
        ScaleUnitSpec unit = topology.scaleUnit(scaleUnit);
        Set<NodeId> members = new HashSet<>();
        unit.nodes().forEach(n -> members.add(n.id()));
        requireMembers(unit, capacity.keySet(), members, "capacity");
        requireMembers(unit, placement.keySet(), members, "placement");

        Resources total = Resources.NONE;
        for (NodeSpec node : unit.nodes()) {
            total = total.plus(capacity.getOrDefault(node.id(), Resources.NONE));
        }
        Comparator<Workload> largestFirst = largestFirst(total);
        List<NodeLossOutcome> outcomes = new ArrayList<>();
        for (NodeSpec lost : unit.nodes()) {
            List<Workload> workloads = placement.getOrDefault(lost.id(), List.of());
            if (!workloads.isEmpty()) {
                outcomes.add(lose(unit, lost.id(), workloads, capacity, placement, largestFirst));
            }
        }
        return new FailoverAssessment(scaleUnit, outcomes);
    }

    private NodeLossOutcome lose(ScaleUnitSpec unit, NodeId lost, List<Workload> workloads,
            Map<NodeId, Resources> capacity, Map<NodeId, List<Workload>> placement, Comparator<Workload> order) {
        List<NodeId> survivors = new ArrayList<>();
        List<Resources> headroom = new ArrayList<>();
        for (NodeSpec node : unit.nodes()) {
            if (!node.id().equals(lost) && topology.status(node.id()).state().acceptsWorkloads()) {
                survivors.add(node.id());
                headroom.add(headroom(capacity.getOrDefault(node.id(), Resources.NONE),
                        placement.getOrDefault(node.id(), List.of())));
            }
        }
        List<Workload> sorted = new ArrayList<>(workloads);
        sorted.sort(order);
        List<String> stranded = new ArrayList<>();
        Resources strandedDemand = Resources.NONE;
        for (Workload w : sorted) {
            int target = -1;
            for (int i = 0; i < survivors.size() && target < 0; i++) {
                if (headroom.get(i).fits(w.demand())) {
                    target = i;
                }
            }
            if (target < 0) {
                stranded.add(w.name());
                strandedDemand = strandedDemand.plus(w.demand());
            } else {
                headroom.set(target, headroom.get(target).minus(w.demand()));
            }
        }
        return new NodeLossOutcome(lost, stranded.isEmpty(), stranded, strandedDemand);
    }

    /** @return what a node offers beyond what it runs; an overcommitted dimension offers nothing */
    private static Resources headroom(Resources capacity, List<Workload> running) {
        long cpus = capacity.cpus();
        long memory = capacity.memoryBytes();
        for (Workload w : running) {
            cpus -= w.demand().cpus();
            memory -= w.demand().memoryBytes();
        }
        return new Resources(Math.max(0, cpus), Math.max(0, memory));
    }

    /** Largest dominant share of the total first; ties by name, so the result is deterministic. */
    private static Comparator<Workload> largestFirst(Resources total) {
        Comparator<Workload> byShare = Comparator.comparingDouble(w -> -dominantShare(w.demand(), total));
        return byShare.thenComparingLong(w -> -w.demand().memoryBytes())
                .thenComparingLong(w -> -w.demand().cpus())
                .thenComparing(Workload::name);
    }

    private static double dominantShare(Resources demand, Resources total) {
        double cpu = total.cpus() == 0 ? 0 : (double) demand.cpus() / total.cpus();
        double memory = total.memoryBytes() == 0 ? 0 : (double) demand.memoryBytes() / total.memoryBytes();
        return Math.max(cpu, memory);
    }

    private static void requireMembers(ScaleUnitSpec unit, Set<NodeId> given, Set<NodeId> members, String field) {
        for (NodeId node : given) {
            if (!members.contains(node)) {
                throw FabricException.invalid(field, "node " + node + " is not a node of scale unit " + unit.id());
            }
        }
    }
}
