package fabric.api.compute;

/**
 * What a node's hypervisor offers to VMs.
 *
 * @param logicalProcessors the node's logical processors; positive
 * @param vcpuOvercommit virtual processors per logical processor; at least 1
 * @param memoryBytes memory for VMs, in bytes; positive
 */
public record HypervisorCapacity(int logicalProcessors, double vcpuOvercommit, long memoryBytes) {

    /** Validates every part. */
    public HypervisorCapacity {
        if (logicalProcessors <= 0 || memoryBytes <= 0 || !(vcpuOvercommit >= 1) || vcpuOvercommit > 64) {
            throw new IllegalArgumentException("a hypervisor offers positive processors and memory and an"
                    + " overcommit ratio of 1 to 64, not " + logicalProcessors + ", " + memoryBytes + ", "
                    + vcpuOvercommit);
        }
    }

    /** @return the virtual processors VMs may hold in all: logical processors times the ratio, rounded down */
    public long vcpus() {
        return (long) Math.floor(logicalProcessors * vcpuOvercommit);
    }
}
