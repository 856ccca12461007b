package fabric.compute.internal.engine;

import fabric.api.compute.Hypervisor;
import fabric.api.compute.VmPlacementFailed;
import fabric.api.compute.VmState;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.compute.internal.placement.Demand;
import fabric.compute.internal.placement.ExhaustivePlacer;
import fabric.compute.internal.placement.Fleet;
import fabric.compute.internal.placement.PlacementRequest;
import fabric.compute.internal.placement.Placer;
import java.util.ArrayList;
import java.util.List;

/**
 * What compute does when VMs lose their node: fail them (a fact, journaled even without quorum) and
 * place them again, high priority first, spending the N-1 reserve. Callers hold the engine's lock.
 */
final class Failover {

    private final ComputeState state;
    private final Fleet fleet;
    private final Placer placer;
    private final ExhaustivePlacer reference;
    private final Changes changes;

    Failover(ComputeState state, Placer placer, ExhaustivePlacer reference, Changes changes) {
        this.state = state;
        this.fleet = state.fleet;
        this.placer = placer;
        this.reference = reference;
        this.changes = changes;
    }

    /** A node is gone: its VMs fail (a fact, recorded even without quorum). */
    void failVmsOn(int node, String reason) {
        List<VmRecord> victims = new ArrayList<>();
        for (Demand d : fleet.hosted(node)) {
            victims.add(state.vm(d.vm()));
        }
        victims.sort(VmRecord.RESTART_ORDER);
        Hypervisor driver = changes.driver(fleet.nodeId(node));
        for (VmRecord r : victims) {
            forget(driver, r.spec.name());
            changes.transition(r, VmState.FAILED, null, reason);
        }
    }

    /** The node is gone: its driver forgets the VM, if it still knows it. */
    private static void forget(Hypervisor driver, String vm) {
        try {
            if (driver.endpoint(vm).running()) {
                driver.stop(vm);
            }
            driver.undefine(vm);
        } catch (FabricException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Places every failed VM of a scale unit with quorum again, high priority first, spending the N-1
     * reserve; those that find no node stay failed with the reason (journaled when it changed). Runs
     * after every membership change and every operation that changed placements, so a failed VM comes
     * back as soon as there is room and its reason is always current.
     */
    void restartFailed() {
        List<VmRecord> failed = new ArrayList<>();
        for (VmRecord r : state.vms.values()) {
            if (r.state == VmState.FAILED && r.lastNode != null && fleet.quorum(fleet.unitOf(fleet.node(r.lastNode)))) {
                failed.add(r);
            }
        }
        failed.sort(VmRecord.RESTART_ORDER);
        for (VmRecord r : failed) {
            PlacementRequest request = new PlacementRequest(r.demand(), fleet.unitOf(fleet.node(r.lastNode)), false);
            int node = placer.choose(request);
            if (node < 0) {
                String reason = "no node can restart it: " + reference.explain(request).rejections();
                if (!reason.equals(r.reason) && !r.reason.endsWith(reason)) {
                    changes.record(VmPlacementFailed.TYPE, new VmPlacementFailed(r.spec.name(), reason));
                }
                continue;
            }
            NodeId target = fleet.nodeId(node);
            changes.driver(target).define(r.spec);
            if (r.wantsRunning) {
                changes.transition(r, VmState.STARTING, target, "restarted after: " + r.reason);
                changes.driver(target).start(r.spec.name());
                changes.transition(r, VmState.RUNNING, target, "restarted on " + target);
            } else {
                changes.transition(r, VmState.STOPPED, target, "re-homed on " + target);
            }
        }
    }
}
