package fabric.api.topology;

/**
 * The membership state of a node in its scale unit.
 *
 * <p>{@link #UP} and {@link #MAINTENANCE} nodes hold their quorum vote; {@link #DOWN} and
 * {@link #ISOLATED} nodes do not.
 */
public enum NodeState {
    /** Running and a full member: hosts workloads and storage. */
    UP,
    /** Stopped, crashed or unreachable; its workloads must be restarted elsewhere. */
    DOWN,
    /** Paused by an operator or an update run: drained of workloads, still a voting member. */
    MAINTENANCE,
    /**
     * Running but cut off from the other members (for example its cluster network failed); it
     * keeps its workloads for a grace period but has no vote.
     */
    ISOLATED;

    /** @return whether a node in this state holds its quorum vote */
    public boolean votes() {
        return this == UP || this == MAINTENANCE;
    }

    /** @return whether new workloads may be placed on a node in this state */
    public boolean acceptsWorkloads() {
        return this == UP;
    }
}
