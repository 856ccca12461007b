package fabric.compute.internal.engine;

import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.NodeId;
import fabric.compute.internal.placement.Demand;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** A VM as compute keeps it: the status fields plus what a restart needs to know. */
final class VmRecord {

    /** The order of restarts and drains: high priority first, then by name. */
    static final Comparator<VmRecord> RESTART_ORDER = Comparator.<VmRecord, Integer>comparing(
            r -> r.spec.priority().ordinal()).thenComparing(r -> r.spec.name());

    VmSpec spec;
    VmState state = VmState.CREATING;
    NodeId node;
    NodeId lastNode;
    String reason = "";
    Instant since;
    final int faultDomain;
    final int updateDomain;
    /** Whether the operator wants it running: restarts after a failure bring back only those. */
    boolean wantsRunning;

    VmRecord(VmSpec spec, int faultDomain, int updateDomain, Instant since) {
        this.spec = spec;
        this.faultDomain = faultDomain;
        this.updateDomain = updateDomain;
        this.since = since;
    }

    Demand demand() {
        return Demand.of(spec, faultDomain, updateDomain);
    }

    VmStatus status() {
        return new VmStatus(spec, state, Optional.ofNullable(node), reason, since, faultDomain, updateDomain);
    }
}
