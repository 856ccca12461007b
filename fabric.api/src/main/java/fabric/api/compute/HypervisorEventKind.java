package fabric.api.compute;

/** What happened to a VM on a hypervisor. */
public enum HypervisorEventKind {
    /** The VM was defined on the node. */
    DEFINED,
    /** The guest booted. */
    STARTED,
    /** The guest shut down. */
    STOPPED,
    /** The VM left the node by live migration. */
    MIGRATED_OUT,
    /** The VM arrived on the node by live migration. */
    MIGRATED_IN,
    /** The VM was removed from the node. */
    UNDEFINED,
    /** The guest stopped without being asked. */
    CRASHED
}
