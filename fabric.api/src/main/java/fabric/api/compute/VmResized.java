package fabric.api.compute;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: a stopped VM was given a new size.
 *
 * @param vm the VM's name
 * @param vcpus the new virtual processors
 * @param memoryBytes the new memory in bytes
 */
public record VmResized(String vm, int vcpus, long memoryBytes) {

    /** The event's type in the journal. */
    public static final EventType<VmResized> TYPE = EventType.of("compute.vm-resized", VmResized.class);

    /** Validates the name. */
    public VmResized {
        Objects.requireNonNull(vm, "vm");
    }
}
