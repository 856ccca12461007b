package fabric.api.lifecycle;

import fabric.api.core.FabricException;
import fabric.api.core.Names;
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
 * @param preHooks the {@link UpdateHook}s called before each node's update, by name, in order; each
 *        a valid name, at most once
 * @param postHooks the {@link UpdateHook}s called after each node's update, by name, in order; each
 *        a valid name, at most once
 * @param hookTimeout how long one hook call may take before its step fails; positive
 * @since 1.2.0 (hooks)
 */
public record RunSettings(int maxFailedNodes, int retriesPerNode, List<NodeId> nodeOrder, Duration rebootTimeout,
        DrainPolicy drainPolicy, String packageDirectory, List<String> preHooks, List<String> postHooks,
        Duration hookTimeout) {

    /** How long a hook call may take unless the settings say otherwise: 10 minutes. */
    public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofMinutes(10);

    /** Checks every field and copies the lists. */
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
        preHooks = hooks("preHooks", preHooks);
        postHooks = hooks("postHooks", postHooks);
        if (hookTimeout == null || hookTimeout.isNegative() || hookTimeout.isZero()) {
            throw FabricException.invalid("hookTimeout", "must be positive");
        }
    }

    /**
     * Settings without hooks (as before 1.2.0).
     *
     * @param maxFailedNodes see the record
     * @param retriesPerNode see the record
     * @param nodeOrder see the record
     * @param rebootTimeout see the record
     * @param drainPolicy see the record
     * @param packageDirectory see the record
     */
    public RunSettings(int maxFailedNodes, int retriesPerNode, List<NodeId> nodeOrder, Duration rebootTimeout,
            DrainPolicy drainPolicy, String packageDirectory) {
        this(maxFailedNodes, retriesPerNode, nodeOrder, rebootTimeout, drainPolicy, packageDirectory, List.of(),
                List.of(), DEFAULT_HOOK_TIMEOUT);
    }

    private static List<String> hooks(String field, List<String> names) {
        List<String> copy = List.copyOf(Objects.requireNonNull(names, field));
        for (int i = 0; i < copy.size(); i++) {
            Names.require(field, copy.get(i));
            if (copy.indexOf(copy.get(i)) != i) {
                throw FabricException.invalid(field, "hook '" + copy.get(i) + "' is named twice");
            }
        }
        return copy;
    }

    /**
     * @param pre the hooks called before each node's update
     * @param post the hooks called after each node's update
     * @param timeout how long one call may take
     * @return these settings with those hooks
     * @since 1.2.0
     */
    public RunSettings withHooks(List<String> pre, List<String> post, Duration timeout) {
        return new RunSettings(maxFailedNodes, retriesPerNode, nodeOrder, rebootTimeout, drainPolicy, packageDirectory,
                pre, post, timeout);
    }

    /**
     * @param packageDirectory where the package files are
     * @return no failed node allowed, one retry, topology order, 30 minutes per reboot, abort on a
     *         drain that cannot move everything, no hooks
     */
    public static RunSettings defaults(String packageDirectory) {
        return new RunSettings(0, 1, List.of(), Duration.ofMinutes(30), DrainPolicy.ABORT, packageDirectory);
    }
}
