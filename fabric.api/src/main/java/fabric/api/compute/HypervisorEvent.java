package fabric.api.compute;

import fabric.api.core.NodeId;
import java.util.Objects;

/**
 * Something a hypervisor did to one of its VMs.
 *
 * @param node the hypervisor's node
 * @param vm the VM's name
 * @param kind what happened
 * @param detail more, in words; may be empty
 */
public record HypervisorEvent(NodeId node, String vm, HypervisorEventKind kind, String detail) {

    /** Validates every part. */
    public HypervisorEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
