package fabric.api.compute;

/**
 * The order in which VMs are restarted after a node failure, as in Azure Stack HCI: all high
 * priority VMs first, then medium, then low.
 */
public enum VmPriority {
    /** Restarted first. */
    HIGH,
    /** The default. */
    MEDIUM,
    /** Restarted last. */
    LOW
}
