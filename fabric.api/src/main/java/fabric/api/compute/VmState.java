package fabric.api.compute;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a VM. Only the transitions of {@link #next()} are allowed; {@link #DELETED} is final.
 *
 * <pre>
 * CREATING -&gt; STOPPED | FAILED
 * STOPPED  -&gt; STARTING | DELETED | FAILED (its node failed)
 * STARTING -&gt; RUNNING | FAILED
 * RUNNING  -&gt; STOPPING | MIGRATING | FAILED
 * MIGRATING-&gt; RUNNING | FAILED
 * STOPPING -&gt; STOPPED | FAILED
 * FAILED   -&gt; STARTING | STOPPED | DELETED
 * </pre>
 */
public enum VmState {
    /** Being defined on its node. */
    CREATING,
    /** Defined and holding its node's capacity, not running (Azure's "stopped, allocated"). */
    STOPPED,
    /** Booting. */
    STARTING,
    /** Running. */
    RUNNING,
    /** Running while being live-migrated to another node. */
    MIGRATING,
    /** Shutting down. */
    STOPPING,
    /** Not running because its node failed or no node could take it; the reason says which. */
    FAILED,
    /** Gone. */
    DELETED;

    /** @return the states this state may change to */
    public Set<VmState> next() {
        return switch (this) {
            case CREATING -> EnumSet.of(STOPPED, FAILED);
            case STOPPED -> EnumSet.of(STARTING, DELETED, FAILED);
            case STARTING -> EnumSet.of(RUNNING, FAILED);
            case RUNNING -> EnumSet.of(STOPPING, MIGRATING, FAILED);
            case MIGRATING -> EnumSet.of(RUNNING, FAILED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case FAILED -> EnumSet.of(STARTING, STOPPED, DELETED);
            case DELETED -> EnumSet.noneOf(VmState.class);
        };
    }

    /**
     * @param to a state
     * @return whether this state may change to it
     */
    public boolean canChangeTo(VmState to) {
        return next().contains(to);
    }

    /**
     * Checks a transition.
     *
     * @param vm the VM's name, for the message
     * @param to the state it is to change to
     * @throws FabricException {@code FAILED_PRECONDITION} naming both states when the transition is not allowed
     */
    public void requireChangeTo(String vm, VmState to) {
        if (!canChangeTo(to)) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " is " + this
                    + " and cannot become " + to + " (allowed: " + next() + ")");
        }
    }

    /** @return whether a VM in this state holds capacity on its node */
    public boolean holdsCapacity() {
        return this != FAILED && this != DELETED;
    }

    /** @return whether the VM's guest runs in this state */
    public boolean running() {
        return this == RUNNING || this == MIGRATING || this == STOPPING;
    }
}
