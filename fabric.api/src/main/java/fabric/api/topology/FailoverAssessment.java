package fabric.api.topology;

import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "could every running workload be re-hosted if any one node failed?" (N-1).
 *
 * @param scaleUnit the scale unit assessed
 * @param outcomes one outcome per node that holds workloads and could be lost, in node order
 */
public record FailoverAssessment(ScaleUnitId scaleUnit, List<NodeLossOutcome> outcomes) {

    /** Validates and copies. */
    public FailoverAssessment {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        outcomes = List.copyOf(outcomes);
    }

    /** @return whether the loss of any single node leaves every workload re-hostable */
    public boolean tolerant() {
        return outcomes.stream().allMatch(NodeLossOutcome::rehostable);
    }

    /** @return the first node whose loss would strand workloads, if any */
    public Optional<NodeLossOutcome> firstFailure() {
        return outcomes.stream().filter(o -> !o.rehostable()).findFirst();
    }
}
