package fabric.api.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * The compute capacity to drain one node: what it runs, what the other up nodes have free, and
 * where its VMs would fit (first fit, largest memory first, against the compute service's allocations).
 *
 * @param reserveHeld whether the compute service reports the N-1 failover reserve held now
 * @param vmsToMove VMs holding capacity on the node
 * @param vcpusToMove their virtual processors
 * @param memoryToMove their memory, in bytes
 * @param vcpusFreeElsewhere free virtual processors on the other up nodes
 * @param memoryFreeElsewhere free memory on the other up nodes, in bytes
 * @param unplaceable the node's VMs that fit on no other up node, by name
 * @param reserveAfterDrain whether, with the node drained, the remaining nodes could still absorb
 *        the loss of any one of them (aggregate vCPU and memory)
 */
public record Headroom(boolean reserveHeld, int vmsToMove, long vcpusToMove, long memoryToMove,
        long vcpusFreeElsewhere, long memoryFreeElsewhere, List<String> unplaceable, boolean reserveAfterDrain) {

    /** Checks the figures and copies the list. */
    public Headroom {
        if (vmsToMove < 0 || vcpusToMove < 0 || memoryToMove < 0) {
            throw new IllegalArgumentException("headroom: negative demand");
        }
        unplaceable = List.copyOf(Objects.requireNonNull(unplaceable, "unplaceable"));
    }

    /** @return free virtual processors elsewhere once the node's VMs moved there; negative when short */
    public long vcpusLeftAfterDrain() {
        return vcpusFreeElsewhere - vcpusToMove;
    }

    /** @return free memory elsewhere once the node's VMs moved there, in bytes; negative when short */
    public long memoryLeftAfterDrain() {
        return memoryFreeElsewhere - memoryToMove;
    }
}
