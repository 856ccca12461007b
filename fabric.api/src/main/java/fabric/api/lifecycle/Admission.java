package fabric.api.lifecycle;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.topology.NodeState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a node may be taken down now, with the figures: its scale unit's quorum with and without
 * it, the N-1 headroom to drain it, and each volume of the scale unit's pool.
 *
 * @param node the node asked about
 * @param scaleUnit its scale unit
 * @param state the node's state now
 * @param quorum the votes with and without the node
 * @param headroom the compute capacity to drain it
 * @param bytesOnNode bytes used on the node's disks of the pool (every volume together); 0 without a pool
 * @param volumes each volume of the pool, by name; empty without a pool
 * @param reasons every reason it is unsafe, in the order the update run's pre-check weighs them; empty when safe
 * @param storage what the storage engine says taking the node out would do, slab by slab, with the
 *        pool's write rate and its resync work and rate; empty without a pool or when the node holds
 *        none of its disks
 */
public record Admission(NodeId node, ScaleUnitId scaleUnit, NodeState state, QuorumMargin quorum, Headroom headroom,
        long bytesOnNode, List<VolumeAdmission> volumes, List<AdmissionReason> reasons,
        Optional<MaintenanceImpact> storage) {

    /** Checks the fields and copies the lists. */
    public Admission {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(headroom, "headroom");
        if (bytesOnNode < 0) {
            throw new IllegalArgumentException("admission of " + node + ": negative bytes on the node");
        }
        volumes = List.copyOf(volumes);
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(storage, "storage");
    }

    /**
     * An admission without the storage engine's figures (the form of version 1.0).
     *
     * @param node the node asked about
     * @param scaleUnit its scale unit
     * @param state the node's state now
     * @param quorum the votes with and without the node
     * @param headroom the compute capacity to drain it
     * @param bytesOnNode bytes used on the node's disks of the pool
     * @param volumes each volume of the pool
     * @param reasons every reason it is unsafe
     */
    public Admission(NodeId node, ScaleUnitId scaleUnit, NodeState state, QuorumMargin quorum, Headroom headroom,
            long bytesOnNode, List<VolumeAdmission> volumes, List<AdmissionReason> reasons) {
        this(node, scaleUnit, state, quorum, headroom, bytesOnNode, volumes, reasons, Optional.empty());
    }

    /** @return {@code SAFE} when there is no reason against it, {@code UNSAFE} otherwise */
    public AdmissionVerdict verdict() {
        return reasons.isEmpty() ? AdmissionVerdict.SAFE : AdmissionVerdict.UNSAFE;
    }
}
