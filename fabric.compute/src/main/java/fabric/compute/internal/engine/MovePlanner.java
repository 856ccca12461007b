package fabric.compute.internal.engine;

import fabric.api.compute.NodeVerdict;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.compute.internal.placement.Demand;
import fabric.compute.internal.placement.ExhaustivePlacer;
import fabric.compute.internal.placement.Fleet;
import fabric.compute.internal.placement.PlacementRequest;
import fabric.compute.internal.placement.Placer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides where VMs move (an operator's migration, a drain) and whether a VM may grow in place; moves nothing. */
final class MovePlanner {

    private final ComputeState state;
    private final Fleet fleet;
    private final Placer placer;
    private final ExhaustivePlacer reference;

    MovePlanner(ComputeState state, Placer placer, ExhaustivePlacer reference) {
        this.state = state;
        this.fleet = state.fleet;
        this.placer = placer;
        this.reference = reference;
    }

    /** Finds a node for each VM in turn, as if the earlier ones had moved; moves nothing. */
    Map<VmRecord, NodeId> plan(List<VmRecord> victims, int from) {
        Map<VmRecord, NodeId> plan = new LinkedHashMap<>();
        List<Demand> moved = new ArrayList<>();
        try {
            for (VmRecord r : victims) {
                Demand d = r.demand();
                fleet.remove(d.vm());
                PlacementRequest request = new PlacementRequest(d, fleet.unitOf(from), false);
                int target = placer.choose(request);
                if (target < 0) {
                    String why = reference.explain(request).rejections();
                    fleet.place(d, from);
                    throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "cannot drain " + fleet.nodeId(from)
                            + ": vm " + d.vm() + " has nowhere to go (" + why + "); nothing was moved");
                }
                fleet.place(d, target);
                moved.add(d);
                plan.put(r, fleet.nodeId(target));
            }
        } finally {
            for (Demand d : moved) {
                fleet.remove(d.vm());
                fleet.place(d, from);
            }
        }
        return plan;
    }

    /**
     * Chooses the node an operator's migration goes to: the one asked for if every rule but node
     * state of the source allows it, else placement's choice within the VM's scale unit.
     *
     * @param r the VM, holding capacity on its node
     * @param wanted the node asked for, if any
     * @return the target
     * @throws FabricException {@code INSUFFICIENT_CAPACITY} with the reason
     */
    NodeId target(VmRecord r, Optional<NodeId> wanted) {
        String vm = r.spec.name();
        int source = fleet.node(r.node);
        PlacementRequest request = new PlacementRequest(r.demand(), fleet.unitOf(source), true);
        fleet.remove(vm);
        fleet.setDraining(source, true);
        try {
            if (wanted.isPresent()) {
                NodeVerdict verdict = reference.explain(request).nodes().get(fleet.node(wanted.get()));
                if (!verdict.eligible()) {
                    throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "vm " + vm + " cannot move to "
                            + wanted.get() + ": " + verdict.rejection());
                }
                return wanted.get();
            }
            int chosen = placer.choose(request);
            if (chosen < 0) {
                throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "no node can take vm " + vm + ": "
                        + reference.explain(request).rejections());
            }
            return fleet.nodeId(chosen);
        } finally {
            fleet.setDraining(source, false);
            fleet.place(r.demand(), source);
        }
    }

    /**
     * @param node a node's number
     * @return the VMs holding capacity on it, in restart order
     */
    List<VmRecord> victims(int node) {
        List<VmRecord> victims = new ArrayList<>();
        for (Demand d : fleet.hosted(node)) {
            victims.add(state.vm(d.vm()));
        }
        victims.sort(VmRecord.RESTART_ORDER);
        return victims;
    }

    /**
     * Checks that a stopped VM may take a new size on its node under every rule.
     *
     * @param r the VM
     * @param after its new demand
     * @throws FabricException {@code INSUFFICIENT_CAPACITY} with the node's rejection
     */
    void requireFitsInPlace(VmRecord r, Demand after) {
        int node = fleet.node(r.node);
        Demand before = r.demand();
        fleet.remove(before.vm());
        NodeVerdict verdict;
        try {
            verdict = reference.explain(new PlacementRequest(after, fleet.unitOf(node), true)).nodes().get(node);
        } finally {
            fleet.place(before, node);
        }
        if (!verdict.eligible()) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "vm " + before.vm() + " cannot have "
                    + after.vcpus() + " vCPU and " + ByteSize.ofBytes(after.memoryBytes()) + " on " + r.node + ": "
                    + verdict.rejection());
        }
    }
}
