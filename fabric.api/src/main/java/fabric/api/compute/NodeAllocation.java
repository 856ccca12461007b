package fabric.api.compute;

import fabric.api.core.NodeId;
import fabric.api.topology.NodeState;
import java.util.Objects;

/**
 * What a node offers to VMs and what its VMs hold.
 *
 * @param node the node
 * @param state its membership state
 * @param vcpuCapacity virtual processors it offers (logical processors times the overcommit ratio)
 * @param vcpuUsed virtual processors its VMs hold
 * @param memoryCapacity memory it offers to VMs, in bytes
 * @param memoryUsed memory its VMs hold, in bytes
 * @param vms how many VMs it hosts
 */
public record NodeAllocation(NodeId node, NodeState state, long vcpuCapacity, long vcpuUsed, long memoryCapacity,
        long memoryUsed, int vms) {

    /** Validates every part. */
    public NodeAllocation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        if (vcpuCapacity < 0 || vcpuUsed < 0 || memoryCapacity < 0 || memoryUsed < 0 || vms < 0) {
            throw new IllegalArgumentException("node " + node + ": negative allocation");
        }
    }
}
