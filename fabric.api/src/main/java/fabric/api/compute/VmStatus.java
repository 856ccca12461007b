package fabric.api.compute;

import fabric.api.core.NodeId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The live state of a VM.
 *
 * @param spec what the VM is
 * @param state where it is in its life
 * @param node the node that hosts it; empty when it is failed without a node
 * @param reason why it is in this state, in words; empty when there is nothing to say
 * @param since when it entered this state
 * @param faultDomain its fault-domain index in its availability set, or {@code -1} outside a set
 * @param updateDomain its update-domain index in its availability set, or {@code -1} outside a set
 */
public record VmStatus(VmSpec spec, VmState state, Optional<NodeId> node, String reason, Instant since,
        int faultDomain, int updateDomain) {

    /** Validates every part. */
    public VmStatus {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        if (faultDomain < -1 || updateDomain < -1 || (faultDomain < 0) != spec.availabilitySet().isEmpty()
                || (updateDomain < 0) != spec.availabilitySet().isEmpty()) {
            throw new IllegalArgumentException("vm " + spec.name()
                    + ": fault and update domains are set exactly for members of an availability set");
        }
        if (state.holdsCapacity() && node.isEmpty()) {
            throw new IllegalArgumentException("vm " + spec.name() + " is " + state + " without a node");
        }
    }

    /** @return the VM's name */
    public String name() {
        return spec.name();
    }
}
