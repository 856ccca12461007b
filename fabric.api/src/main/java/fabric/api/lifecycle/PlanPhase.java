package fabric.api.lifecycle;

/** Where a planned step sits in the update of one node. */
public enum PlanPhase {
    /** Checks before the node is touched: quorum, N-1 capacity, storage health. */
    PRE_CHECK,
    /** An operator's pre-update hook ({@link UpdateHook#beforeUpdate}), before the node is touched. */
    PRE_HOOK,
    /** A vendor step that runs while the node still serves workloads (staging, BMC update). */
    ONLINE,
    /** Live-migrate the node's VMs away. */
    DRAIN,
    /** Pause the node and put its storage into maintenance. */
    ENTER_MAINTENANCE,
    /** A vendor step that needs the node out of service. */
    OFFLINE,
    /** Check that the inventory shows every target version. */
    POST_CHECK,
    /** Resume the node and its storage. */
    EXIT_MAINTENANCE,
    /** Wait until the storage resynchronised what the node missed. */
    STORAGE_RESYNC,
    /** An operator's post-update hook ({@link UpdateHook#afterUpdate}), once the node is back and in sync. */
    POST_HOOK
}
