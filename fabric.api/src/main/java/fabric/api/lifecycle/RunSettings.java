package fabric.api.lifecycle;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of an update run, as operators know them from Cluster-Aware Updating.
 *
 * @param maxFailedNodes how many nodes may fail (and be left as they were) before the run stops; a
 *        node that failed after it was drained always stops the run, so two nodes are never out
 * @param retriesPerNode how many times a failed step is tried again on one node before the node fails
 * @param nodeOrder the order of the nodes; empty for the topology's order; otherwise every node of
 *        the scale unit exactly once
 * @param rebootTimeout how long a reboot may take before the step fails; positive
 * @param drainPolicy what to do when the VMs of a node cannot all be live-migrated
 * @param packageDirectory the directory holding the firmware package files ({@code <packageId>.fwpkg})
 */
public record RunSettings(int maxFailedNodes, int retriesPerNode, List<NodeId> nodeOrder, Duration rebootTimeout,
        DrainPolicy drainPolicy, String packageDirectory) {

    /** Checks every field and copies the list. */
    public RunSettings {
        if (maxFailedNodes < 0) {
            throw FabricException.invalid("maxFailedNodes", "must not be negative");
        }
        if (retriesPerNode < 0) {
            throw FabricException.invalid("retriesPerNode", "must not be negative");
        }
        nodeOrder = List.copyOf(nodeOrder);
        if (nodeOrder.stream().distinct().count() != nodeOrder.size()) {
            throw FabricException.invalid("nodeOrder", "a node is named twice");
        }
        if (rebootTimeout == null || rebootTimeout.isNegative() || rebootTimeout.isZero()) {
            throw FabricException.invalid("rebootTimeout", "must be positive");
        }
        Objects.requireNonNull(drainPolicy, "drainPolicy");
        if (packageDirectory == null || packageDirectory.isBlank()) {
            throw FabricException.invalid("packageDirectory", "a directory is required");
        }
    }

    /**
     * @param packageDirectory where the package files are
     * @return no failed node allowed, one retry, topology order, 30 minutes per reboot, abort on a
     *         drain that cannot move everything
     */
    public static RunSettings defaults(String packageDirectory) {
        return new RunSettings(0, 1, List.of(), Duration.ofMinutes(30), DrainPolicy.ABORT, packageDirectory);
    }
}
