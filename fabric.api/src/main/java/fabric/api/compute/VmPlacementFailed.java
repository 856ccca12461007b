package fabric.api.compute;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: no node could take a failed VM (after a node failure, or on a retry); it stays
 * failed, with this reason.
 *
 * @param vm the VM's name
 * @param reason why, in words: every node's rejection
 */
public record VmPlacementFailed(String vm, String reason) {

    /** The event's type in the journal. */
    public static final EventType<VmPlacementFailed> TYPE =
            EventType.of("compute.vm-placement-failed", VmPlacementFailed.class);

    /** Validates both parts. */
    public VmPlacementFailed {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(reason, "reason");
    }
}
