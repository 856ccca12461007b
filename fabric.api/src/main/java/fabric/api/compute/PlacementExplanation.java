package fabric.api.compute;

import fabric.api.core.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a VM is, or would be, placed where it is: every node of the region with its verdict.
 *
 * @param vm the VM's name
 * @param nodes one verdict per node, in declared order
 * @param chosen the node placement picks; empty when every node rejected the VM
 */
public record PlacementExplanation(String vm, List<NodeVerdict> nodes, Optional<NodeId> chosen) {

    /** Validates and copies. */
    public PlacementExplanation {
        Objects.requireNonNull(vm, "vm");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(chosen, "chosen");
    }

    /** @return the rejections in one line, such as {@code node-1: not up; node-2: no memory} */
    public String rejections() {
        StringBuilder sb = new StringBuilder();
        for (NodeVerdict v : nodes) {
            if (!v.eligible()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(v.node()).append(": ").append(v.rejection());
            }
        }
        return sb.toString();
    }
}
