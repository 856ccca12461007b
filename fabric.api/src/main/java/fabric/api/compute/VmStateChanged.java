package fabric.api.compute;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: a VM changed state.
 *
 * @param vm the VM's name
 * @param from the state before
 * @param to the state after; the transition is one {@link VmState#next()} allows
 * @param node the node hosting the VM after the change, or empty for none
 * @param reason why, in words; may be empty
 */
public record VmStateChanged(String vm, VmState from, VmState to, String node, String reason) {

    /** The event's type in the journal. */
    public static final EventType<VmStateChanged> TYPE =
            EventType.of("compute.vm-state-changed", VmStateChanged.class);

    /** Validates every part and the transition. */
    public VmStateChanged {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
        if (!from.canChangeTo(to)) {
            throw new IllegalArgumentException("vm " + vm + ": " + from + " cannot become " + to);
        }
    }
}
