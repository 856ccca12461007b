package fabric.api.lifecycle;

import fabric.api.core.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * A node against the target baseline.
 *
 * @param node the node
 * @param vendor its vendor key, from the topology
 * @param model its model, from the topology
 * @param baseline the name of the baseline it is judged against, or {@code null} when there is none
 *        (no provider, or no such certified baseline for the model)
 * @param status the worst of its components' statuses, or {@code UNAVAILABLE}
 * @param detail one line: empty when all is well, otherwise what stands out, such as
 *        {@code waiting for provider dell}
 * @param components each component, in the profile's order
 */
public record NodeCompliance(NodeId node, String vendor, String model, String baseline, ComplianceStatus status,
        String detail, List<ComponentCompliance> components) {

    /** Checks the fields and copies the list. */
    public NodeCompliance {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        components = List.copyOf(components);
    }
}
