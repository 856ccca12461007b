package fabric.api.lifecycle;

import fabric.api.core.ScaleUnitId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A dry run: the ordered update of a scale unit to a target baseline, node by node, never more than
 * one node out of service. Computing it changes nothing.
 *
 * @param scaleUnit the scale unit
 * @param requestedBaseline the baseline asked for, or {@code null} for each model's newest
 * @param nodes the nodes in update order, skipped ones included
 * @param estimate the sum of every estimate that exists
 * @param notEstimated what the estimate leaves out, one line each (such as drain and resync
 *        durations the fabric cannot predict yet); empty when the estimate is complete
 */
public record UpdatePlan(ScaleUnitId scaleUnit, String requestedBaseline, List<NodePlan> nodes, Duration estimate,
        List<String> notEstimated) {

    /** Checks the fields and copies the lists. */
    public UpdatePlan {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(estimate, "estimate");
        notEstimated = List.copyOf(notEstimated);
    }
}
