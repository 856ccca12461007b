package fabric.api.lifecycle;

import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The plan for one node (one fault domain). Nodes are updated one at a time, in plan order.
 *
 * @param node the node
 * @param baseline the baseline it is brought to, or {@code null} when it is skipped
 * @param steps its steps, in order; empty when it is skipped
 * @param estimate the sum of the steps' estimates that exist
 * @param skipped why the node is not updated (compliant already, incompatible, waiting for its
 *        provider), or empty
 */
public record NodePlan(NodeId node, String baseline, List<PlannedStep> steps, Duration estimate, String skipped) {

    /** Checks the fields and copies the list. */
    public NodePlan {
        Objects.requireNonNull(node, "node");
        steps = List.copyOf(steps);
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(skipped, "skipped");
    }
}
