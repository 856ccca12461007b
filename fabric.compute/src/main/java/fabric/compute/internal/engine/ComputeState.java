package fabric.compute.internal.engine;

import fabric.api.compute.AvailabilitySetCreated;
import fabric.api.compute.AvailabilitySetSpec;
import fabric.api.compute.VmDefined;
import fabric.api.compute.VmMigrated;
import fabric.api.compute.VmPlacementFailed;
import fabric.api.compute.VmResized;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStateChanged;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.JournalRecord;
import fabric.compute.internal.placement.Fleet;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compute's state as a fold over its journal events: the same {@link #apply} runs for a live change
 * (right after it was journaled) and for replay at start-up, so both end in the same state. Keeps
 * the fleet's placements in step: a VM holds capacity on its node in every state but failed and
 * deleted.
 */
final class ComputeState {

    final Fleet fleet;
    final Map<String, VmRecord> vms = new TreeMap<>();
    final Map<String, AvailabilitySetSpec> sets = new TreeMap<>();

    ComputeState(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * @param record a journal record of any area
     * @throws FabricException {@code INTERNAL} when a compute event cannot be read or applied
     */
    void apply(JournalRecord record) {
        try {
            record.as(AvailabilitySetCreated.TYPE).ifPresent(e -> apply(e, record.time()));
            record.as(VmDefined.TYPE).ifPresent(e -> apply(e, record.time()));
            record.as(VmStateChanged.TYPE).ifPresent(e -> apply(e, record.time()));
            record.as(VmMigrated.TYPE).ifPresent(e -> apply(e, record.time()));
            record.as(VmResized.TYPE).ifPresent(e -> apply(e, record.time()));
            record.as(VmPlacementFailed.TYPE).ifPresent(e -> apply(e, record.time()));
        } catch (RuntimeException e) {
            throw new FabricException(ErrorCode.INTERNAL, "journal event " + record.index() + " (" + record.type()
                    + ") cannot be applied: " + e.getMessage(), e);
        }
    }

    void apply(AvailabilitySetCreated e, Instant time) {
        sets.put(e.name(), e.spec());
    }

    void apply(VmDefined e, Instant time) {
        VmRecord r = new VmRecord(e.spec(), e.faultDomain(), e.updateDomain(), time);
        vms.put(e.vm(), r);
    }

    void apply(VmStateChanged e, Instant time) {
        VmRecord r = vm(e.vm());
        if (r.state != e.from()) {
            throw new IllegalStateException("vm " + e.vm() + " is " + r.state + ", the event says " + e.from());
        }
        r.state = e.to();
        r.reason = e.reason();
        r.since = time;
        if (e.to() == VmState.STARTING) {
            r.wantsRunning = true;
        } else if (e.to() == VmState.STOPPING || (e.from() == VmState.FAILED && e.to() == VmState.STOPPED)) {
            r.wantsRunning = false;
        }
        NodeId node = e.node().isEmpty() ? null : NodeId.of(e.node());
        if (r.node != null) {
            r.lastNode = r.node;
        }
        r.node = node;
        if (e.to() == VmState.DELETED) {
            fleet.remove(e.vm());
            vms.remove(e.vm());
            return;
        }
        Fleet.Placed placed = fleet.placement(e.vm());
        if (!e.to().holdsCapacity() || node == null) {
            fleet.remove(e.vm());
        } else if (placed == null || placed.node() != fleet.node(node)) {
            fleet.remove(e.vm());
            fleet.place(r.demand(), requireNode(node));
        }
    }

    void apply(VmMigrated e, Instant time) {
        VmRecord r = vm(e.vm());
        NodeId to = NodeId.of(e.to());
        r.lastNode = r.node;
        r.node = to;
        fleet.remove(e.vm());
        fleet.place(r.demand(), requireNode(to));
    }

    void apply(VmResized e, Instant time) {
        VmRecord r = vm(e.vm());
        r.spec = r.spec.resized(e.vcpus(), ByteSize.ofBytes(e.memoryBytes()));
        if (fleet.remove(e.vm()) != null) {
            fleet.place(r.demand(), requireNode(r.node));
        }
    }

    void apply(VmPlacementFailed e, Instant time) {
        vm(e.vm()).reason = e.reason();
    }

    private int requireNode(NodeId node) {
        int index = fleet.node(node);
        if (index < 0) {
            throw new IllegalStateException("node " + node + " is not in the topology");
        }
        return index;
    }

    VmRecord vm(String name) {
        VmRecord r = vms.get(name);
        if (r == null) {
            throw FabricException.notFound("vm", name);
        }
        return r;
    }
}
